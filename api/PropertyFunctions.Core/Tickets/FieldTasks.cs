using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Core.Tickets;

/// <summary>A ticket as the task page shows it to the person it was dispatched to: all of it, with the owner's phone to call.</summary>
public sealed record TaskView(
    string Id,
    string Community,
    string Kind,
    string Status,
    string? Department,
    bool Emergency,
    string Address,
    string OwnerName,
    string OwnerPhone,
    string Description,
    string? PreferredTime,
    DateTimeOffset CreatedAt,
    string? AcceptedBy,
    DateTimeOffset? ArrivedAt,
    string Staff,
    IReadOnlyList<string> Actions,
    int ExpectedArrivalMinutes,
    bool CanAddPhotos,
    IReadOnlyList<PhotoLink> Photos,
    IReadOnlyList<PhotoLink> WorkPhotos,
    IReadOnlyList<TaskHistoryItem> History,
    string ServiceCentrePhone);

public sealed record TaskHistoryItem(DateTimeOffset At, string To, string? Note);

/// <summary>
/// The technician's task page (<c>/w/{code}</c>, the link in a dispatch SMS). A code opens one ticket, and only while that ticket
/// is still dispatched to that phone by that dispatch (a reassignment makes a new dispatch), is not finished (closed, cancelled
/// or merged) and the phone is still on the community's roster; otherwise it is as unknown as a made-up code. Every action
/// goes through <see cref="StaffActions"/> as the roster member the link was sent to (channel <see cref="Channels.Task"/>), and
/// is checked against the link again on the ticket as it is written, so a forwarded or outdated link never acts on anything else.
/// </summary>
public sealed class FieldTasks(
    ILinkStore links,
    ITicketStore tickets,
    IRosterStore rosters,
    StaffActions actions,
    TicketPhotos photos,
    CommunityDirectory communities,
    ServiceLevels levels)
{
    private sealed record Holder(ShortLink Link, StaffMember Member)
    {
        public string Phone => Member.Phone;

        public Actor Actor => new("staff:" + Member.Name, Member.Name, Channels.Task, Member.Phone);
    }

    public async Task<TaskView?> ViewAsync(string code, CancellationToken ct)
    {
        if (await HolderAsync(code, ct) is not { } holder
            || await tickets.GetWithHistoryAsync(holder.Link.Community, holder.Link.TicketId, ct) is not { } found
            || !IsCurrent(holder.Link, found.Ticket.Value))
        {
            return null;
        }
        var t = found.Ticket.Value;
        var community = await communities.GetAsync(t.Community, ct);
        return new TaskView(t.Id, t.Community, t.Kind, t.Status, t.Department, t.Emergency, t.Address.ToString(), t.Name, t.Phone, t.Description,
            t.PreferredTime, t.CreatedAt, t.AcceptedBy, t.ArrivedAt, holder.Member.Name, ActionsFor(t, holder.Phone),
            (int)levels.ExpectedArrival(t.Emergency).TotalMinutes, IsMine(t, holder.Phone) && TicketPhotos.CanAdd(t, PhotoSet.Work),
            await photos.LinksAsync(t, ct), await photos.LinksAsync(t, ct, PhotoSet.Work),
            found.History.Select(h => new TaskHistoryItem(h.At, h.To, h.Note)).ToList(), community.ServiceCentrePhone);
    }

    /// <summary>One of <see cref="TicketActions.Field"/>, by the link's holder; <see cref="ActionOutcome.NotFound"/> for a code that opens nothing.</summary>
    public async Task<ActionOutcome> ActAsync(string code, string? action, string? note, int? etaMinutes, CancellationToken ct)
    {
        if (await HolderAsync(code, ct) is not { } holder)
        {
            return new ActionOutcome.NotFound();
        }
        if (action is null || !TicketActions.Field.Contains(action))
        {
            return new ActionOutcome.Invalid([new FieldError("action", action is null ? "required" : "one_of", string.Join(", ", TicketActions.Field))]);
        }
        return await actions.ApplyAsync(holder.Link.TicketId, ifMatch: null, new ActionRequest(action, Note: note, EtaMinutes: etaMinutes), holder.Actor, ct,
            current => Check(holder, current, action));
    }

    /// <summary>An upload URL for a work photo (<see cref="PhotoSet.Work"/>), for the person who took the ticket.</summary>
    public async Task<ActionOutcome> RequestPhotoAsync(string code, string? contentType, long? size, CancellationToken ct) =>
        await HolderAsync(code, ct) is { } holder
            ? await photos.RequestUploadAsync(holder.Link.TicketId, contentType, size, ct, PhotoSet.Work, current => Check(holder, current, action: null))
            : new ActionOutcome.NotFound();

    public async Task<ActionOutcome> AttachPhotoAsync(string code, int number, CancellationToken ct) =>
        await HolderAsync(code, ct) is { } holder
            ? await photos.AttachAsync(holder.Link.TicketId, number, ct, PhotoSet.Work, holder.Actor, current => Check(holder, current, action: null))
            : new ActionOutcome.NotFound();

    /// <summary>True while the link still belongs to the ticket: the same dispatch, still sent to this phone, and not finished.</summary>
    public static bool IsCurrent(ShortLink link, Ticket t) =>
        link.Kind == LinkKinds.Task && t.Id == link.TicketId && t.DispatchSequence == link.Dispatch && link.Phone is { } phone
        && t.DispatchedTo.Contains(phone) && t.MergedInto is null && (Lifecycle.IsOpen(t.Status) || t.Status == TicketStatuses.Resolved);

    /// <summary>The field actions the holder of <paramref name="phone"/>'s link may take now (the page's buttons).</summary>
    public static IReadOnlyList<string> ActionsFor(Ticket t, string phone) =>
        TicketActions.Field.Where(a => Lifecycle.IsAllowed(a, t.Status) && Refusal(t, phone, a) is null
            && !(a == TicketActions.Accept && t.AcceptedBy is not null) && !(a == TicketActions.Arrive && t.ArrivedAt is not null)).ToList();

    private static bool IsMine(Ticket t, string phone) => t.AcceptedByPhone == phone;

    /// <summary>Why the holder may not do this to the ticket as it now is: the link is outdated (as if unknown), or the job is someone else's.</summary>
    private static ActionOutcome? Check(Holder holder, Versioned<Ticket> current, string? action) =>
        !IsCurrent(holder.Link, current.Value) ? new ActionOutcome.NotFound()
        : Refusal(current.Value, holder.Phone, action) is { } code ? new ActionOutcome.Refused(code, current)
        : null;

    /// <summary>
    /// Accepting and asking for help are open to everyone the ticket was dispatched to; the job's own steps (on my way, arrived,
    /// done, work photos; <paramref name="action"/> null) only to the person who accepted it.
    /// </summary>
    private static string? Refusal(Ticket t, string phone, string? action) =>
        action is TicketActions.Accept or TicketActions.Help || IsMine(t, phone) ? null
        : t.AcceptedBy is not null ? "already_taken"
        : "not_allowed";

    /// <summary>The link behind a code and the roster member it was sent to; null for anything else, so every failure looks the same.</summary>
    private async Task<Holder?> HolderAsync(string code, CancellationToken ct)
    {
        if (!TicketLinks.LooksLikeCode(code) || await links.FindAsync(code, ct) is not { Kind: LinkKinds.Task, Phone: { } phone } link)
        {
            return null;
        }
        var member = (await rosters.GetAsync(link.Community, ct)).FirstOrDefault(s => s.Phone == phone);
        return member is null ? null : new Holder(link, member);
    }
}
