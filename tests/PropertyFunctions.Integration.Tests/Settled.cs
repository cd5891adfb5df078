using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Tickets;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// A ticket's SMS leave just before the change that caused them is stored (SmsOutbox: a failure then repeats the handler
/// and nothing is lost). The SMS log shows them sent only with that change (their outcomes ride in its transaction), but the
/// provider has them a few milliseconds earlier, and an SMS logged on its own (a ticket made before SMS moved beside tickets)
/// shows them earlier too. A test that saw such an SMS sent waits for the change too before it reads or acts on the ticket.
/// </summary>
public static class Settled
{
    public static async Task AfterSmsAsync(TestDesk desk, string id, string purpose)
    {
        Func<Ticket, bool>? stored = purpose switch
        {
            _ when purpose.StartsWith("dispatch", StringComparison.Ordinal) => t => t.DispatchedAt is not null && t.Status != TicketStatuses.Received,
            "accepted" => t => t.AcceptedAt is not null,
            "resolved" => t => t.ResolvedAt is not null,
            _ => null,
        };
        if (stored is null)
        {
            return;
        }
        var tickets = desk.Services.GetRequiredService<ITicketStore>();
        await TestDesk.EventuallyAsync(async () => await tickets.FindCommunityAsync(id, CancellationToken.None) is { } community
            ? (await tickets.GetAsync(community, id, CancellationToken.None))?.Value
            : null, t => t is not null && stored(t));
    }
}
