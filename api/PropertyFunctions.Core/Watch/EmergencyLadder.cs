using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Watch;

/// <summary>One page of the emergency ladder: the ticket that counts it, the SMS to queue, and the history note naming who was paged.</summary>
public sealed record LadderPage(Ticket Ticket, IReadOnlyList<OutgoingSms> Sms, HistoryNote Note);

/// <summary>
/// Who an emergency nobody has accepted pages, and with what (when is <see cref="ServiceLevelPolicy.NextPageDue"/>). The first
/// page (5 minutes) goes to everyone it was dispatched to again, each with their own task link, and to the duty supervisor;
/// the second (10 minutes) to the community's manager (<see cref="StaffRolesOnRoster.Manager"/>), or the supervisor when the
/// roster has none; every later one (each 10 minutes) to all of them, until someone accepts. SMS ids carry the page's
/// number, so a run repeated after a lost write sends nothing twice. The ticket records how far it went: the first page is
/// its supervisor escalation (<see cref="Ticket.AcceptAlert"/> 2), the last level the operators' alert (3, metric
/// <c>propertyfunctions.emergencies.unanswered</c>, counted by the watch). Supervisors and managers are paged within the
/// community's hourly cap of supervisor alerts (<see cref="SupervisorAlerts"/>), and an emergency held by the abuse policy
/// (<see cref="Ticket.SmsHeld"/>) pages nobody.
/// </summary>
public sealed class EmergencyLadder(IRosterStore rosters, TicketSms ticketSms, SupervisorAlerts alerts, ILogger<EmergencyLadder> logger)
{
    /// <summary>The page that reaches the ladder's last level, the manager; later pages repeat the ladder.</summary>
    public const int LastLevel = 2;

    public async Task<LadderPage> PageAsync(Ticket t, Community c, DateTimeOffset now, CancellationToken ct)
    {
        var page = t.EmergencyPages + 1;
        var purpose = $"ladder-{page}";
        var waited = (int)(now - (t.DispatchedAt ?? t.CreatedAt)).TotalMinutes;
        var reason = HistoryNote.Of("history.ladder_unanswered", waited);
        var next = t with
        {
            EmergencyPages = page,
            AcceptAlert = Math.Max(t.AcceptAlert, page >= LastLevel ? 3 : 2),
            EscalationLevel = Math.Max(t.EscalationLevel, 1),
        };
        if (t.SmsHeld)
        {
            return new LadderPage(next, [], reason.Then(HistoryNote.Of("history.ladder_held", page)));
        }
        var roster = await rosters.GetAsync(t.Community, ct);
        var supervisor = DutyRoster.DutySupervisor(roster, roster.Where(s => s.OnDutyAt(now, c.Hours)).ToList(), emergency: true);
        var manager = DutyRoster.Manager(roster, now, c.Hours);
        var sms = new List<OutgoingSms>();
        var paged = new List<string>();

        async Task AlertAsync(StaffMember? person)
        {
            if (person is not null && !t.DispatchedTo.Contains(person.Phone) && !paged.Contains(person.Name)
                && await alerts.ToAsync(t, c, person, now, purpose, reason.Render(Language.Chinese) + "，请立即安排", ct) is [_, ..] alert)
            {
                sms.AddRange(alert);
                paged.Add(person.Name);
            }
        }

        if (page != LastLevel)
        {
            sms.AddRange(await ticketSms.AcceptRemindersAsync(t, c, purpose, ct));
            paged.AddRange(t.DispatchedTo.Select(phone => roster.FirstOrDefault(s => s.Phone == phone)?.Name ?? PhoneNumber.Mask(phone)));
            await AlertAsync(supervisor);
        }
        if (page >= LastLevel)
        {
            if (manager is null)
            {
                logger.LogError("Ticket {TicketId}: no manager on the roster of {Community}; the ladder's last level pages the supervisor", t.Id, t.Community);
            }
            await AlertAsync(manager ?? supervisor);
        }
        if (sms.Count == 0)
        {
            logger.LogError("Ticket {TicketId}: an unanswered emergency in {Community} and nobody to page", t.Id, t.Community);
        }
        var note = reason.Then(paged.Count == 0 ? HistoryNote.Of("history.ladder_nobody") : HistoryNote.Of("history.ladder_paged", page, string.Join("、", paged)));
        return new LadderPage(next, sms, note);
    }
}
