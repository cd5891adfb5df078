namespace PropertyFunctions.Core.Common;

public static class DurationText
{
    /// <summary>As a person says it: "30分钟", "2小时", "1.5 h".</summary>
    public static string Format(TimeSpan span, string language) => language == Language.English
        ? span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0} min"
        : span.TotalHours >= 1 ? $"{span.TotalHours:0.#}小时" : $"{span.TotalMinutes:0}分钟";
}
