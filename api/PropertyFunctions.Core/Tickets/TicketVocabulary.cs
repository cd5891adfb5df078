namespace PropertyFunctions.Core.Tickets;

/// <summary>Ticket kinds as they appear on the wire.</summary>
public static class TicketKinds
{
    public const string Repair = "repair";
    public const string Complaint = "complaint";
    public const string Suggestion = "suggestion";
    public const string Inquiry = "inquiry";
    public const string Mediation = "mediation";
    /// <summary>An owner's question, reason, promise or plea about a fee (their home page, or a reply to a fee reminder): the service centre's.</summary>
    public const string Fee = "fee";

    public static readonly IReadOnlyList<string> All = [Repair, Complaint, Suggestion, Inquiry, Mediation, Fee];
}

/// <summary>Where a repair is: shared facilities, or inside a home (may be paid).</summary>
public static class RepairScopes
{
    public const string Public = "public";
    public const string InHome = "in-home";

    public static readonly IReadOnlyList<string> All = [Public, InHome];
}

/// <summary>Ticket statuses; the names are part of the HTTP contract.</summary>
public static class TicketStatuses
{
    public const string Received = "received";
    public const string Dispatched = "dispatched";
    public const string Accepted = "accepted";
    public const string InProgress = "in_progress";
    public const string Resolved = "resolved";
    public const string Closed = "closed";
    public const string Escalated = "escalated";
    public const string Reopened = "reopened";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Received, Dispatched, Accepted, InProgress, Resolved, Closed, Escalated, Reopened, Cancelled];
}

public static class Priorities
{
    public const string Emergency = "emergency";
    public const string Normal = "normal";

    public static readonly IReadOnlyList<string> All = [Emergency, Normal];
}

/// <summary>How a change reached the desk, recorded on every history entry; a ticket also keeps the channel it arrived by.</summary>
public static class Channels
{
    public const string Web = "web";
    public const string Sms = "sms";
    public const string Console = "console";
    public const string System = "system";
    /// <summary>A technician's task page, opened from the link in their dispatch SMS.</summary>
    public const string Task = "task";

    /// <summary>Taken at the front desk by a clerk, for the owner (POST /api/staff/tickets).</summary>
    public const string Phone = "phone";
    public const string Counter = "counter";
    public const string Wechat = "wechat";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Web, Sms, Console, System, Task, Phone, Counter, Wechat, Other];

    /// <summary>The channels a clerk takes a ticket through.</summary>
    public static readonly IReadOnlyList<string> Desk = [Phone, Counter, Wechat, Other];

    /// <summary>The channels tickets arrive by, as the monthly report counts them.</summary>
    public static readonly IReadOnlyList<string> Intake = [Web, .. Desk];
}
