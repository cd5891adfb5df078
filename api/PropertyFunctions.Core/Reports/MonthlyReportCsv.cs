using System.Globalization;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Reports;

/// <summary>
/// The monthly report as CSV: one row per department, then the total, with the same figures as the JSON answer
/// (minutes, and fractions from 0 to 1; an empty cell where nothing counts). Headers in the caller's language.
/// The HTTP layer adds the UTF-8 byte order mark so spreadsheet programs read the Chinese correctly.
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
        ("按时接单", "acceptMet", f => f.AcceptWithinTarget.Met),
        ("超时接单", "acceptMissed", f => f.AcceptWithinTarget.Missed),
        ("接单待定", "acceptPending", f => f.AcceptWithinTarget.Pending),
        ("按时接单率", "acceptRate", f => f.AcceptWithinTarget.Rate),
        ("按时完成", "resolveMet", f => f.ResolveWithinTarget.Met),
        ("超时完成", "resolveMissed", f => f.ResolveWithinTarget.Missed),
        ("完成待定", "resolvePending", f => f.ResolveWithinTarget.Pending),
        ("按时完成率", "resolveRate", f => f.ResolveWithinTarget.Rate),
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

    public static string Write(MonthlyReport report, string language)
    {
        var english = language == Language.English;
        var lines = new List<string> { string.Join(',', Columns.Select(c => english ? c.En : c.Zh)) };
        lines.AddRange(report.Departments.Append(report.Total).Select(f => string.Join(',', Columns.Select(c => Cell(c.Value(f))))));
        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>A file name such as <c>report-sunshine-garden-2026-11.csv</c> (the community is a slug, safe in a header).</summary>
    public static string FileName(MonthlyReport report) => $"report-{report.Community}-{report.Month}.csv";

    private static string KindName(string kind) => kind switch
    {
        TicketKinds.Repair => "报修",
        TicketKinds.Complaint => "投诉",
        TicketKinds.Suggestion => "建议",
        TicketKinds.Inquiry => "咨询",
        TicketKinds.Mediation => "邻里纠纷",
        _ => kind,
    };

    /// <summary>Only numbers and the desk's own department names reach a cell, so no quoting or formula guard is needed.</summary>
    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
