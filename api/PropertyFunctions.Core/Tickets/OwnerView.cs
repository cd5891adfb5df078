using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>What an owner sees of their ticket: no internal notes, the phone masked.</summary>
public sealed record OwnerTicketView(
    string Id,
    string Community,
    string Kind,
    string? Scope,
    string Status,
    string? Department,
    bool Emergency,
    string Address,
    string PhoneMasked,
    string Description,
    string? PreferredTime,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OwnerHistoryItem> History,
    bool CanRate,
    bool CanEscalate,
    int EscalationLevel,
    IReadOnlyList<LadderStep> Ladder,
    int? Score,
    string? MergedInto,
    IReadOnlyList<PhotoLink> Photos,
    bool CanAddPhotos,
    string? AnsweredByNotice);

/// <summary>One level of the escalation ladder as the owner sees it; <c>Reached</c> when the ticket is there or beyond.</summary>
public sealed record LadderStep(int Level, string Name, bool Reached);

public sealed record OwnerHistoryItem(DateTimeOffset At, string? From, string To, string? Note);

public sealed class OwnerTickets(ITicketStore tickets, TicketToken tokens, TicketPhotos photos)
{
    /// <summary>The owner's view, or null for an unknown id or a wrong token (the caller cannot tell which).</summary>
    public Task<OwnerTicketView?> GetAsync(string rawId, string? token, CancellationToken ct) => GetAsync(rawId, token, null, ct);

    /// <summary>The same, with its history in the reader's language (null: the language the owner reported in).</summary>
    public async Task<OwnerTicketView?> GetAsync(string rawId, string? token, string? reader, CancellationToken ct)
    {
        // The token is checked before any storage read: a guess costs nothing and reveals nothing.
        if (!TicketId.TryNormalize(rawId, out var id) || !tokens.Verify(id, token))
        {
            return null;
        }
        var community = await tickets.FindCommunityAsync(id, ct);
        if (community is null || await tickets.GetWithHistoryAsync(community, id, ct) is not { } found)
        {
            return null;
        }
        var t = found.Ticket.Value;
        var language = reader ?? t.Language;
        var history = found.History.Where(h => h.Public).Select(h => new OwnerHistoryItem(h.At, h.From, h.To, h.NoteIn(language))).ToList();
        var ladder = Enumerable.Range(1, EscalationLadder.Top)
            .Select(level => new LadderStep(level, EscalationLadder.Name(level, language), t.EscalationLevel >= level)).ToList();
        return new OwnerTicketView(t.Id, t.Community, t.Kind, t.Scope, t.Status, t.Department, t.Emergency, t.Address.ToString(),
            PhoneNumber.Mask(t.Phone), t.Description, t.PreferredTime, t.CreatedAt, t.UpdatedAt, history,
            CanRate: Lifecycle.OwnerMayRate(t),
            CanEscalate: Lifecycle.OwnerMayEscalate(t),
            t.EscalationLevel, ladder, t.Score, t.MergedInto, await photos.LinksAsync(t, ct),
            CanAddPhotos: TicketPhotos.CanAdd(t), t.AnsweredByNotice);
    }
}
