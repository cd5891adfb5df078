using System.Globalization;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Core.Tickets;

/// <summary>How a new ticket is acknowledged, decided once from the moment it arrived.</summary>
public enum AckKind
{
    /// <summary>Ordinary work while the desk is open: arranged shortly.</summary>
    Open,
    /// <summary>Ordinary work after hours: arranged at opening time.</summary>
    Closed,
    /// <summary>An emergency with someone dispatched: on-call staff are on their way.</summary>
    Emergency,
    /// <summary>Nobody is on the roster to send it to: the owner is not told anyone is coming.</summary>
    Waiting,
}

/// <summary>
/// The SMS about a ticket: which catalogue template, with which values, to whom. Staff get Chinese; owners their language.
/// Owners' links are their own ticket's short link, never another owner's (a merged duplicate's owner is told
/// through the duplicate). What each SMS says is in <see cref="SmsCatalogue"/>.
/// </summary>
public sealed class TicketSms(SmsComposer composer, TicketLinks links, ILinkStore linkStore)
{
    /// <summary>Decided from the instant the ticket arrived, so the answer on the form and the SMS always agree.</summary>
    public static AckKind AckFor(bool emergency, DateTimeOffset createdAt, OfficeHours hours) =>
        emergency ? AckKind.Emergency : hours.IsOpen(createdAt) ? AckKind.Open : AckKind.Closed;

    /// <summary>When an after-hours ticket will be seen to, as its owner reads it ("09:00").</summary>
    public static string Opens(DateTimeOffset createdAt, OfficeHours hours) => hours.ToLocal(hours.NextOpening(createdAt)).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Stores the ticket's tracking link (once, when it is first routed): every owner SMS after this links to it.</summary>
    public Task SaveTrackingLinkAsync(Ticket t, CancellationToken ct) => linkStore.SaveAsync(links.Tracking(t.Community, t.Id), ct);

    /// <summary>The owner's acknowledgement; none when the caller declined SMS.</summary>
    public IEnumerable<OutgoingSms> Acknowledgement(Ticket t, AckKind kind, Community c)
    {
        var (template, values) = kind switch
        {
            AckKind.Open => (SmsCatalogue.AckOpen, Values(("id", t.Id), ("code", Code(t.Id, t.Community)))),
            AckKind.Closed => (SmsCatalogue.AckClosed, Values(("id", t.Id), ("opens", Opens(t.CreatedAt, c.Hours)), ("code", Code(t.Id, t.Community)))),
            AckKind.Emergency => (SmsCatalogue.AckEmergency, Values(("id", t.Id), ("phone", c.EmergencyPhone), ("code", Code(t.Id, t.Community)))),
            _ => (SmsCatalogue.AckWaiting, Values(("id", t.Id), ("code", Code(t.Id, t.Community)))),
        };
        return ToOwner(t, "ack", template, values, c);
    }

    /// <summary>
    /// The acknowledgement of a ticket an outage notice answered: the notice's cause and expected restoration, and the link
    /// where the owner says their case is different. Same purpose as any acknowledgement, so a ticket is acknowledged once.
    /// </summary>
    public IEnumerable<OutgoingSms> NoticeAnswer(Ticket t, Community c, string cause, DateTimeOffset? until)
    {
        var values = Values(("id", t.Id), ("cause", cause), ("code", Code(t.Id, t.Community)));
        if (until is { } end)
        {
            values["until"] = DeskTimes.ForSms(end, c.Hours.Zone, t.Language);
        }
        return ToOwner(t, "ack", until is null ? SmsCatalogue.AckNoticeOpen : SmsCatalogue.AckNotice, values, c);
    }

    /// <summary>To the owner a notice answered, when the notice is updated (version's text) or withdrawn (<paramref name="update"/> null).</summary>
    public IEnumerable<OutgoingSms> AnsweringNoticeChanged(Ticket t, Community c, string title, string? update, string purpose) => update is null
        ? ToOwner(t, purpose, SmsCatalogue.NoticeAnswerWithdrawn, Values(("title", title), ("code", Code(t.Id, t.Community))), c)
        : ToOwner(t, purpose, SmsCatalogue.NoticeAnswerUpdate, Values(("title", title), ("text", update), ("code", Code(t.Id, t.Community))), c);

    /// <summary>One dispatch per person, each with a task link bound to them and to this dispatch (stored before the SMS is queued).</summary>
    public async Task<IReadOnlyList<OutgoingSms>> DispatchAsync(Ticket t, Community c, IReadOnlyList<StaffMember> people, int dispatch, string purpose,
        CancellationToken ct)
    {
        var sms = new List<OutgoingSms>();
        foreach (var person in people)
        {
            var link = links.Task(t.Community, t.Id, person.Phone, dispatch);
            await linkStore.SaveAsync(link, ct);
            var message = composer.Compose(t.Emergency ? SmsCatalogue.DispatchUrgent : SmsCatalogue.Dispatch, Language.Chinese,
                Values(("address", t.Address.ToString()), ("text", t.Description), ("code", link.Code)), c.SmsSignature);
            sms.Add(About(t, purpose, person.Phone, message, c));
        }
        return sms;
    }

    /// <summary>
    /// To the people a ticket was dispatched to: nobody has accepted it yet. Each gets the task link of the dispatch, stored again
    /// (an emergency gathered into its building's page had no link of its own) and so also the phone's latest for a bare "JD".
    /// </summary>
    public async Task<IReadOnlyList<OutgoingSms>> AcceptRemindersAsync(Ticket t, Community c, string purpose, CancellationToken ct)
    {
        var sms = new List<OutgoingSms>();
        foreach (var phone in t.DispatchedTo)
        {
            var link = links.Task(t.Community, t.Id, phone, t.DispatchSequence);
            await linkStore.SaveAsync(link, ct);
            sms.Add(About(t, purpose, phone, composer.Compose(SmsCatalogue.AcceptReminder, Language.Chinese,
                Values(("id", t.Id), ("code", link.Code)), c.SmsSignature), c));
        }
        return sms;
    }

    public OutgoingSms Taken(Ticket t, Community c, string byName, string phone) =>
        About(t, "taken", phone, composer.Compose(SmsCatalogue.Taken, Language.Chinese, Values(("id", t.Id), ("name", byName)), c.SmsSignature), c);

    public IEnumerable<OutgoingSms> Accepted(Ticket t, Community c, string staffName, TimeSpan expected) => ToOwners(t, c, "accepted", SmsCatalogue.Accepted,
        (id, _, language) => Values(("department", Messages.Get("department." + (t.Department ?? Departments.Service), language)),
            ("name", staffName), ("id", id), ("eta", DurationText.Format(expected, language))));

    /// <summary>To the owners: the person on the job is on the way and expects to be there within <paramref name="eta"/>.</summary>
    public IEnumerable<OutgoingSms> OnMyWay(Ticket t, Community c, string staffName, TimeSpan eta, string purpose) => ToOwners(t, c, purpose, SmsCatalogue.OnMyWay,
        (id, _, language) => Values(("name", staffName), ("id", id), ("eta", DurationText.Format(eta, language))));

    public IEnumerable<OutgoingSms> Resolved(Ticket t, Community c) =>
        ToOwners(t, c, "resolved", SmsCatalogue.Resolved, (id, code, _) => Values(("id", id), ("code", code)));

    public IEnumerable<OutgoingSms> Callback(Ticket t, Community c) =>
        ToOwner(t, "callback", SmsCatalogue.Callback, Values(("id", t.Id), ("code", Code(t.Id, t.Community))), c);

    /// <summary>To the owner of a duplicate: the matter goes on under <paramref name="intoId"/>; their own link shows it.</summary>
    public IEnumerable<OutgoingSms> Merged(Ticket duplicate, Community c, string intoId) => ToOwner(duplicate, "merged", SmsCatalogue.Merged,
        Values(("id", duplicate.Id), ("into", intoId), ("code", Code(duplicate.Id, duplicate.Community))), c);

    public OutgoingSms SupervisorAlert(Ticket t, Community c, StaffMember supervisor, string purpose, string reason) =>
        About(t, purpose, supervisor.Phone, composer.Compose(SmsCatalogue.SupervisorAlert, Language.Chinese,
            Values(("id", t.Id), ("department", Messages.Get("department." + (t.Department ?? Departments.Service), Language.Chinese)),
                ("address", t.Address.ToString()), ("reason", reason)), c.SmsSignature), c);

    /// <summary>To the ticket's own owner, in their language, unless they declined SMS.</summary>
    private IEnumerable<OutgoingSms> ToOwner(Ticket t, string purpose, SmsTemplate template, IReadOnlyDictionary<string, string> values, Community c)
    {
        if (t.NotifyOwner)
        {
            yield return About(t, purpose, t.Phone, composer.Compose(template, t.Language, values, c.SmsSignature), c);
        }
    }

    /// <summary>The ticket's owner (unless they declined SMS), and the owners of duplicates merged into it, each about their own ticket and link.</summary>
    private IEnumerable<OutgoingSms> ToOwners(Ticket t, Community c, string purpose, SmsTemplate template,
        Func<string, string, string, IReadOnlyDictionary<string, string>> values)
    {
        foreach (var own in ToOwner(t, purpose, template, values(t.Id, Code(t.Id, t.Community), t.Language), c))
        {
            yield return own;
        }
        foreach (var w in t.Watchers.Where(w => w.Phone != t.Phone))
        {
            yield return About(t, purpose, w.Phone,
                composer.Compose(template, w.Language, values(w.TicketId, Code(w.TicketId, t.Community), w.Language), c.SmsSignature), c);
        }
    }

    /// <summary>An SMS in the ticket's group, logged beside the ticket when the ticket is of that layout.</summary>
    private static OutgoingSms About(Ticket t, string purpose, string phone, SmsMessage message, Community c) =>
        OutgoingSms.Create(t.Id, purpose, phone, message, c.Slug) with { WithTicket = t.SmsWithTicket };

    private string Code(string ticketId, string community) => links.Tracking(community, ticketId).Code;

    private static Dictionary<string, string> Values(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
