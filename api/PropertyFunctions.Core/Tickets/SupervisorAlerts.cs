using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Core.Tickets;

/// <summary>Tells the duty supervisor that a ticket needs them: an escalation, a low score, a missed service level.</summary>
public sealed class SupervisorAlerts(IRosterStore rosters, TicketSms sms, ILogger<SupervisorAlerts> logger)
{
    /// <summary>The SMS to the supervisor on duty (an on-call one at night), or none when the roster has no supervisor.</summary>
    public async Task<IReadOnlyList<OutgoingSms>> ForAsync(Ticket t, Community c, DateTimeOffset now, string purpose, string reason, CancellationToken ct)
    {
        var roster = await rosters.GetAsync(t.Community, ct);
        var supervisor = DutyRoster.DutySupervisor(roster, roster.Where(s => s.OnDutyAt(now, c.Hours)).ToList(), emergency: true);
        if (supervisor is null)
        {
            logger.LogError("Ticket {TicketId}: no supervisor on the roster of {Community} to alert", t.Id, t.Community);
            return [];
        }
        return [sms.SupervisorAlert(t, c, supervisor, purpose, reason)];
    }
}
