using System.Text.RegularExpressions;

namespace PropertyFunctions.Core.Common;

/// <summary>A problem with one field, as a message code plus its arguments; localized at the edge.</summary>
public sealed record FieldError(string Field, string Code, params object[] Args)
{
    public string Message(string language) => Messages.Get(Code, language, Args);
}

/// <summary>Collects field errors while checking a request.</summary>
public sealed partial class ErrorList
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;
    public bool Any => _errors.Count > 0;

    public void Add(string field, string code, params object[] args) => _errors.Add(new FieldError(field, code, args));

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex CommunitySlug();

    public static bool IsCommunitySlug(string? value) => value is not null && CommunitySlug().IsMatch(value);

    /// <summary>A community id (a short slug such as <c>sunshine-garden</c>), required; null when missing or malformed.</summary>
    public string? Community(string? value, string field = "community")
    {
        var community = Text(field, value, 40, required: true);
        if (community is not null && !CommunitySlug().IsMatch(community))
        {
            Add(field, "community_format");
            return null;
        }
        return community;
    }

    /// <summary>Trims the value; checks presence, length and control characters. Returns the trimmed value or null.</summary>
    public string? Text(string field, string? value, int maxLength, bool required, bool multiline = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                Add(field, "required");
            }
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(field, "too_long", maxLength);
            return null;
        }
        if (trimmed.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            Add(field, "control_chars");
            return null;
        }
        return trimmed;
    }

    public string? OneOf(string field, string? value, IReadOnlyList<string> allowed, bool required)
    {
        var text = Text(field, value, 40, required);
        if (text is null)
        {
            return null;
        }
        if (!allowed.Contains(text))
        {
            Add(field, "one_of", string.Join(", ", allowed));
            return null;
        }
        return text;
    }
}
