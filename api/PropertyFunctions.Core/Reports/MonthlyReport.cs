namespace PropertyFunctions.Core.Reports;

/// <summary>
/// What the monthly report reads of a ticket: the columns of the ticket's own row (no history reads), so the store
/// can select just these.
/// </summary>
public sealed record ReportTicket
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public bool Emergency { get; init; }
    public required string Status { get; init; }
    public string? Department { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; init; }
    /// <summary>The first acceptance (older rows without it: the latest).</summary>
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public int EscalationLevel { get; init; }
    public int ReopenCount { get; init; }
    public int? Score { get; init; }
    public bool? Fixed { get; init; }
    public string? MergedInto { get; init; }
    public DateTimeOffset? CallbackSentAt { get; init; }
    /// <summary>The first arrival on site (the task page's 到场).</summary>
    public DateTimeOffset? ArrivedAt { get; init; }
    /// <summary>Who accepted first, credited in the per-staff figures: roster name and phone, or a console user's name.</summary>
    public string? AcceptedBy { get; init; }
    public string? AcceptedByPhone { get; init; }
    /// <summary>How it reached the desk (<see cref="Tickets.Channels.Intake"/>).</summary>
    public string Channel { get; init; } = Tickets.Channels.Web;
    /// <summary>Set when an outage notice answered it at once.</summary>
    public string? AnsweredByNotice { get; init; }
}

/// <summary>
/// One community's month: the tickets created in it (local time), per department, judged as of
/// <see cref="GeneratedAt"/>. Durations are minutes; shares and rates are fractions from 0 to 1, null when nothing counts.
/// </summary>
public sealed record MonthlyReport(
    string Community,
    string Month,
    string TimeZone,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    string Population,
    ReportTargets Targets,
    IReadOnlyList<DepartmentFigures> Departments,
    DepartmentFigures Total,
    int Unrouted,
    IReadOnlyList<StaffFigures> Staff);

/// <summary>The service-level targets the compliance figures were judged against, in minutes.</summary>
public sealed record ReportTargets(double EmergencyAcceptMinutes, double OrdinaryAcceptOfficeMinutes, double ResolveMinutes,
    double EmergencyOnSiteMinutes, double OrdinaryOnSiteOfficeMinutes);

public sealed record DepartmentFigures(
    string Department,
    string Name,
    int Received,
    IReadOnlyDictionary<string, int> ByKind,
    IReadOnlyDictionary<string, int> ByChannel,
    int Emergencies,
    int Resolved,
    int Open,
    int Cancelled,
    int Merged,
    int AnsweredByNotice,
    Durations TimeToAccept,
    Durations TimeToResolve,
    Durations TimeToArrive,
    Compliance AcceptWithinTarget,
    Compliance ResolveWithinTarget,
    Compliance OnSiteWithinTarget,
    int Escalated,
    int Reopened,
    Satisfaction Satisfaction);

/// <summary>
/// One person's month: the tickets they accepted first (of those created in the month, cancelled and merged ones aside), how
/// long those took from the owner's report to acceptance, arrival on site and resolution, their ratings and reopenings.
/// <see cref="Phone"/> is masked; a console user has none.
/// </summary>
public sealed record StaffFigures(
    string Name,
    string? Phone,
    int Accepted,
    Durations TimeToAccept,
    Durations TimeToArrive,
    Durations TimeToResolve,
    int Ratings,
    double? AverageScore,
    int Reopened);

/// <summary>Median and 90th percentile (nearest rank) of <see cref="Count"/> durations, in minutes to one decimal.</summary>
public sealed record Durations(int Count, double? MedianMinutes, double? P90Minutes);

/// <summary>
/// Tickets that met or missed a target; <see cref="Pending"/> ones are still inside it and not counted in <see cref="Rate"/>
/// (met ÷ (met + missed)).
/// </summary>
public sealed record Compliance(int Met, int Missed, int Pending, double? Rate);

public sealed record Satisfaction(
    int Ratings,
    double? AverageScore,
    double? SatisfiedShare,
    int NotFixed,
    int CallbacksSent,
    int CallbacksAnswered,
    double? CallbackResponseRate);
