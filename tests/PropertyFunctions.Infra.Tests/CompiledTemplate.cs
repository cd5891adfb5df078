using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PropertyFunctions.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once per test run by the real compiler, and a few read-only views of
/// the ARM JSON it produces: every resource of every nested module deployment, with what each
/// module was given for its parameters.
/// </summary>
public sealed partial class CompiledTemplate : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pf-infra-" + Guid.NewGuid().ToString("N"));

    public CompiledTemplate()
    {
        Directory.CreateDirectory(_directory);
        var output = Path.Combine(_directory, "main.json");
        Build = Bicep.Run("build", Bicep.InfraPath("main.bicep"), "--outfile", output);
        if (Build.ExitCode == 0)
        {
            _text = File.ReadAllText(output);
            _root = JsonNode.Parse(_text)!.AsObject();
        }
    }

    public CommandResult Build { get; }

    private readonly string? _text;
    private readonly JsonObject? _root;

    /// <summary>The compiled ARM JSON; every test that reads it fails with the compiler's output if the build failed.</summary>
    public string Text => _text ?? throw BuildFailed();

    public JsonObject Root => _root ?? throw BuildFailed();

    /// <summary>The top-level template and every module template nested in it.</summary>
    public IEnumerable<JsonObject> Templates => TemplatesUnder(Root);

    /// <summary>Every resource in every template, with the template that declares it and its deployment.</summary>
    public IEnumerable<DeclaredResource> Resources =>
        ResourcesUnder(Root, deployment: null, parent: null);

    public IEnumerable<DeclaredResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The names a resource declaration creates: its literal last name segment, or, for a copy loop
    /// over an array parameter (<c>parameters('p')[copyIndex()]</c>, maybe inside
    /// <c>format('{0}-suffix', …)</c>), each element of the array the module was given.
    /// </summary>
    public IReadOnlyList<string> NamesOf(DeclaredResource resource)
    {
        var name = resource.Name;
        if (ValuesOfLoop(resource, name) is { } values)
        {
            return values;
        }
        var literal = LiteralLastSegment().Match(name);
        return literal.Success ? [literal.Groups["name"].Value] : [name];
    }

    /// <summary>
    /// The strings a loop expression of <paramref name="resource"/> produces when it runs over an
    /// array parameter of its module (<c>parameters('p')[copyIndex()]</c> or, in a property loop,
    /// <c>copyIndex('property')</c>; maybe inside <c>format('{0}-suffix', …)</c>); null if the
    /// expression is no such loop.
    /// </summary>
    public static IReadOnlyList<string>? ValuesOfLoop(DeclaredResource resource, string expression)
    {
        var loop = LoopOverParameter().Match(expression);
        if (!loop.Success)
        {
            return null;
        }
        var values = ParameterValue(resource, loop.Groups["param"].Value)?.AsArray()
            ?? throw new InvalidOperationException($"cannot resolve the array behind {expression}");
        var suffix = loop.Groups["suffix"].Success ? loop.Groups["suffix"].Value : "";
        // An element may itself name a variable of the template that passed the array ('sms-events' as smsEventsQueue).
        return values.Select(v => VariableReference().Match(v!.GetValue<string>()) is { Success: true } variable && resource.ParentTemplate is { } parent
            ? parent["variables"]![variable.Groups["name"].Value]!.GetValue<string>()
            : v!.GetValue<string>()).Select(v => v + suffix).ToList();
    }

    /// <summary>What the module deployment passed for <paramref name="parameter"/>, resolved through
    /// the parent template's variables when it is a plain <c>[variables('x')]</c>.</summary>
    public static JsonNode? ParameterValue(DeclaredResource resource, string parameter)
    {
        var value = resource.Deployment?["properties"]?["parameters"]?[parameter]?["value"];
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            var variable = VariableReference().Match(text);
            if (variable.Success && resource.ParentTemplate is { } parent)
            {
                return parent["variables"]?[variable.Groups["name"].Value];
            }
        }
        return value;
    }

    /// <summary>
    /// A site's app settings by name, each value as a plain string or as an ARM expression (<c>[…]</c>). The settings
    /// are a literal array, or, with a loop appended, <c>[concat(createArray(createObject('name', 'x', 'value', …), …), …)]</c>,
    /// whose fixed objects are read here.
    /// </summary>
    public static Dictionary<string, string> AppSettings(DeclaredResource site)
    {
        var settings = site.Properties!["siteConfig"]!["appSettings"]!;
        if (settings is JsonArray array)
        {
            return array.ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>());
        }
        var expression = settings.GetValue<string>();
        var result = new Dictionary<string, string>();
        foreach (Match setting in SettingObject().Matches(expression))
        {
            var value = ArgumentAt(expression, setting.Index + setting.Length);
            result[setting.Groups["name"].Value] = value.StartsWith('\'') ? value[1..^1].Replace("''", "'", StringComparison.Ordinal) : $"[{value}]";
        }
        return result;
    }

    /// <summary>The ARM expression argument that starts at <paramref name="start"/>: up to the ',' or ')' that closes it.</summary>
    private static string ArgumentAt(string expression, int start)
    {
        var depth = 0;
        var quoted = false;
        for (var i = start; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && (c == ')' || c == ','))
            {
                if (depth == 0)
                {
                    return expression[start..i].Trim();
                }
                if (c == ')')
                {
                    depth--;
                }
            }
        }
        throw new InvalidOperationException($"unbalanced expression: {expression}");
    }

    private InvalidOperationException BuildFailed() => new($"bicep build failed:\n{Build.Output}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static IEnumerable<JsonObject> TemplatesUnder(JsonObject template)
    {
        yield return template;
        foreach (var resource in ResourceArray(template))
        {
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in TemplatesUnder(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<DeclaredResource> ResourcesUnder(JsonObject template, JsonObject? deployment, JsonObject? parent)
    {
        foreach (var resource in ResourceArray(template))
        {
            yield return new DeclaredResource(resource, template, deployment, parent);
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in ResourcesUnder(nested, resource, template))
                {
                    yield return inner;
                }
            }
        }
    }

    // Bicep emits "resources" as an array, or as an object keyed by symbolic name (language v2).
    private static IEnumerable<JsonObject> ResourceArray(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    [GeneratedRegex(@"(?:format\('\{0\}(?<suffix>[^']*)',\s*)?parameters\('(?<param>\w+)'\)\[copyIndex\((?:'\w+')?\)\]")]
    private static partial Regex LoopOverParameter();

    [GeneratedRegex(@"createObject\('name', '(?<name>[^']+)', 'value', ")]
    private static partial Regex SettingObject();

    [GeneratedRegex(@"'(?<name>[^']+)'\)\]$")]
    private static partial Regex LiteralLastSegment();

    [GeneratedRegex(@"^\[variables\('(?<name>\w+)'\)\]$")]
    private static partial Regex VariableReference();
}

/// <summary>A resource as declared in the compiled template.</summary>
public sealed record DeclaredResource(JsonObject Json, JsonObject Template, JsonObject? Deployment, JsonObject? ParentTemplate)
{
    public string Type => Json["type"]!.GetValue<string>();

    public string Name => Json["name"]!.GetValue<string>();

    public JsonNode? Properties => Json["properties"];
}
