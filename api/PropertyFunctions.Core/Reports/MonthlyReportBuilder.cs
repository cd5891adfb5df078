using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Reports;

/// <summary>
/// The monthly figures per department and per person, as a pure function of the month's tickets and an instant. The population is the
/// tickets created in the month (local time); each is counted as it stands at <c>now</c>. Service-level misses are decided
/// by the same <see cref="ServiceLevelPolicy"/> the ServiceLevelWatch timer uses.
/// </summary>
public sealed class MonthlyReportBuilder(ServiceLevels levels, OfficeHours hours)
{
    public const string Population = "created";
    public const string AllDepartments = "all";

    private readonly ServiceLevelPolicy _policy = new(levels, hours);

    public MonthlyReport Build(string community, ReportMonth month, IEnumerable<ReportTicket> tickets, DateTimeOffset now, string language)
    {
        var (from, to) = month.Window(hours.Zone);
        // The store finds the month by id prefix (the local creation date); the creation time is the authority.
        var inMonth = tickets.Where(t => t.CreatedAt >= from && t.CreatedAt < to).ToList();
        var departments = Departments.All
            .Select(d => Figures(d, Messages.Get("department." + d, language), inMonth.Where(t => t.Department == d).ToList(), now))
            .ToList();
        return new MonthlyReport(
            community,
            month.ToString(),
            hours.Zone.Id,
            TimeZoneInfo.ConvertTime(from, hours.Zone),
            TimeZoneInfo.ConvertTime(to, hours.Zone),
            TimeZoneInfo.ConvertTime(now, hours.Zone),
            Population,
            new ReportTargets(levels.EmergencyAccept.TotalMinutes, levels.OrdinaryAccept.TotalMinutes, levels.OrdinaryResolve.TotalMinutes,
                levels.EmergencyOnSite.TotalMinutes, levels.OrdinaryOnSite.TotalMinutes),
            departments,
            Figures(AllDepartments, Messages.Get("department.all", language), inMonth, now),
            inMonth.Count(t => t.Department is null || !Departments.All.Contains(t.Department)),
            StaffFiguresOf(inMonth));
    }

    /// <summary>Per person who accepted first (by phone, or by name for console users), most tickets first.</summary>
    private static List<StaffFigures> StaffFiguresOf(List<ReportTicket> tickets) => tickets
        .Where(t => t.AcceptedBy is not null && !IsCancelled(t) && t.MergedInto is null)
        .GroupBy(t => t.AcceptedByPhone ?? "name:" + t.AcceptedBy)
        .Select(g =>
        {
            var list = g.ToList();
            var rated = list.Where(t => t.Score is not null).ToList();
            return new StaffFigures(
                list[^1].AcceptedBy!,
                list[0].AcceptedByPhone is { } phone ? PhoneNumber.Mask(phone) : null,
                list.Count,
                Summarize(list.Select(t => t.AcceptedAt!.Value - t.CreatedAt)),
                Summarize(list.Where(t => t.ArrivedAt is not null).Select(t => t.ArrivedAt!.Value - t.CreatedAt)),
                Summarize(list.Where(IsResolved).Select(t => t.ResolvedAt!.Value - t.CreatedAt)),
                rated.Count,
                rated.Count == 0 ? null : Math.Round(rated.Average(t => t.Score!.Value), 2, MidpointRounding.AwayFromZero),
                list.Count(WasReopened));
        })
        .OrderByDescending(s => s.Accepted).ThenBy(s => s.Name, StringComparer.Ordinal)
        .ToList();

    private DepartmentFigures Figures(string department, string name, List<ReportTicket> tickets, DateTimeOffset now)
    {
        // Cancelled, merged and notice-answered tickets needed no service: they count as received but not against any target or duration.
        var served = tickets.Where(t => !IsCancelled(t) && t.MergedInto is null && t.AnsweredByNotice is null).ToList();
        var accept = served.Select(t => AcceptState(t, now)).ToList();
        var resolve = served.Select(t => ResolveState(t, now)).ToList();
        var onSite = served.Select(t => OnSiteState(t, now)).ToList();
        var rated = tickets.Where(t => t.Score is not null).ToList();
        var callbacks = tickets.Where(t => t.CallbackSentAt is not null).ToList();
        return new DepartmentFigures(
            department,
            name,
            tickets.Count,
            TicketKinds.All.ToDictionary(k => k, k => tickets.Count(t => t.Kind == k)),
            Channels.Intake.ToDictionary(c => c, c => tickets.Count(t => t.Channel == c)),
            tickets.Count(t => t.Emergency),
            tickets.Count(IsResolved),
            tickets.Count(t => Lifecycle.IsOpen(t.Status)),
            tickets.Count(t => IsCancelled(t) && t.MergedInto is null),
            tickets.Count(t => t.MergedInto is not null),
            tickets.Count(IsAnsweredByNotice),
            Summarize(served.Where(t => t.AcceptedAt is not null).Select(t => t.AcceptedAt!.Value - t.CreatedAt)),
            Summarize(served.Where(IsResolved).Select(t => t.ResolvedAt!.Value - t.CreatedAt)),
            Summarize(served.Where(t => t.ArrivedAt is not null).Select(t => t.ArrivedAt!.Value - t.CreatedAt)),
            Tally(accept),
            Tally(resolve),
            Tally(onSite),
            tickets.Count(t => t.EscalationLevel >= 1),
            tickets.Count(WasReopened),
            new Satisfaction(
                rated.Count,
                rated.Count == 0 ? null : Math.Round(rated.Average(t => t.Score!.Value), 2, MidpointRounding.AwayFromZero),
                Share(rated.Count(t => t.Score >= 4), rated.Count),
                tickets.Count(t => t.Fixed == false),
                callbacks.Count,
                callbacks.Count(t => t.Score is not null),
                Share(callbacks.Count(t => t.Score is not null), callbacks.Count)));
    }

    /// <summary>How one ticket stands against one target.</summary>
    public enum TargetState { NotCounted, Pending, Met, Missed }

    /// <summary>
    /// Acceptance against its target, on the watch's clock: from dispatch (creation when never dispatched) to the first
    /// acceptance; a ticket still waiting counts as missed once the wait passes the target, pending before. A ticket resolved
    /// without being accepted is judged at its resolution.
    /// </summary>
    public TargetState AcceptState(ReportTicket t, DateTimeOffset now)
    {
        var start = t.DispatchedAt ?? t.CreatedAt;
        if (t.AcceptedAt is { } accepted)
        {
            return _policy.AcceptMissed(t.Emergency, start, accepted) ? TargetState.Missed : TargetState.Met;
        }
        if (IsResolved(t))
        {
            return _policy.AcceptMissed(t.Emergency, start, t.ResolvedAt!.Value) ? TargetState.Missed : TargetState.Met;
        }
        if (!Lifecycle.IsOpen(t.Status))
        {
            return TargetState.NotCounted;
        }
        return _policy.AcceptMissed(t.Emergency, start, now) ? TargetState.Missed : TargetState.Pending;
    }

    /// <summary>Resolution against its target (from creation, wall clock); open tickets count as missed once past it.</summary>
    public TargetState ResolveState(ReportTicket t, DateTimeOffset now)
    {
        if (IsResolved(t))
        {
            return _policy.ResolveMissed(t.CreatedAt, t.ResolvedAt!.Value) ? TargetState.Missed : TargetState.Met;
        }
        if (!Lifecycle.IsOpen(t.Status))
        {
            return TargetState.NotCounted;
        }
        return _policy.ResolveMissed(t.CreatedAt, now) ? TargetState.Missed : TargetState.Pending;
    }

    /// <summary>
    /// Being on site against its target, for work done on site (repairs, and every emergency): an emergency within 30 minutes of
    /// its report (wall clock), ordinary work within the window promised at its acceptance (office time). A ticket resolved with
    /// no arrival recorded was on site by its resolution at the latest and is judged then; an open one counts as missed once
    /// past the target, pending before (ordinary work not yet accepted has been promised nothing and is pending).
    /// </summary>
    public TargetState OnSiteState(ReportTicket t, DateTimeOffset now)
    {
        if (!t.Emergency && t.Kind != TicketKinds.Repair)
        {
            return TargetState.NotCounted;
        }
        var reached = t.ArrivedAt ?? (IsResolved(t) ? t.ResolvedAt : null);
        var start = t.Emergency ? t.CreatedAt : t.AcceptedAt ?? (reached is null ? null : t.DispatchedAt ?? t.CreatedAt);
        if (reached is { } at && start is { } from)
        {
            return _policy.OnSiteMissed(t.Emergency, from, at) ? TargetState.Missed : TargetState.Met;
        }
        if (!Lifecycle.IsOpen(t.Status))
        {
            return TargetState.NotCounted;
        }
        return start is { } since && _policy.OnSiteMissed(t.Emergency, since, now) ? TargetState.Missed : TargetState.Pending;
    }

    private static bool IsResolved(ReportTicket t) => t.ResolvedAt is not null && t.Status is TicketStatuses.Resolved or TicketStatuses.Closed;

    /// <summary>Closed at intake by an outage notice that answered it (an owner who then said "different" reopened it, and it no longer is).</summary>
    private static bool IsAnsweredByNotice(ReportTicket t) => t.AnsweredByNotice is not null && t.Status == TicketStatuses.Closed;

    /// <summary>Cancelled, or closed straight from cancelled (a close never follows anything else without a resolution, but for a notice's answer).</summary>
    private static bool IsCancelled(ReportTicket t) =>
        t.Status == TicketStatuses.Cancelled || (t.Status == TicketStatuses.Closed && t.ResolvedAt is null && t.AnsweredByNotice is null);

    /// <summary>
    /// Reopened at least once. Rows written before the counter existed still show it when reopened now, or when the owner's
    /// rating was low or "not fixed" (which always reopens).
    /// </summary>
    private static bool WasReopened(ReportTicket t) =>
        t.ReopenCount > 0 || t.Status == TicketStatuses.Reopened || t.Score <= 2 || t.Fixed == false;

    private static Compliance Tally(IReadOnlyList<TargetState> states)
    {
        var met = states.Count(s => s == TargetState.Met);
        var missed = states.Count(s => s == TargetState.Missed);
        return new Compliance(met, missed, states.Count(s => s == TargetState.Pending), Share(met, met + missed));
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);

    public static Durations Summarize(IEnumerable<TimeSpan> durations)
    {
        var minutes = durations.Select(d => Math.Max(0, d.TotalMinutes)).Order().ToArray();
        return minutes.Length == 0
            ? new Durations(0, null, null)
            : new Durations(minutes.Length, Round(Median(minutes)), Round(NearestRank(minutes, 90)));
    }

    /// <summary>The middle value, or the mean of the two middle values of an even count. <paramref name="sorted"/> is ascending.</summary>
    public static double Median(double[] sorted)
    {
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The smallest value with at least <paramref name="percent"/> % of the values at or below it (nearest rank). <paramref name="sorted"/> is ascending.</summary>
    public static double NearestRank(double[] sorted, int percent) => sorted[Math.Max(0, (percent * sorted.Length + 99) / 100 - 1)];

    private static double Round(double minutes) => Math.Round(minutes, 1, MidpointRounding.AwayFromZero);
}
