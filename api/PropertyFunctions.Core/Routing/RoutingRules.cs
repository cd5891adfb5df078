using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropertyFunctions.Core.Routing;

/// <summary>The routing data (routing-rules.json): keywords and categories per department, emergency keywords.</summary>
public sealed record RoutingRules
{
    public required IReadOnlyList<string> EmergencyKeywords { get; init; }
    public required IReadOnlyDictionary<string, string> Categories { get; init; }
    public required IReadOnlyList<KeywordRule> Rules { get; init; }
    public required NightWindow Night { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The rules shipped with the product (embedded routing-rules.json).</summary>
    public static RoutingRules Default { get; } = Load();

    public static RoutingRules Parse(string json) =>
        JsonSerializer.Deserialize<RoutingRules>(json, Json) ?? throw new InvalidDataException("Routing rules are empty.");

    private static RoutingRules Load()
    {
        using var stream = typeof(RoutingRules).Assembly.GetManifestResourceStream("routing-rules.json")
            ?? throw new InvalidOperationException("routing-rules.json is not embedded.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}

public sealed record KeywordRule(string Department, IReadOnlyList<string> Keywords)
{
    /// <summary>Only applies when the ticket arrives at night (noise is security's at night, the service centre's by day).</summary>
    [JsonPropertyName("nightOnly")]
    public bool NightOnly { get; init; }
}

public sealed record NightWindow(TimeOnly From, TimeOnly To)
{
    public bool Contains(TimeOnly time) => From <= To ? time >= From && time < To : time >= From || time < To;
}
