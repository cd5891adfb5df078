using System.Text.Json;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>
/// What a history line says, kept as message codes with their values so each reader sees it in their own language:
/// an English-speaking owner reads "Dispatched to Engineering" where the clerk reads "已派单至工程部". Text someone typed
/// (a staff note, an owner's reason) is a value, shown as written. The texts are in <see cref="Messages"/>.
/// </summary>
public sealed record HistoryNote(IReadOnlyList<HistoryNote.Part> Parts)
{
    /// <summary>One message: its code and values. A null code is text shown as written (its one value).</summary>
    public sealed record Part(string? Code, IReadOnlyList<string> Args);

    /// <summary>A value that is itself a message code (a department, a channel, a ladder level), rendered in the reader's language.</summary>
    public readonly record struct Word(string Code);

    /// <summary>A duration, written the reader's way ("20分钟", "20 minutes").</summary>
    public readonly record struct Minutes(int Value);

    private const char CodeMark = '@';
    private const string MinutesMark = "@minutes:";

    /// <summary>A coded message. Values are strings (data, never read as codes or formats), <see cref="Word"/>s or <see cref="Minutes"/>.</summary>
    public static HistoryNote Of(string code, params object[] values) => new([new Part(code, values.Select(Encode).ToList())]);

    /// <summary>Text shown as it was written, in every language.</summary>
    public static HistoryNote Typed(string text) => new([new Part(null, [text])]);

    public static implicit operator HistoryNote?(string? text) => text is null ? null : Typed(text);

    /// <summary>"：{text}" after a line, for a reason someone gave; nothing when they gave none.</summary>
    public static HistoryNote? Reason(string? text) => text is null ? null : Of("history.reason", text);

    /// <summary>"（{text}）" after a line, for a remark added to it; nothing when there is none.</summary>
    public static HistoryNote? Aside(string? text) => text is null ? null : Of("history.aside", text);

    public HistoryNote Then(HistoryNote? next) => next is null ? this : new([.. Parts, .. next.Parts]);

    /// <summary>The note in a language (zh-CN or en).</summary>
    public string Render(string language) => string.Concat(Parts.Select(p => p.Code is null
        ? (p.Args.Count > 0 ? p.Args[0] : "")
        : Messages.Get(p.Code, language, p.Args.Select(a => (object)Decode(a, language)).ToArray())));

    public string ToJson() => JsonSerializer.Serialize(Parts.Select(p => new[] { p.Code }.Concat(p.Args)));

    /// <summary>Reads what <see cref="ToJson"/> wrote; null for anything else (a row written before notes had codes).</summary>
    public static HistoryNote? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            var parts = JsonSerializer.Deserialize<List<List<string?>>>(json);
            return parts is { Count: > 0 } && parts.All(p => p.Count > 0)
                ? new HistoryNote(parts.Select(p => new Part(p[0], p.Skip(1).Select(a => a ?? "").ToList())).ToList())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Values are stored as strings: a code is marked with '@', a literal that happens to start with '@' gets a second one.
    private static string Encode(object value) => value switch
    {
        Word w => CodeMark + w.Code,
        Minutes m => MinutesMark + m.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string s when s.StartsWith(CodeMark) => CodeMark + s,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static string Decode(string value, string language)
    {
        if (value.Length < 2 || value[0] != CodeMark || value[1] == CodeMark)
        {
            return value.Length > 1 && value[0] == CodeMark ? value[1..] : value;
        }
        if (value.StartsWith(MinutesMark, StringComparison.Ordinal) && int.TryParse(value[MinutesMark.Length..], out var minutes))
        {
            return DurationText.Format(TimeSpan.FromMinutes(minutes), language);
        }
        return Messages.Get(value[1..], language);
    }
}
