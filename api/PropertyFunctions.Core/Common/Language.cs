namespace PropertyFunctions.Core.Common;

/// <summary>The two languages the desk speaks. Chinese is the default.</summary>
public static class Language
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    /// <summary>Picks the language from an Accept-Language header or a stored preference.</summary>
    public static string From(string? acceptLanguage)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage))
        {
            return Chinese;
        }
        foreach (var part in acceptLanguage.Split(','))
        {
            var tag = part.Split(';')[0].Trim();
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return Chinese;
            }
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
        }
        return Chinese;
    }

    public static bool IsSupported(string? tag) => tag is Chinese or English;
}
