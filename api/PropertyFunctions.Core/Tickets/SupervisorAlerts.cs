using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Core.Tickets;

/// <summary>Tells the duty supervisor that a ticket needs them: an escalation, a low score, a missed service level.</summary>
public sealed class SupervisorAlerts(IRosterStore rosters, TicketSms sms, IRateLimiter limiter, DeskOptions options, ILogger<SupervisorAlerts> logger)
{
    /// <summary>
    /// The SMS to the supervisor on duty (an on-call one at night), or none when the roster has no supervisor or the
    /// community's supervisor alerts for the hour are spent (the abuse policy: a flood of tickets must not page a person
    /// all night; the tickets are in the console).
    /// </summary>
    public async Task<IReadOnlyList<OutgoingSms>> ForAsync(Ticket t, Community c, DateTimeOffset now, string purpose, string reason, CancellationToken ct)
    {
        var roster = await rosters.GetAsync(t.Community, ct);
        var supervisor = DutyRoster.DutySupervisor(roster, roster.Where(s => s.OnDutyAt(now, c.Hours)).ToList(), emergency: true);
        if (supervisor is null)
        {
            logger.LogError("Ticket {TicketId}: no supervisor on the roster of {Community} to alert", t.Id, t.Community);
            return [];
        }
        return await ToAsync(t, c, supervisor, now, purpose, reason, ct);
    }

    /// <summary>The same alert to someone chosen by the caller (the emergency ladder's supervisor or manager), within the same hourly cap.</summary>
    public async Task<IReadOnlyList<OutgoingSms>> ToAsync(Ticket t, Community c, StaffMember person, DateTimeOffset now, string purpose, string reason,
        CancellationToken ct)
    {
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        if (!await limiter.TryAcquireAsync("supervisor-alerts:" + t.Community, options.Abuse.SupervisorAlertsPerHour, hour, ct))
        {
            logger.LogWarning("Ticket {TicketId}: {Community}'s supervisor alerts for the hour are spent; not paged", t.Id, t.Community);
            return [];
        }
        return [sms.SupervisorAlert(t, c, person, purpose, reason)];
    }
}
