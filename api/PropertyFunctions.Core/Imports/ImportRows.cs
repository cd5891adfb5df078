using System.Text;
using System.Text.Json;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Imports;

/// <summary>One row of an import, field name → text, whether it came from JSON or CSV. Row numbers count from 1.</summary>
public sealed record ImportRow(int Number, IReadOnlyDictionary<string, string?> Fields)
{
    public string? this[string field] => Fields.TryGetValue(field, out var value) ? value : null;
}

/// <summary>
/// A column of an import: its header name, whether every row must fill it, and an example value (the template row the
/// console offers). What it means, in both languages, is in <see cref="Messages"/> under <c>column.{Name}</c>
/// and <c>column.{Name}.hint</c>.
/// </summary>
public sealed record ImportColumn(string Name, bool Required, string Example);

/// <summary>A rejected row and why, in the caller's language at the edge.</summary>
public sealed record RejectedRow(int Row, IReadOnlyList<FieldError> Errors);

/// <summary>The outcome of an all-or-nothing import: every row accepted and applied, or nothing applied.</summary>
public sealed record ImportResult<T>(IReadOnlyList<T> Accepted, IReadOnlyList<RejectedRow> Rejected)
{
    public bool Ok => Rejected.Count == 0;
}

/// <summary>
/// Reads import bodies: a JSON array of objects (or <c>{"rows": [...]}</c>), or CSV with a header row
/// (RFC 4180 quoting, UTF-8 with or without BOM). Field names are matched case-insensitively.
/// </summary>
public static class ImportReader
{
    public static IReadOnlyList<ImportRow> Read(ReadOnlySpan<byte> body, bool isCsv) => isCsv ? ReadCsv(body) : ReadJson(body);

    private static List<ImportRow> ReadJson(ReadOnlySpan<byte> body)
    {
        using var doc = JsonDocument.Parse(body.ToArray());
        var array = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("rows", out var rows)
            ? rows
            : doc.RootElement;
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("Expected a JSON array of rows.");
        }
        var result = new List<ImportRow>();
        var number = 0;
        foreach (var item in array.EnumerateArray())
        {
            number++;
            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (item.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in item.EnumerateObject())
                {
                    fields[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        JsonValueKind.Array => string.Join(';', property.Value.EnumerateArray().Select(v => v.ToString())),
                        _ => property.Value.GetRawText(),
                    };
                }
            }
            result.Add(new ImportRow(number, fields));
        }
        return result;
    }

    private static List<ImportRow> ReadCsv(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body).TrimStart('\uFEFF');
        var records = ParseCsv(text);
        if (records.Count == 0)
        {
            return [];
        }
        var header = records[0].Select(h => h.Trim()).ToArray();
        var result = new List<ImportRow>();
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < header.Length; c++)
            {
                fields[header[c]] = c < records[i].Count ? records[i][c] : null;
            }
            result.Add(new ImportRow(i, fields));
        }
        return result;
    }

    /// <summary>RFC 4180: commas separate, double quotes wrap fields that hold commas, quotes ("") or line breaks.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }
        return records;
    }

    /// <summary>Yes/no as people write it in a spreadsheet.</summary>
    public static bool? ParseBool(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "true" or "yes" or "y" or "1" or "是" or "对" => true,
        "false" or "no" or "n" or "0" or "否" or "不" => false,
        _ => null,
    };
}
