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

    public static readonly IReadOnlyList<string> All = [Accept, Start, Resolve, Reassign, Note, Escalate, Close, Reopen, Cancel, Merge, Outcome];
}

/// <summary>
/// The ticket state machine (DESIGN.md §2): received → dispatched → accepted → in_progress → resolved → closed,
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
    };

    /// <summary>The status an action leads to; null for actions that leave the status as it is (note, outcome).</summary>
    public static string? Target(string action) => action switch
    {
        TicketActions.Accept => TicketStatuses.Accepted,
        TicketActions.Start => TicketStatuses.InProgress,
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

    /// <summary>The statuses a clerk still works on: the queue's default view.</summary>
    public static IReadOnlyList<string> OpenStatuses => Open;

    /// <summary>An owner rates a ticket once, after it is resolved.</summary>
    public static bool OwnerMayRate(Ticket t) => t.Status == TicketStatuses.Resolved && t.Score is null;

    /// <summary>An owner may climb the ladder one level at a time, to its top, unless the ticket was cancelled.</summary>
    public static bool OwnerMayEscalate(Ticket t) => t.Status != TicketStatuses.Cancelled && t.EscalationLevel < EscalationLadder.Top;

    /// <summary>The actions a ticket in <paramref name="status"/> offers (the console shows these buttons).</summary>
    public static IReadOnlyList<string> Available(string status) => TicketActions.All.Where(a => IsAllowed(a, status)).ToList();
}
