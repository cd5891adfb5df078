using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Reports;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;
using static PropertyFunctions.Core.Reports.MonthlyReportBuilder;

namespace PropertyFunctions.Core.Tests;

public class ReportMonthTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData("2026-11", 2026, 11)]
    [InlineData("2000-01", 2000, 1)]
    [InlineData("2099-12", 2099, 12)]
    public void Months_are_read_as_yyyy_MM(string text, int year, int month)
    {
        Assert.True(ReportMonth.TryParse(text, out var parsed));
        Assert.Equal(new ReportMonth(year, month), parsed);
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-1")]
    [InlineData("26-11")]
    [InlineData("2026/11")]
    [InlineData("2026-11-01")]
    [InlineData("1999-12")]
    [InlineData("2100-01")]
    [InlineData("２０２６-11")]
    [InlineData("2026-1\n")]
    public void Anything_else_is_refused(string? text) => Assert.False(ReportMonth.TryParse(text, out _));

    [Fact]
    public void A_month_runs_from_local_midnight_to_local_midnight()
    {
        var (from, to) = new ReportMonth(2026, 11).Window(Shanghai);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), from);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), to);
        Assert.Equal("2611", new ReportMonth(2026, 11).IdPrefix);
        // December's end is January's start, in the next year.
        var december = new ReportMonth(2026, 12);
        Assert.Equal(new ReportMonth(2027, 1), december.Next());
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), december.Window(Shanghai).To);
        Assert.Equal("2612", december.IdPrefix);
    }

    [Fact]
    public void A_month_in_a_zone_with_daylight_saving_has_a_different_offset_at_each_end()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var (from, to) = new ReportMonth(2026, 3).Window(newYork);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(-5)), from);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(-4)), to);
        Assert.Equal(TimeSpan.FromDays(31) - TimeSpan.FromHours(1), to - from);
    }

    [Fact]
    public void The_current_month_is_the_local_one()
    {
        // 16:30 UTC on 30 November is 00:30 on 1 December in Shanghai.
        Assert.Equal(new ReportMonth(2026, 12), ReportMonth.Containing(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero), Shanghai));
        Assert.Equal(new ReportMonth(2026, 11), ReportMonth.Containing(new DateTimeOffset(2026, 11, 30, 15, 59, 0, TimeSpan.Zero), Shanghai));
        Assert.True(new ReportMonth(2027, 1).IsAfter(new ReportMonth(2026, 12)));
        Assert.False(new ReportMonth(2026, 12).IsAfter(new ReportMonth(2026, 12)));
    }
}

public class MonthlyReportTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly MonthlyReportBuilder Builder = new(new ServiceLevels(), OfficeHours.Default(Shanghai));
    private static readonly ReportMonth November = new(2026, 11);
    /// <summary>When the report is asked for: 10:00 local on 10 December, well after November.</summary>
    private static readonly DateTimeOffset Now = Local(12, 10, 10);

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static int _next;

    /// <summary>An ordinary engineering repair created at 10:00 local on 10 November and dispatched at once.</summary>
    private static ReportTicket Ticket(DateTimeOffset? created = null, string department = Departments.Engineering, string status = TicketStatuses.Dispatched)
    {
        var at = created ?? Local(11, 10, 10);
        return new ReportTicket
        {
            Id = $"{TimeZoneInfo.ConvertTime(at, Shanghai):yyMMdd}-{Interlocked.Increment(ref _next):D4}",
            Kind = TicketKinds.Repair,
            Status = status,
            Department = department,
            CreatedAt = at,
            DispatchedAt = at,
        };
    }

    private static ReportTicket Resolved(ReportTicket t, TimeSpan accept, TimeSpan resolve) => t with
    {
        Status = TicketStatuses.Resolved,
        AcceptedAt = t.CreatedAt + accept,
        ResolvedAt = t.CreatedAt + resolve,
    };

    private static DepartmentFigures Engineering(MonthlyReport r) => r.Departments.Single(d => d.Department == Departments.Engineering);

    [Fact]
    public void An_empty_month_has_every_department_with_zeros_and_no_averages()
    {
        var report = Builder.Build("sunshine-garden", November, [], Now, Language.Chinese);
        Assert.Equal(["engineering", "cleaning", "security", "service"], report.Departments.Select(d => d.Department));
        Assert.Equal(["工程部", "保洁部", "保安部", "客服中心"], report.Departments.Select(d => d.Name));
        Assert.Equal(("all", "合计"), (report.Total.Department, report.Total.Name));
        foreach (var d in report.Departments.Append(report.Total))
        {
            Assert.Equal(0, d.Received);
            Assert.All(d.ByKind.Values, v => Assert.Equal(0, v));
            Assert.Equal(new Durations(0, null, null), d.TimeToAccept);
            Assert.Equal(new Durations(0, null, null), d.TimeToResolve);
            Assert.Equal(new Compliance(0, 0, 0, null), d.AcceptWithinTarget);
            Assert.Equal(new Satisfaction(0, null, null, 0, 0, 0, null), d.Satisfaction);
        }
        Assert.Equal(0, report.Unrouted);
        Assert.Equal("2026-11", report.Month);
        Assert.Equal("created", report.Population);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8)), report.From);
        Assert.Equal(TimeSpan.FromHours(8), report.From.Offset);
        Assert.Equal(new ReportTargets(5, 120, 4320, 30, 120), report.Targets);
        Assert.Empty(report.Staff);
    }

    [Fact]
    public void Only_tickets_created_in_the_local_month_count()
    {
        DateTimeOffset[] inside =
        [
            new(2026, 10, 31, 16, 0, 0, TimeSpan.Zero),   // 1 Nov 00:00 local
            new(2026, 11, 30, 15, 59, 59, TimeSpan.Zero), // 30 Nov 23:59:59 local
        ];
        DateTimeOffset[] outside =
        [
            new(2026, 10, 31, 15, 59, 59, TimeSpan.Zero), // 31 Oct 23:59:59 local, though 31 Oct is "November" nowhere
            new(2026, 11, 30, 16, 0, 0, TimeSpan.Zero),   // 1 Dec 00:00 local, though still 30 Nov in UTC
        ];
        var report = Builder.Build("c", November, inside.Concat(outside).Select(at => Ticket(at)), Now, Language.Chinese);
        Assert.Equal(2, report.Total.Received);
        Assert.Equal(2, Engineering(report).Received);
    }

    [Fact]
    public void Tickets_are_counted_by_department_kind_and_outcome()
    {
        ReportTicket[] tickets =
        [
            Ticket() with { Emergency = true },
            Ticket() with { Kind = TicketKinds.Complaint, Status = TicketStatuses.InProgress, AcceptedAt = Local(11, 10, 10, 30) },
            Resolved(Ticket(), TimeSpan.FromMinutes(30), TimeSpan.FromHours(5)) with { Status = TicketStatuses.Closed },
            Ticket() with { Status = TicketStatuses.Cancelled },
            Ticket() with { Status = TicketStatuses.Cancelled, MergedInto = "261110-AAAA" },
            Ticket() with { Status = TicketStatuses.Closed }, // closed after a cancellation: never resolved
            Ticket(department: Departments.Cleaning) with { Kind = TicketKinds.Suggestion },
            Ticket() with { Department = null, Status = TicketStatuses.Received, DispatchedAt = null },
        ];
        var report = Builder.Build("c", November, tickets, Now, Language.English);
        var e = Engineering(report);
        Assert.Equal("Engineering", e.Name);
        Assert.Equal(6, e.Received);
        Assert.Equal(5, e.ByKind["repair"]);
        Assert.Equal(1, e.ByKind["complaint"]);
        Assert.Equal(0, e.ByKind["mediation"]);
        Assert.Equal(1, e.Emergencies);
        Assert.Equal(1, e.Resolved);
        Assert.Equal(2, e.Open);
        Assert.Equal(2, e.Cancelled);
        Assert.Equal(1, e.Merged);
        Assert.Equal(e.Received, e.Resolved + e.Open + e.Cancelled + e.Merged);
        var cleaning = report.Departments.Single(d => d.Department == Departments.Cleaning);
        Assert.Equal((1, 1), (cleaning.Received, cleaning.ByKind["suggestion"]));
        Assert.Equal(0, report.Departments.Single(d => d.Department == Departments.Security).Received);
        Assert.Equal(1, report.Unrouted);
        Assert.Equal(8, report.Total.Received);
        Assert.Equal("All departments", report.Total.Name);
    }

    [Fact]
    public void Times_to_accept_and_resolve_are_medians_and_nearest_rank_p90s_in_minutes()
    {
        // Accepted after 1..10 minutes, resolved after 1..10 hours.
        var tickets = Enumerable.Range(1, 10).Select(i => Resolved(Ticket(), TimeSpan.FromMinutes(i), TimeSpan.FromHours(i))).ToList();
        // Cancelled and merged work took no service: left out of the times.
        tickets.Add(Ticket() with { Status = TicketStatuses.Cancelled, AcceptedAt = Local(11, 12, 10) });
        var e = Engineering(Builder.Build("c", November, tickets, Now, Language.Chinese));
        Assert.Equal(new Durations(10, 5.5, 9), e.TimeToAccept);
        Assert.Equal(new Durations(10, 330, 540), e.TimeToResolve);
    }

    [Theory]
    [InlineData(new double[] { 7 }, 7, 7)]
    [InlineData(new double[] { 1, 2, 3 }, 2, 3)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 2.5, 4)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, 10.5, 18)]
    public void Median_and_p90(double[] sorted, double median, double p90)
    {
        Assert.Equal(median, Median(sorted));
        Assert.Equal(p90, NearestRank(sorted, 90));
    }

    [Fact]
    public void Durations_are_rounded_to_a_tenth_of_a_minute()
    {
        Assert.Equal(new Durations(2, 1.5, 2), Summarize([TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(119)]));
        Assert.Equal(new Durations(1, 0.1, 0.1), Summarize([TimeSpan.FromSeconds(5)]));
    }

    [Fact]
    public void Acceptance_is_judged_like_the_service_level_watch()
    {
        // Ordinary work: two office hours from dispatch. Dispatched 17:00, accepted 09:30 next day = 1.5 office hours.
        var overnight = Ticket(Local(11, 10, 17)) with { Status = TicketStatuses.Accepted, AcceptedAt = Local(11, 11, 9, 30) };
        Assert.Equal(TargetState.Met, Builder.AcceptState(overnight, Now));
        var slow = overnight with { AcceptedAt = Local(11, 11, 10) };
        Assert.Equal(TargetState.Missed, Builder.AcceptState(slow, Now));
        // Emergencies: five minutes, day or night.
        var emergency = Ticket(Local(11, 10, 2)) with { Emergency = true, Status = TicketStatuses.Accepted, AcceptedAt = Local(11, 10, 2, 6) };
        Assert.Equal(TargetState.Missed, Builder.AcceptState(emergency, Now));
        Assert.Equal(TargetState.Met, Builder.AcceptState(emergency with { AcceptedAt = Local(11, 10, 2, 4) }, Now));
        // Still waiting: pending inside the target, missed past it.
        var waiting = Ticket(Local(12, 10, 9));
        Assert.Equal(TargetState.Pending, Builder.AcceptState(waiting, Now));
        Assert.Equal(TargetState.Missed, Builder.AcceptState(waiting, Local(12, 10, 11)));
        // Waiting for the desk to open (never dispatched): the clock runs from creation in office time.
        var night = Ticket(Local(12, 9, 23)) with { Status = TicketStatuses.Received, DispatchedAt = null };
        Assert.Equal(TargetState.Pending, Builder.AcceptState(night, Local(12, 10, 9, 30)));
        // Reassigned after it was accepted: the first acceptance stands.
        var reassigned = overnight with { DispatchedAt = Local(11, 11, 15) };
        Assert.Equal(TargetState.Met, Builder.AcceptState(reassigned, Now));
        // Cancelled before anyone accepted: not counted.
        Assert.Equal(TargetState.NotCounted, Builder.AcceptState(Ticket() with { Status = TicketStatuses.Cancelled }, Now));
    }

    [Fact]
    public void Resolution_is_judged_against_three_days_from_creation()
    {
        var t = Ticket(Local(11, 20, 10));
        Assert.Equal(TargetState.Met, Builder.ResolveState(Resolved(t, TimeSpan.FromHours(1), TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1)), Now));
        Assert.Equal(TargetState.Missed, Builder.ResolveState(Resolved(t, TimeSpan.FromHours(1), TimeSpan.FromDays(3)), Now));
        Assert.Equal(TargetState.Pending, Builder.ResolveState(t with { Status = TicketStatuses.InProgress }, Local(11, 22, 10)));
        Assert.Equal(TargetState.Missed, Builder.ResolveState(t with { Status = TicketStatuses.Reopened }, Local(11, 23, 10)));
        Assert.Equal(TargetState.NotCounted, Builder.ResolveState(t with { Status = TicketStatuses.Cancelled }, Now));
    }

    [Fact]
    public void Compliance_counts_met_missed_and_pending_and_the_rate_leaves_pending_out()
    {
        var now = Local(11, 30, 12);
        ReportTicket[] tickets =
        [
            Resolved(Ticket(Local(11, 10, 10)), TimeSpan.FromMinutes(20), TimeSpan.FromHours(4)),     // met, met
            Resolved(Ticket(Local(11, 10, 10)), TimeSpan.FromMinutes(20), TimeSpan.FromDays(4)),      // met, missed
            Resolved(Ticket(Local(11, 10, 10)), TimeSpan.FromHours(3), TimeSpan.FromHours(5)),        // missed, met
            Ticket(Local(11, 30, 11)),                                                                // pending, pending
            Ticket(Local(11, 30, 11)) with { Status = TicketStatuses.Cancelled },                     // not counted
        ];
        var e = Engineering(Builder.Build("c", November, tickets, now, Language.Chinese));
        Assert.Equal(new Compliance(2, 1, 1, 0.6667), e.AcceptWithinTarget);
        Assert.Equal(new Compliance(2, 1, 1, 0.6667), e.ResolveWithinTarget);
    }

    [Fact]
    public void Escalations_reopenings_and_satisfaction()
    {
        var done = Resolved(Ticket(), TimeSpan.FromMinutes(10), TimeSpan.FromHours(2)) with { Status = TicketStatuses.Closed };
        ReportTicket[] tickets =
        [
            done with { Score = 5, Fixed = true },
            done with { Score = 4, CallbackSentAt = Local(11, 11, 10) },                  // answered the callback
            done with { Score = 3 },
            Ticket() with { Status = TicketStatuses.Reopened, Score = 2, Fixed = false, ReopenCount = 1, EscalationLevel = 1 },
            done with { ReopenCount = 1 },                                                 // reopened by staff, since resolved again
            done with { CallbackSentAt = Local(11, 11, 10) },                              // callback not answered
            Ticket() with { Status = TicketStatuses.Escalated, EscalationLevel = 2 },
        ];
        var e = Engineering(Builder.Build("c", November, tickets, Now, Language.Chinese));
        Assert.Equal(2, e.Escalated);
        Assert.Equal(2, e.Reopened);
        Assert.Equal(new Satisfaction(Ratings: 4, AverageScore: 3.5, SatisfiedShare: 0.5, NotFixed: 1, CallbacksSent: 2, CallbacksAnswered: 1,
            CallbackResponseRate: 0.5), e.Satisfaction);
    }

    [Fact]
    public void Rows_from_before_the_reopen_counter_still_show_their_reopening()
    {
        ReportTicket[] tickets =
        [
            Ticket() with { Status = TicketStatuses.Reopened },
            Resolved(Ticket(), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)) with { Score = 1 },
            Resolved(Ticket(), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)) with { Score = 5, Fixed = false },
            Resolved(Ticket(), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)) with { Score = 3 },
        ];
        Assert.Equal(3, Engineering(Builder.Build("c", November, tickets, Now, Language.Chinese)).Reopened);
    }

    [Fact]
    public void Channels_are_counted_and_tickets_a_notice_answered_are_counted_apart_from_the_work()
    {
        ReportTicket[] tickets =
        [
            Ticket(),
            Ticket() with { Channel = Channels.Phone },
            Ticket() with { Channel = Channels.Phone },
            Ticket() with { Channel = Channels.Counter },
            // Answered at intake by an outage notice: closed at once, no acceptance, no resolution.
            Ticket(status: TicketStatuses.Closed) with { Kind = TicketKinds.Inquiry, AnsweredByNotice = "N261110-W4TR", DispatchedAt = null },
            // Answered, then reopened for a person by its owner: the link is gone and it is ordinary work.
            Ticket() with { Kind = TicketKinds.Inquiry, Status = TicketStatuses.Received, DispatchedAt = null },
        ];
        var total = Builder.Build("c", November, tickets, Now, Language.Chinese).Total;
        Assert.Equal(6, total.Received);
        Assert.Equal(new Dictionary<string, int> { ["web"] = 3, ["phone"] = 2, ["counter"] = 1, ["wechat"] = 0, ["other"] = 0 }, total.ByChannel);
        Assert.Equal(1, total.AnsweredByNotice);
        Assert.Equal((0, 0, 5), (total.Cancelled, total.Resolved, total.Open));
        Assert.Equal(total.Received, total.Resolved + total.Open + total.Cancelled + total.Merged + total.AnsweredByNotice);
        // Nobody was owed service for the answered one: it is in no target.
        Assert.Equal(5, total.AcceptWithinTarget.Met + total.AcceptWithinTarget.Missed + total.AcceptWithinTarget.Pending);

        var csv = MonthlyReportCsv.Write(Builder.Build("c", November, tickets, Now, Language.Chinese), Language.Chinese).Split("\r\n");
        var header = csv[0].Split(',');
        var all = csv[5].Split(',');
        Assert.Equal(("1", "2", "1"), (all[Array.IndexOf(header, "通知已答复")], all[Array.IndexOf(header, "来源-电话")], all[Array.IndexOf(header, "来源-前台")]));
    }

    [Fact]
    public void The_csv_has_a_row_per_department_and_the_total_with_the_same_figures()
    {
        ReportTicket[] tickets =
        [
            Resolved(Ticket(), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)) with { Score = 5 },
            Ticket() with { Emergency = true },
        ];
        var report = Builder.Build("sunshine-garden", November, tickets, Now, Language.Chinese);
        var lines = MonthlyReportCsv.Write(report, Language.Chinese).Split("\r\n");
        Assert.Equal(7, lines.Length); // header, four departments, total, and the empty string after the last line break
        Assert.Equal("", lines[^1]);
        var header = lines[0].Split(',');
        Assert.Equal(["部门代码", "部门", "受理", "报修", "投诉", "建议", "咨询", "邻里纠纷", "缴费", "紧急"], header[..10]);
        var engineering = lines[1].Split(',');
        Assert.Equal(header.Length, engineering.Length);
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        Assert.Equal(("engineering", "工程部", "2", "2", "1"), (engineering[0], engineering[1], Cell(engineering, "受理"), Cell(engineering, "报修"), Cell(engineering, "紧急")));
        Assert.Equal("30", Cell(engineering, "接单用时中位数(分钟)"));
        Assert.Equal("120", Cell(engineering, "完成用时P90(分钟)"));
        Assert.Equal("0.5", Cell(engineering, "按时接单率")); // the waiting emergency missed its five minutes long ago
        Assert.Equal("5", Cell(engineering, "平均分"));
        Assert.Equal("", Cell(engineering, "回访回复率"));
        Assert.StartsWith("cleaning,保洁部,0,", lines[2]);
        Assert.StartsWith("all,合计,2,", lines[5]);

        var english = MonthlyReportCsv.Write(Builder.Build("sunshine-garden", November, tickets, Now, Language.English), Language.English).Split("\r\n");
        Assert.StartsWith("department,name,received,repair,complaint,suggestion,inquiry,mediation,fee,emergencies,resolved,open,", english[0]);
        Assert.StartsWith("engineering,Engineering,2,", english[1]);
        Assert.Equal("report-sunshine-garden-2026-11.csv", MonthlyReportCsv.FileName(report));
    }

    [Fact]
    public void Being_on_site_is_judged_for_work_done_on_site_against_the_window_promised()
    {
        // An emergency: 30 minutes of wall time from the owner's report, day or night.
        var burst = Ticket(Local(11, 10, 2)) with { Emergency = true, Status = TicketStatuses.InProgress, AcceptedAt = Local(11, 10, 2, 3) };
        Assert.Equal(TargetState.Met, Builder.OnSiteState(burst with { ArrivedAt = Local(11, 10, 2, 29) }, Now));
        Assert.Equal(TargetState.Missed, Builder.OnSiteState(burst with { ArrivedAt = Local(11, 10, 2, 30) }, Now));
        Assert.Equal(TargetState.Pending, Builder.OnSiteState(burst, Local(11, 10, 2, 20)));
        Assert.Equal(TargetState.Missed, Builder.OnSiteState(burst, Local(11, 10, 2, 40)));
        // Ordinary repairs: two office hours from acceptance, as the owner is told then; 17:00 to 09:30 next day is 1.5 of them.
        var repair = Ticket(Local(11, 10, 16)) with { Status = TicketStatuses.InProgress, AcceptedAt = Local(11, 10, 17) };
        Assert.Equal(TargetState.Met, Builder.OnSiteState(repair with { ArrivedAt = Local(11, 11, 9, 30) }, Now));
        Assert.Equal(TargetState.Missed, Builder.OnSiteState(repair with { ArrivedAt = Local(11, 11, 10, 30) }, Now));
        // Not accepted yet: nothing promised. Resolved with no arrival recorded: on site by the resolution at the latest.
        Assert.Equal(TargetState.Pending, Builder.OnSiteState(Ticket(Local(11, 10, 16)), Now));
        Assert.Equal(TargetState.Met, Builder.OnSiteState(Resolved(Ticket(), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)), Now));
        Assert.Equal(TargetState.Missed, Builder.OnSiteState(Resolved(Ticket(), TimeSpan.FromMinutes(10), TimeSpan.FromHours(4)), Now));
        // Complaints, inquiries and the like need no visit; cancelled work none either.
        Assert.Equal(TargetState.NotCounted, Builder.OnSiteState(repair with { Kind = TicketKinds.Inquiry }, Now));
        Assert.Equal(TargetState.NotCounted, Builder.OnSiteState(Ticket() with { Status = TicketStatuses.Cancelled }, Now));

        var e = Engineering(Builder.Build("c", November, [burst with { ArrivedAt = Local(11, 10, 2, 12) }, repair, repair with { ArrivedAt = Local(11, 11, 10, 30) }],
            Now, Language.Chinese));
        Assert.Equal(new Compliance(1, 2, 0, 0.3333), e.OnSiteWithinTarget);
        Assert.Equal(new Durations(2, 561, 1110), e.TimeToArrive);
    }

    [Fact]
    public void Each_person_who_accepted_first_gets_their_own_figures()
    {
        ReportTicket Zhang(ReportTicket t) => t with { AcceptedBy = "张师傅", AcceptedByPhone = "+8613900000001" };
        ReportTicket[] tickets =
        [
            Zhang(Resolved(Ticket(), TimeSpan.FromMinutes(10), TimeSpan.FromHours(2)) with { ArrivedAt = Local(11, 10, 10, 40), Score = 5 }),
            Zhang(Resolved(Ticket(), TimeSpan.FromMinutes(20), TimeSpan.FromHours(4)) with { ArrivedAt = Local(11, 10, 11), Score = 2, ReopenCount = 1 }),
            Zhang(Ticket() with { Status = TicketStatuses.InProgress, AcceptedAt = Local(11, 10, 10, 30) }),
            Zhang(Ticket() with { Status = TicketStatuses.Cancelled, AcceptedAt = Local(11, 10, 10, 5) }),          // cancelled: no service
            Resolved(Ticket(), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)) with { AcceptedBy = "客服小王" },   // a console user: no phone
            Ticket(),                                                                                               // nobody accepted yet
        ];
        var staff = Builder.Build("c", November, tickets, Now, Language.Chinese).Staff;
        Assert.Equal(2, staff.Count);
        Assert.Equal(new StaffFigures("张师傅", "+86*******0001", 3, new Durations(3, 20, 30), new Durations(2, 50, 60), new Durations(2, 180, 240),
            2, 3.5, 1), staff[0]);
        Assert.Equal(("客服小王", null, 1), (staff[1].Name, staff[1].Phone, staff[1].Accepted));
    }

    [Fact]
    public void The_staff_csv_quotes_names_and_never_lets_a_cell_start_a_formula()
    {
        ReportTicket[] tickets =
        [
            Resolved(Ticket(), TimeSpan.FromMinutes(10), TimeSpan.FromHours(2)) with { AcceptedBy = "=HYPERLINK(\"x\")", AcceptedByPhone = "+8613900000001" },
        ];
        var report = Builder.Build("sunshine-garden", November, tickets, Now, Language.English);
        var lines = MonthlyReportCsv.WriteStaff(report, Language.English).Split("\r\n");
        Assert.Equal("name,phone,accepted,acceptMedianMinutes,arrivedCount,arriveMedianMinutes,resolvedCount,resolveMedianMinutes,ratings,averageScore,reopened", lines[0]);
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\",\"'+86*******0001\",1,10,0,,1,120,0,,0", lines[1]);
        Assert.Equal("report-sunshine-garden-2026-11-staff.csv", MonthlyReportCsv.FileName(report, staff: true));
    }
}
