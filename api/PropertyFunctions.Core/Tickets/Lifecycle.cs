using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>The things staff (and owners) can do to a ticket.</summary>
public static class TicketActions
{
    public const string Accept = "accept";
    public const string Start = "start";
    public const string Resolve = "resolve";
    public const string Reassign = "reassign";
    public const string Note = "note";
    public const string Escalate = "escalate";
    public const string Close = "close";
    public const string Reopen = "reopen";
    public const string Cancel = "cancel";
    public const string Merge = "merge";
    public const string Outcome = "outcome";
    /// <summary>出发: on the way; the owner gets an SMS with the expected arrival.</summary>
    public const string Depart = "depart";
    /// <summary>到场: on site; the arrival time is what the on-site service level is measured by.</summary>
    public const string Arrive = "arrive";
    /// <summary>需协助: the person on the job needs help; the duty supervisor is alerted.</summary>
    public const string Help = "help";

    public static readonly IReadOnlyList<string> All = [Accept, Start, Resolve, Reassign, Note, Escalate, Close, Reopen, Cancel, Merge, Outcome, Depart, Arrive, Help];

    /// <summary>What a technician does from the task page (<see cref="FieldTasks"/>), in the order of a job.</summary>
    public static readonly IReadOnlyList<string> Field = [Accept, Depart, Arrive, Resolve, Help];

    /// <summary>The console's buttons: the field's own steps (depart, arrive, help) belong to the person on the job.</summary>
    public static readonly IReadOnlyList<string> Console = All.Except([Depart, Arrive, Help]).ToList();
}

/// <summary>
/// The ticket state machine: received → dispatched → accepted → in_progress → resolved → closed,
/// with escalated, reopened and cancelled at the side. Which action may start from which status, and where it leads.
/// </summary>
public static class Lifecycle
{
    private static readonly string[] Open =
    [
        TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Accepted, TicketStatuses.InProgress,
        TicketStatuses.Escalated, TicketStatuses.Reopened,
    ];

    private static readonly Dictionary<string, string[]> From = new()
    {
        [TicketActions.Accept] = [TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Escalated, TicketStatuses.Reopened],
        [TicketActions.Start] = [TicketStatuses.Accepted],
        [TicketActions.Resolve] = [TicketStatuses.Accepted, TicketStatuses.InProgress, TicketStatuses.Escalated, TicketStatuses.Reopened],
        [TicketActions.Reassign] = Open,
        [TicketActions.Note] = [.. Open, TicketStatuses.Resolved, TicketStatuses.Closed, TicketStatuses.Cancelled],
        [TicketActions.Escalate] = Open,
        [TicketActions.Close] = [TicketStatuses.Resolved, TicketStatuses.Cancelled],
        [TicketActions.Reopen] = [TicketStatuses.Resolved, TicketStatuses.Closed],
        [TicketActions.Cancel] = [TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Accepted, TicketStatuses.Reopened],
        [TicketActions.Merge] = [TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Accepted, TicketStatuses.InProgress, TicketStatuses.Reopened],
        [TicketActions.Outcome] = Open,
        [TicketActions.Depart] = [TicketStatuses.Accepted],
        [TicketActions.Arrive] = [TicketStatuses.Accepted, TicketStatuses.InProgress],
        [TicketActions.Help] = Open,
    };

    /// <summary>The status an action leads to; null for actions that leave the status as it is (note, outcome).</summary>
    public static string? Target(string action) => action switch
    {
        TicketActions.Accept => TicketStatuses.Accepted,
        TicketActions.Start or TicketActions.Depart or TicketActions.Arrive => TicketStatuses.InProgress,
        TicketActions.Resolve => TicketStatuses.Resolved,
        TicketActions.Reassign => TicketStatuses.Dispatched,
        TicketActions.Escalate => TicketStatuses.Escalated,
        TicketActions.Close => TicketStatuses.Closed,
        TicketActions.Reopen => TicketStatuses.Reopened,
        TicketActions.Cancel or TicketActions.Merge => TicketStatuses.Cancelled,
        _ => null,
    };

    public static bool IsAllowed(string action, string status) => From.TryGetValue(action, out var from) && from.Contains(status);

    public static bool IsOpen(string status) => Open.Contains(status);

    /// <summary>Cancelling or merging a ticket ends an owner's request without the work: a supervisor's decision.</summary>
    private static readonly HashSet<string> SupervisorActions = [TicketActions.Cancel, TicketActions.Merge];

    /// <summary>
    /// Whether a console user may take <paramref name="action"/> on a ticket of <paramref name="community"/>: staff of that
    /// community (or company-wide), supervisors for cancel and merge. SMS replies (no access: rostered people) are checked
    /// by who the ticket was dispatched to instead.
    /// </summary>
    public static bool MayAct(StaffAccess? access, string action, string community) =>
        access is null || access.Has(SupervisorActions.Contains(action) ? StaffRoles.Supervisor : StaffRoles.Staff, community);

    /// <summary>The statuses a clerk still works on: the queue's default view.</summary>
    public static IReadOnlyList<string> OpenStatuses => Open;

    /// <summary>An owner rates a ticket once, after it is resolved.</summary>
    public static bool OwnerMayRate(Ticket t) => t.Status == TicketStatuses.Resolved && t.Score is null;

    /// <summary>An owner may climb the ladder one level at a time, to its top, unless the ticket was cancelled.</summary>
    public static bool OwnerMayEscalate(Ticket t) => t.Status != TicketStatuses.Cancelled && t.EscalationLevel < EscalationLadder.Top;

    /// <summary>The actions a ticket in <paramref name="status"/> offers (the console shows these buttons).</summary>
    public static IReadOnlyList<string> Available(string status) => TicketActions.Console.Where(a => IsAllowed(a, status)).ToList();

    /// <summary>An emergency still open that nobody has accepted yet: the ladder pages for it and the console shows it in red.</summary>
    public static bool AwaitsEmergencyAcceptance(Ticket t) => t.Emergency && t.AcceptedAt is null && IsOpen(t.Status);
}
