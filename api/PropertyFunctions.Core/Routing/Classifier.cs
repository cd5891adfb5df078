using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Routing;

/// <summary>The department and priority a ticket goes to, and why (the reason is written into the history).</summary>
public sealed record Classification(string Department, string Priority, bool EmergencyDetected, string Reason);

/// <summary>
/// Classifies tickets: the category chosen on the form first, then keyword rules in Chinese and
/// English (the department with the most matching keywords wins; ties go to the earlier rule),
/// else the service centre. Mediation always goes to the service centre, which runs it.
/// </summary>
public sealed class Classifier(RoutingRules rules)
{
    public static Classifier Default { get; } = new(RoutingRules.Default);

    public bool LooksLikeEmergency(string text) => FirstMatch(text, rules.EmergencyKeywords) is not null;

    /// <summary>The words that make a ticket an emergency; the owner form shows the 24-hour line when it sees one.</summary>
    public IReadOnlyList<string> EmergencyKeywords => rules.EmergencyKeywords;

    public Classification Classify(string kind, string? category, string description, bool emergencyClaimed, TimeOnly localTime)
    {
        var detected = LooksLikeEmergency(description);
        var priority = emergencyClaimed || detected ? Priorities.Emergency : Priorities.Normal;
        if (kind == TicketKinds.Mediation)
        {
            return new(Departments.Service, priority, detected, "mediation");
        }
        if (kind == TicketKinds.Fee)
        {
            // Fees are the service centre's business, whatever words the owner uses.
            return new(Departments.Service, priority, detected, "fee");
        }
        if (category is not null && rules.Categories.TryGetValue(category, out var byCategory))
        {
            return new(byCategory, priority, detected, $"category:{category}");
        }

        var night = rules.Night.Contains(localTime);
        string? best = null;
        string? bestKeyword = null;
        var bestScore = 0;
        foreach (var rule in rules.Rules)
        {
            if (rule.NightOnly && !night)
            {
                continue;
            }
            var score = 0;
            string? first = null;
            foreach (var keyword in rule.Keywords)
            {
                if (Contains(description, keyword))
                {
                    score++;
                    first ??= keyword;
                }
            }
            if (score > bestScore)
            {
                (best, bestScore, bestKeyword) = (rule.Department, score, first);
            }
        }
        return best is null
            ? new(Departments.Service, priority, detected, "default")
            : new(best, priority, detected, $"keyword:{bestKeyword}");
    }

    private static string? FirstMatch(string text, IEnumerable<string> keywords) =>
        keywords.FirstOrDefault(k => Contains(text, k));

    /// <summary>
    /// Chinese keywords match anywhere; Latin keywords must start and end on a word boundary,
    /// so "fire" matches "a fire in the hall" but not "fireworks" or "firefly".
    /// </summary>
    private static bool Contains(string text, string keyword)
    {
        var index = 0;
        while ((index = text.IndexOf(keyword, index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = index + keyword.Length;
            var startOk = index == 0 || !char.IsAsciiLetter(text[index - 1]) || !char.IsAsciiLetter(keyword[0]);
            var endOk = end == text.Length || !char.IsAsciiLetter(text[end]) || !char.IsAsciiLetter(keyword[^1])
                || (text[end] == 's' && (end + 1 == text.Length || !char.IsAsciiLetter(text[end + 1])));
            if (startOk && endOk)
            {
                return true;
            }
            index = end;
        }
        return false;
    }
}
