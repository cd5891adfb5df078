using System.Globalization;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Reports;

/// <summary>
/// The monthly report as CSV: one row per department, then the total, with the same figures as the JSON answer
/// (minutes, and fractions from 0 to 1; an empty cell where nothing counts); or the per-staff figures, one row per person.
/// Headers in the caller's language. The HTTP layer adds the UTF-8 byte order mark so spreadsheet programs read the Chinese correctly.
/// </summary>
public static class MonthlyReportCsv
{
    private static readonly (string Zh, string En, Func<DepartmentFigures, object?> Value)[] Columns =
    [
        ("部门代码", "department", f => f.Department),
        ("部门", "name", f => f.Name),
        ("受理", "received", f => f.Received),
        .. TicketKinds.All.Select(kind => ((string Zh, string En, Func<DepartmentFigures, object?> Value))
            (KindName(kind), kind, f => f.ByKind.GetValueOrDefault(kind))),
        ("紧急", "emergencies", f => f.Emergencies),
        ("已完成", "resolved", f => f.Resolved),
        ("未完成", "open", f => f.Open),
        ("已取消", "cancelled", f => f.Cancelled),
        ("已合并", "merged", f => f.Merged),
        ("通知已答复", "answeredByNotice", f => f.AnsweredByNotice),
        .. Channels.Intake.Select(channel => ((string Zh, string En, Func<DepartmentFigures, object?> Value))
            ("来源-" + Messages.Get("channel." + channel, Language.Chinese), "via_" + channel, f => f.ByChannel.GetValueOrDefault(channel))),
        ("接单数", "acceptedCount", f => f.TimeToAccept.Count),
        ("接单用时中位数(分钟)", "acceptMedianMinutes", f => f.TimeToAccept.MedianMinutes),
        ("接单用时P90(分钟)", "acceptP90Minutes", f => f.TimeToAccept.P90Minutes),
        ("完成数", "resolvedCount", f => f.TimeToResolve.Count),
        ("完成用时中位数(分钟)", "resolveMedianMinutes", f => f.TimeToResolve.MedianMinutes),
        ("完成用时P90(分钟)", "resolveP90Minutes", f => f.TimeToResolve.P90Minutes),
        ("到场数", "arrivedCount", f => f.TimeToArrive.Count),
        ("到场用时中位数(分钟)", "arriveMedianMinutes", f => f.TimeToArrive.MedianMinutes),
        ("到场用时P90(分钟)", "arriveP90Minutes", f => f.TimeToArrive.P90Minutes),
        ("按时接单", "acceptMet", f => f.AcceptWithinTarget.Met),
        ("超时接单", "acceptMissed", f => f.AcceptWithinTarget.Missed),
        ("接单待定", "acceptPending", f => f.AcceptWithinTarget.Pending),
        ("按时接单率", "acceptRate", f => f.AcceptWithinTarget.Rate),
        ("按时完成", "resolveMet", f => f.ResolveWithinTarget.Met),
        ("超时完成", "resolveMissed", f => f.ResolveWithinTarget.Missed),
        ("完成待定", "resolvePending", f => f.ResolveWithinTarget.Pending),
        ("按时完成率", "resolveRate", f => f.ResolveWithinTarget.Rate),
        ("按时到场", "onSiteMet", f => f.OnSiteWithinTarget.Met),
        ("超时到场", "onSiteMissed", f => f.OnSiteWithinTarget.Missed),
        ("到场待定", "onSitePending", f => f.OnSiteWithinTarget.Pending),
        ("按时到场率", "onSiteRate", f => f.OnSiteWithinTarget.Rate),
        ("升级", "escalated", f => f.Escalated),
        ("重开", "reopened", f => f.Reopened),
        ("评价数", "ratings", f => f.Satisfaction.Ratings),
        ("平均分", "averageScore", f => f.Satisfaction.AverageScore),
        ("4分及以上占比", "satisfiedShare", f => f.Satisfaction.SatisfiedShare),
        ("未修好", "notFixed", f => f.Satisfaction.NotFixed),
        ("回访数", "callbacksSent", f => f.Satisfaction.CallbacksSent),
        ("回访回复数", "callbacksAnswered", f => f.Satisfaction.CallbacksAnswered),
        ("回访回复率", "callbackResponseRate", f => f.Satisfaction.CallbackResponseRate),
    ];

    private static readonly (string Zh, string En, Func<StaffFigures, object?> Value)[] StaffColumns =
    [
        ("姓名", "name", s => Text(s.Name)),
        ("手机", "phone", s => s.Phone is { } phone ? Text(phone) : null),
        ("接单数", "accepted", s => s.Accepted),
        ("接单用时中位数(分钟)", "acceptMedianMinutes", s => s.TimeToAccept.MedianMinutes),
        ("到场数", "arrivedCount", s => s.TimeToArrive.Count),
        ("到场用时中位数(分钟)", "arriveMedianMinutes", s => s.TimeToArrive.MedianMinutes),
        ("完成数", "resolvedCount", s => s.TimeToResolve.Count),
        ("完成用时中位数(分钟)", "resolveMedianMinutes", s => s.TimeToResolve.MedianMinutes),
        ("评价数", "ratings", s => s.Ratings),
        ("平均分", "averageScore", s => s.AverageScore),
        ("重开", "reopened", s => s.Reopened),
    ];

    public static string Write(MonthlyReport report, string language) => Table(Columns, report.Departments.Append(report.Total), language);

    /// <summary>The per-staff figures, one row per person.</summary>
    public static string WriteStaff(MonthlyReport report, string language) => Table(StaffColumns, report.Staff, language);

    /// <summary>A file name such as <c>report-sunshine-garden-2026-11.csv</c>, or <c>…-staff.csv</c> (the community is a slug, safe in a header).</summary>
    public static string FileName(MonthlyReport report, bool staff = false) => $"report-{report.Community}-{report.Month}{(staff ? "-staff" : "")}.csv";

    private static string Table<T>((string Zh, string En, Func<T, object?> Value)[] columns, IEnumerable<T> rows, string language)
    {
        var english = language == Language.English;
        var lines = new List<string> { string.Join(',', columns.Select(c => english ? c.En : c.Zh)) };
        lines.AddRange(rows.Select(row => string.Join(',', columns.Select(c => Cell(c.Value(row))))));
        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>
    /// A person's name as a cell: quoted (RFC 4180), and never read as a formula: a leading = + - @ or control character is
    /// escaped with an apostrophe, as spreadsheet programs expect.
    /// </summary>
    private static string Text(string value)
    {
        var safe = value.Length > 0 && (value[0] is '=' or '+' or '-' or '@' || char.IsControl(value[0])) ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string KindName(string kind) => kind switch
    {
        TicketKinds.Repair => "报修",
        TicketKinds.Complaint => "投诉",
        TicketKinds.Suggestion => "建议",
        TicketKinds.Inquiry => "咨询",
        TicketKinds.Mediation => "邻里纠纷",
        TicketKinds.Fee => "缴费",
        _ => kind,
    };

    /// <summary>Numbers, masked phones, the desk's own department names and names already made safe by <see cref="Text"/> reach a cell.</summary>
    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
