using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>What a short link opens: the owner's tracking page (<c>t</c>) or a technician's task page (<c>w</c>).</summary>
public static class LinkKinds
{
    public const string Tracking = "t";
    public const string Task = "w";
}

/// <summary>A short link's target. A task link also names the staff phone it was sent to and the dispatch it belongs to.</summary>
public sealed record ShortLink(string Code, string Kind, string Community, string TicketId, string? Phone = null, int? Dispatch = null);

/// <summary>Where short links are kept (table Links, PartitionKey = the code).</summary>
public interface ILinkStore
{
    /// <summary>Stores the link; storing the same link again changes nothing. A task link also becomes its phone's latest.</summary>
    Task SaveAsync(ShortLink link, CancellationToken ct);

    Task<ShortLink?> FindAsync(string code, CancellationToken ct);

    /// <summary>The task link most recently sent to a staff phone: what a bare "JD" or "WC" reply is about.</summary>
    Task<ShortLink?> LatestTaskAsync(string phone, CancellationToken ct);
}

/// <summary>
/// Short codes for the links in SMS: <c>{PublicBaseUrl}/t/{code}</c> and <c>…/w/{code}</c>. A code is 10 base64url
/// characters (60 bits) of an HMAC under the desk's secret, so it cannot be guessed, the same link always gets the same
/// code (a resent SMS repeats its link), and the ticket's full token never travels in an SMS.
/// </summary>
public sealed class TicketLinks(byte[] key)
{
    public const int CodeLength = ShortCodes.Length;

    public ShortLink Tracking(string community, string ticketId) =>
        new(Code("t:" + ticketId), LinkKinds.Tracking, community, ticketId);

    /// <param name="dispatch">The history sequence of the dispatch, so a later dispatch to the same person gets a new link.</param>
    public ShortLink Task(string community, string ticketId, string phone, int dispatch) =>
        new(Code($"w:{ticketId}:{dispatch}:{phone}"), LinkKinds.Task, community, ticketId, phone, dispatch);

    public static bool LooksLikeCode(string? code) => ShortCodes.LooksLikeCode(code);

    private string Code(string what) => ShortCodes.For(key, "link:" + what);
}
