using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Notices;

/// <summary>
/// A notice broadcast's SMS: version 1 is the notice (kind, title, when, where, as much of the body as fits two segments);
/// a later version is its update ("停水通知更新（3栋）：已于15:40恢复供水"). The words are in <see cref="SmsCatalogue"/>.
/// </summary>
public static class NoticeSms
{
    public static SmsMessage Compose(SmsComposer composer, Notice n, int version, TimeZoneInfo zone, string language)
    {
        var english = language == Language.English;
        var kind = Messages.Get("notice_type." + n.Type, language);
        if (version > 1 && n.Updates.LastOrDefault(u => u.Version == version) is { } update)
        {
            return composer.Compose(SmsCatalogue.NoticeUpdate, language,
                new Dictionary<string, string> { ["kind"] = kind, ["title"] = n.Title, ["text"] = update.Text });
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
        var values = new Dictionary<string, string> { ["title"] = n.Title, ["when"] = when, ["where"] = where, ["body"] = n.Body };
        if (NoticeTypes.IsOutage(n.Type) || n.Type == NoticeTypes.Works)
        {
            values["kind"] = kind;
            return composer.Compose(SmsCatalogue.NoticeOutage, language, values);
        }
        return composer.Compose(SmsCatalogue.NoticeGeneral, language, values);
    }
}
