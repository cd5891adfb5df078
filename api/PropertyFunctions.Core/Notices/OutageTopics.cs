namespace PropertyFunctions.Core.Notices;

/// <summary>
/// Which outage an owner's words are about, and whether a notice covers it for their building now. "3栋怎么又停水了？" is
/// about water; a notice of type water that is active, has started, has not passed its expected end, and names building 3
/// (or the whole community) covers it.
/// </summary>
public static class OutageTopics
{
    /// <summary>The words that make a question about one outage type, in Chinese and English (matched ignoring case).</summary>
    private static readonly (string Type, string[] Words)[] Topics =
    [
        (NoticeTypes.Water, ["停水", "没水", "没有水", "断水", "水停了", "不来水", "没来水", "no water", "water is off", "water off", "water outage"]),
        (NoticeTypes.Power, ["停电", "没电", "没有电", "断电", "电停了", "no power", "power cut", "power outage", "power is off", "no electricity", "blackout"]),
        (NoticeTypes.Gas, ["停气", "没气", "没有气", "没燃气", "没有燃气", "没煤气", "没有煤气", "燃气停", "no gas", "gas is off", "gas off"]),
        (NoticeTypes.Elevator, ["电梯停", "电梯不能用", "电梯用不了", "电梯坏", "电梯不动", "电梯维修", "电梯检修", "电梯停运", "lift", "elevator"]),
        (NoticeTypes.Network, ["断网", "没网", "没有网", "网断", "上不了网", "网络", "宽带", "wifi", "wi-fi", "internet", "network", "broadband"]),
    ];

    /// <summary>The outage type the text asks about, or null.</summary>
    public static string? Detect(string text) =>
        Topics.FirstOrDefault(t => t.Words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))).Type;

    /// <summary>True when <paramref name="notice"/> is an active outage of <paramref name="type"/> in force at <paramref name="now"/> for the building.</summary>
    public static bool Covers(Notice notice, string type, string building, DateTimeOffset now) =>
        notice.Status == NoticeStatuses.Active && notice.Type == type && notice.StartsAt <= now
        && (notice.ExpectedEndAt is null || notice.ExpectedEndAt > now)
        && (notice.Buildings.Count == 0 || notice.Buildings.Any(b => BuildingKey(b) == BuildingKey(building)));

    /// <summary>"3", "3栋", " 3 号楼" all name building 3: owners and staff write buildings either way.</summary>
    public static string BuildingKey(string building)
    {
        var key = building.Trim().ToUpperInvariant();
        foreach (var suffix in new[] { "号楼", "栋", "幢", "座", "楼", "号" })
        {
            if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal))
            {
                return key[..^suffix.Length].Trim();
            }
        }
        return key;
    }
}
