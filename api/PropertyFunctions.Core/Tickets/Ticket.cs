using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>A ticket as the desk keeps it. Immutable: changes produce a new value plus a history entry.</summary>
public sealed record Ticket
{
    public required string Id { get; init; }
    public required string Community { get; init; }
    public required string Kind { get; init; }
    public string? Scope { get; init; }
    public string? Category { get; init; }
    /// <summary>True when the owner said so or the text reads like one.</summary>
    public required bool Emergency { get; init; }
    public required UnitAddress Address { get; init; }
    public required string Name { get; init; }
    /// <summary>E.164.</summary>
    public required string Phone { get; init; }
    public required string Description { get; init; }
    public string? PreferredTime { get; init; }
    public required string Language { get; init; }
    public UnitAddress? OtherParty { get; init; }
    /// <summary>How the ticket reached the desk: the owner's web form, or a clerk's phone, counter, WeChat or other entry.</summary>
    public string Channel { get; init; } = Channels.Web;
    /// <summary>The clerk who entered it for the owner; null when the owner submitted it.</summary>
    public string? EnteredBy { get; init; }
    /// <summary>False when the caller declined SMS: the owner then gets none about this ticket.</summary>
    public bool NotifyOwner { get; init; } = true;
    /// <summary>The active outage notice that answered this inquiry or complaint at once (closed, nobody paged); null otherwise.</summary>
    public string? AnsweredByNotice { get; init; }
    public required string Status { get; init; }
    public string? Department { get; init; }
    public string? Priority { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When the router classified it; null means routing has not happened yet.</summary>
    public DateTimeOffset? RoutedAt { get; init; }
    /// <summary>Set when an ordinary ticket arrived out of hours: the dispatch waits until then.</summary>
    public DateTimeOffset? DispatchAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; init; }
    /// <summary>The history sequence of the latest dispatch: task links are bound to it, so a reassignment retires the old ones.</summary>
    public int DispatchSequence { get; init; }
    /// <summary>Phones (E.164) the dispatch went to; the first of them to accept takes the ticket.</summary>
    public IReadOnlyList<string> DispatchedTo { get; init; } = [];
    /// <summary>Who took the ticket (first to accept wins): roster name and phone, or a console user.</summary>
    public string? AcceptedBy { get; init; }
    public string? AcceptedByPhone { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    /// <summary>The first acceptance; <see cref="AcceptedAt"/> moves when a reopened ticket is accepted again. Monthly reports time acceptance by it.</summary>
    public DateTimeOffset? FirstAcceptedAt { get; init; }
    /// <summary>Who accepted first (name and phone): the monthly report's per-staff figures credit them, as a reopening clears <see cref="AcceptedBy"/>.</summary>
    public string? FirstAcceptedBy { get; init; }
    public string? FirstAcceptedByPhone { get; init; }
    /// <summary>When the person who took it said they were on site (the task page's 到场); cleared by a reopening like <see cref="ResolvedAt"/>.</summary>
    public DateTimeOffset? ArrivedAt { get; init; }
    /// <summary>The first arrival: the monthly report measures on-site times by it.</summary>
    public DateTimeOffset? FirstArrivedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>0 staff, 1 service-centre supervisor, 2 owners' committee, 3 public offices (the escalation ladder, <see cref="EscalationLadder"/>).</summary>
    public int EscalationLevel { get; init; }
    /// <summary>How often the ticket was reopened (by staff, or by the owner's low rating or "not fixed").</summary>
    public int ReopenCount { get; init; }
    public int? Score { get; init; }
    public bool? Fixed { get; init; }
    public string? FeedbackComment { get; init; }
    /// <summary>Set on a duplicate merged into another ticket.</summary>
    public string? MergedInto { get; init; }
    /// <summary>The owners of duplicates merged into this ticket: told about its progress, each through their own ticket.</summary>
    public IReadOnlyList<Watcher> Watchers { get; init; } = [];
    /// <summary>Mediation: the agreed outcome (who is responsible, the repair, any compensation).</summary>
    public MediationOutcome? Outcome { get; init; }
    /// <summary>
    /// Service-level alerts already raised for acceptance: 0 none, 1 department reminded, 2 supervisor alerted,
    /// 3 (emergencies) operators alerted that it is still unanswered.
    /// </summary>
    public int AcceptAlert { get; init; }
    public bool ResolveAlerted { get; init; }
    /// <summary>How often its route message failed every attempt (ticket-route-poison); the sweep stops re-queuing it at <c>TicketRouter.MaxRouteFailures</c>.</summary>
    public int RouteFailures { get; init; }
    /// <summary>Pages the emergency ladder has sent while nobody accepted (<see cref="ServiceLevelPolicy.NextPageDue"/>).</summary>
    public int EmergencyPages { get; init; }
    /// <summary>When the satisfaction callback (回访) SMS went out; it is sent once.</summary>
    public DateTimeOffset? CallbackSentAt { get; init; }
    /// <summary>Photo upload URLs handed out so far: each one names its own slot (1, 2, …), so the count bounds what an owner can upload.</summary>
    public int PhotoUploads { get; init; }
    /// <summary>Slots whose upload was checked and attached, in order; at most <see cref="TicketPhotos.MaxPhotos"/>.</summary>
    public IReadOnlyList<int> Photos { get; init; } = [];
    /// <summary>
    /// An emergency past the abuse limits (too many from one phone or address in an hour): stored and shown to staff, but no
    /// SMS goes out about it, to the number given or to staff.
    /// </summary>
    public bool SmsHeld { get; init; }
    /// <summary>
    /// Its SMS are logged beside it (<see cref="Messaging.OutgoingSms.WithTicket"/>): every ticket made since that layout. Older tickets
    /// keep theirs in the SMS log of its own, so an SMS claimed there before is never claimed a second time elsewhere.
    /// </summary>
    public bool SmsWithTicket { get; init; }
    /// <summary>The same two for the photos staff attach when they finish the work (the task page's 完成).</summary>
    public int WorkPhotoUploads { get; init; }
    public IReadOnlyList<int> WorkPhotos { get; init; } = [];
    /// <summary>Number of history entries, so the next one gets a stable sequence number.</summary>
    public required int HistoryCount { get; init; }
    /// <summary>When retention or an erasure removed the contact details, unit, texts and photos (docs/privacy.md); null while they are held.</summary>
    public DateTimeOffset? AnonymisedAt { get; init; }

    /// <summary>The next history entry's sequence number, and the ticket that counts it.</summary>
    public (Ticket Ticket, HistoryEntry Entry) Append(DateTimeOffset at, string actor, string channel, string to, HistoryNote? note, bool isPublic)
    {
        var entry = HistoryEntry.Create(HistoryCount + 1, at, actor, channel, Status, to, note, isPublic);
        return (this with { HistoryCount = HistoryCount + 1, Status = to, UpdatedAt = at }, entry);
    }
}

/// <summary>The owner of a duplicate merged into a ticket: their own ticket id (and link), phone and language.</summary>
public sealed record Watcher(string TicketId, string Phone, string Language);

public sealed record MediationOutcome(string Responsibility, string Repair, string? Compensation);

/// <summary>
/// One line of a ticket's history. Public entries are shown to the owner. <see cref="Note"/> is the line in Chinese (the
/// desk's working language, as exports and older rows have it); <see cref="Coded"/> keeps its codes so
/// <see cref="NoteIn"/> can show it in the reader's language.
/// </summary>
public sealed record HistoryEntry(
    int Sequence,
    DateTimeOffset At,
    string Actor,
    string Channel,
    string? From,
    string To,
    string? Note,
    bool Public,
    [property: System.Text.Json.Serialization.JsonIgnore] HistoryNote? Coded = null)
{
    public static HistoryEntry Create(int sequence, DateTimeOffset at, string actor, string channel, string? from, string to, HistoryNote? note, bool isPublic) =>
        new(sequence, at, actor, channel, from, to, note?.Render(Language.Chinese), isPublic,
            note is not null && note.Parts.Any(p => p.Code is not null) ? note : null);

    public string? NoteIn(string language) => Coded?.Render(language) ?? Note;

    /// <summary>The same entry with its note in the reader's language, for a view.</summary>
    public HistoryEntry For(string language) => this with { Note = NoteIn(language) };
}

