using PropertyFunctions.Core.Ports;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Intake;

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
    bool CanEscalate);

public sealed record OwnerHistoryItem(DateTimeOffset At, string? From, string To, string? Note);

public sealed class OwnerTickets(ITicketStore tickets, TicketToken tokens)
{
    /// <summary>The owner's view, or null for an unknown id or a wrong token (the caller cannot tell which).</summary>
    public async Task<OwnerTicketView?> GetAsync(string rawId, string? token, CancellationToken ct)
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
        var history = found.History.Where(h => h.Public).Select(h => new OwnerHistoryItem(h.At, h.From, h.To, h.Note)).ToList();
        var open = t.Status is not (TicketStatuses.Closed or TicketStatuses.Cancelled);
        return new OwnerTicketView(t.Id, t.Community, t.Kind, t.Scope, t.Status, t.Department, t.Emergency, t.Address.ToString(),
            Intake.PhoneNumber.Mask(t.Phone), t.Description, t.PreferredTime, t.CreatedAt, t.UpdatedAt, history,
            CanRate: t.Status == TicketStatuses.Resolved,
            CanEscalate: open && t.Status != TicketStatuses.Received);
    }
}
