using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Messaging;

/// <summary>
/// The texts of every SMS, in Chinese and English. Owner updates aim for one segment where the text
/// allows (a tracking link alone is ~60 characters, so messages with a link take two in Chinese);
/// dispatches fit two segments, shortening the owner's description to make room.
/// </summary>
public static class SmsTemplates
{
    private const string SignZh = "【物业客服】";
    private const string SignEn = "Property desk: ";

    public static string DepartmentName(string? department, string language) => (department, language == Language.English) switch
    {
        (Departments.Engineering, false) => "工程部",
        (Departments.Cleaning, false) => "保洁部",
        (Departments.Security, false) => "保安部",
        (Departments.Service, false) => "客服中心",
        (Departments.Engineering, true) => "engineering",
        (Departments.Cleaning, true) => "cleaning",
        (Departments.Security, true) => "security",
        _ => language == Language.English ? "the service centre" : "客服中心",
    };

    public static string AckOpen(string id, string link, string language) => language == Language.English
        ? $"{SignEn}We have your request {id} and will arrange it shortly. Track: {link}"
        : $"{SignZh}已收到您的报事{id}，将尽快安排。进度：{link}";

    public static string AckClosed(string id, string link, string opens, string emergencyPhone, string language) => language == Language.English
        ? $"{SignEn}We have your request {id}. The desk opens at {opens} and will arrange it then; emergencies: {emergencyPhone}. Track: {link}"
        : $"{SignZh}已收到报事{id}，{opens}上班后安排；紧急请拨{emergencyPhone}。进度：{link}";

    public static string AckEmergency(string id, string link, string emergencyPhone, string language) => language == Language.English
        ? $"{SignEn}Emergency {id} received: on-call staff are on their way. Also call {emergencyPhone}. Track: {link}"
        : $"{SignZh}紧急报事{id}已收到，值班人员正赶来，请同时拨打{emergencyPhone}。进度：{link}";

    /// <summary>To staff: what, where, who, and how to accept by reply. Fits two segments.</summary>
    public static string Dispatch(Ticket t, string language)
    {
        var compact = t.Id.Replace("-", "", StringComparison.Ordinal);
        var english = language == Language.English;
        var head = t.Emergency ? (english ? "URGENT " : "【紧急】") : (english ? "JOB " : "【派单】");
        var frame = english
            ? $"{head}{t.Id} {t.Address} {t.Name} {t.Phone}: {{0}} Reply JD {compact} to accept"
            : $"{head}{t.Id} {t.Address} {t.Name}{t.Phone}：{{0}} 回复JD {compact}接单";
        return FitTwoSegments(frame, t.Description);
    }

    /// <summary>To the owner when staff accept, with the service-level time ("工程师傅已接单，预计30分钟内到达").</summary>
    public static string Accepted(Ticket t, string staffName, TimeSpan expected, string language) => language == Language.English
        ? $"{SignEn}{staffName} ({DepartmentName(t.Department, language)}) has taken {t.Id} and expects to be with you within {Duration(expected, language)}."
        : $"{SignZh}{DepartmentName(t.Department, language)}{staffName}已接单{t.Id}，预计{Duration(expected, language)}内到达。";

    public static string Resolved(string id, string link, string language) => language == Language.English
        ? $"{SignEn}{id} is done. Please rate it (reply 1-5): {link}"
        : $"{SignZh}工单{id}已处理完毕，请评价（可回复1-5）：{link}";

    public static string Taken(string id, string byName, string language) => language == Language.English
        ? $"{SignEn}{id} was taken by {byName}; no action needed."
        : $"{SignZh}{id}已由{byName}接单，无需处理。";

    /// <summary>The satisfaction callback (回访), sent once when a resolved ticket has no rating after a day.</summary>
    public static string Callback(string id, string link, string language) => language == Language.English
        ? $"{SignEn}How did we do with {id}? Reply 1-5 (5 = very satisfied) or rate here: {link}"
        : $"{SignZh}回访：工单{id}您满意吗？回复1-5分（5为非常满意），或点此评价：{link}";

    public static string Merged(string id, string intoId, string link, string language) => language == Language.English
        ? $"{SignEn}{id} is the same matter as {intoId}; we follow it there: {link}"
        : $"{SignZh}您的报事{id}与{intoId}为同一事项，已合并处理，进度：{link}";

    /// <summary>To the duty supervisor: a ticket needs them (escalation, low score, missed service level).</summary>
    public static string SupervisorAlert(Ticket t, string reason) =>
        $"【升级】{t.Id} {DepartmentName(t.Department, Language.Chinese)} {t.Address}：{reason}。请跟进。";

    public static string Help(string language) => language == Language.English
        ? $"{SignEn}Reply JD <ticket> to accept, WC <ticket> when done. Owners: reply 1-5 to rate, TD to unsubscribe."
        : $"{SignZh}回复“JD 工单号”接单，“WC 工单号”完工；业主回复1-5评价，回复TD退订。";

    public static string OptedOut(string language) => language == Language.English
        ? $"{SignEn}You will no longer get reminders or notices. Updates on your own requests continue."
        : $"{SignZh}已退订提醒和通知短信，您自己报事的进度短信不受影响。";

    public static string Duration(TimeSpan span, string language) => language == Language.English
        ? span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0} min"
        : span.TotalHours >= 1 ? $"{span.TotalHours:0.#}小时" : $"{span.TotalMinutes:0}分钟";

    /// <summary>
    /// Safety notices reach every affected household, opted out or not: without water, power or gas people
    /// need to know (stored water, lifts, pumps, cooking). Everything else honours TD/退订.
    /// </summary>
    public static bool IsSafetyNotice(string type) => type is NoticeTypes.Water or NoticeTypes.Power or NoticeTypes.Gas;

    public static string NoticeKind(string type, string language) => (type, language == Language.English) switch
    {
        (NoticeTypes.Water, false) => "停水",
        (NoticeTypes.Power, false) => "停电",
        (NoticeTypes.Gas, false) => "停气",
        (NoticeTypes.Elevator, false) => "电梯停运",
        (NoticeTypes.Works, false) => "施工",
        (NoticeTypes.Event, false) => "活动",
        (_, false) => "",
        (NoticeTypes.Water, true) => "Water outage",
        (NoticeTypes.Power, true) => "Power outage",
        (NoticeTypes.Gas, true) => "Gas outage",
        (NoticeTypes.Elevator, true) => "Lift out of service",
        (NoticeTypes.Works, true) => "Works",
        (NoticeTypes.Event, true) => "Event",
        _ => "Notice",
    };

    /// <summary>
    /// A notice broadcast: version 1 is the notice (kind, title, when, where, as much of the body as fits two
    /// segments); a later version is its update ("停水更新：已于15:40恢复供水").
    /// </summary>
    public static string Notice(Notice n, int version, TimeZoneInfo zone, string language)
    {
        var english = language == Language.English;
        var kind = NoticeKind(n.Type, language);
        var title = Literal(n.Title);
        if (version > 1 && n.Updates.LastOrDefault(u => u.Version == version) is { } update)
        {
            var updateFrame = english ? $"{SignEn}{kind} update, {title}: {{0}}" : $"{SignZh}{kind}通知更新（{title}）：{{0}}";
            return FitTwoSegments(updateFrame, update.Text);
        }
        var start = DeskTimes.ForSms(n.StartsAt, zone, language);
        var end = n.ExpectedEndAt is { } e ? DeskTimes.ForSms(e, zone, language) : null;
        var when = english ? (end is null ? $"from {start}" : $"{start} to {end}") : (end is null ? $"{start}起" : $"{start}至{end}");
        var shown = n.Buildings.Take(5).ToList();
        var where = n.Buildings.Count == 0
            ? (english ? "whole community" : "全小区")
            : english
                ? "buildings " + string.Join(", ", shown) + (n.Buildings.Count > shown.Count ? $" and {n.Buildings.Count - shown.Count} more" : "")
                : string.Join("、", shown.Select(b => b + "栋")) + (n.Buildings.Count > shown.Count ? $"等{n.Buildings.Count}栋" : "");
        var frame = english
            ? $"{SignEn}{kind}: {title}. {Literal(when)}, {Literal(where)}. {{0}}"
            : $"{SignZh}{(kind.Length > 0 ? kind + "通知：" : "")}{title}。{Literal(when)}，{Literal(where)}。{{0}}";
        return FitTwoSegments(frame, n.Body);
    }

    public static string SignupConfirmed(string title, string start, string place, int people, string language) => language == Language.English
        ? $"{SignEn}You are signed up for \"{title}\" ({people}): {start} at {place}."
        : $"{SignZh}您已报名“{title}”（{people}人），{start}在{place}，请准时参加。";

    public static string SignupWaiting(string title, int position, string language) => language == Language.English
        ? $"{SignEn}\"{title}\" is full; you are number {position} on the waiting list."
        : $"{SignZh}“{title}”名额已满，您已登记候补第{position}位。";

    public static string EventReminder(string title, string start, string place, string language) => language == Language.English
        ? $"{SignEn}Reminder: \"{title}\" is tomorrow, {start} at {place}."
        : $"{SignZh}温馨提醒：“{title}”将于明天{start}在{place}举行，期待您参加。";

    /// <summary>User text placed in a format frame: braces doubled so string.Format keeps them as written.</summary>
    private static string Literal(string text) => text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    /// <summary>Puts as much of <paramref name="text"/> into <paramref name="frame"/>'s {0} as two segments allow.</summary>
    private static string FitTwoSegments(string frame, string text)
    {
        var flat = text.Replace('\n', ' ').Replace('\r', ' ');
        var full = string.Format(System.Globalization.CultureInfo.InvariantCulture, frame, flat);
        if (SmsSegments.Count(full).Segments <= 2)
        {
            return full;
        }
        var low = 0;
        var high = flat.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            var candidate = string.Format(System.Globalization.CultureInfo.InvariantCulture, frame, flat[..mid] + "…");
            if (SmsSegments.Count(candidate).Segments <= 2)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, frame, flat[..low] + "…");
    }
}
