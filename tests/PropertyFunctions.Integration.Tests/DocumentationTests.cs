using System.Reflection;
using System.Text.RegularExpressions;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.LocalHost;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// The documents in docs/ are the product's reference, so they must not drift from the code: every setting the
/// operations guide lists must be read by the code, every route any document names must exist, and every HTTP
/// Function must be listed in the architecture's HTTP contract.
/// </summary>
public partial class DocumentationTests
{
    private static readonly string Root = RepositoryPaths.Root();

    private static readonly IReadOnlyList<FunctionMetadata> Functions =
        FunctionCatalog.Read(Path.Combine(AppContext.BaseDirectory, FunctionCatalog.FileName));

    /// <summary>Sections bound to option classes: a documented setting under them must be a property path of the class.</summary>
    private static readonly (string Prefix, Type Options)[] BoundSections =
    [
        ("Desk__ServiceLevels", typeof(ServiceLevels)),
        ("Desk", typeof(DeskOptions)),
        ("Sms", typeof(SmsOptions)),
    ];

    private static IEnumerable<string> Documents() =>
        Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Append(Path.Combine(Root, "README.md"));

    /// <summary>Settings named in the first column of the tables in the operations guide's "Settings" section.</summary>
    public static TheoryData<string> DocumentedSettings()
    {
        var data = new TheoryData<string>();
        var section = File.ReadLines(Path.Combine(Root, "docs", "operations.md"))
            .SkipWhile(l => l != "## Settings").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
        foreach (var line in section.Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var firstCell = line.Split('|')[1];
            foreach (Match m in CodeSpan().Matches(firstCell))
            {
                var name = m.Groups[1].Value;
                if (SettingName().IsMatch(name))
                {
                    data.Add(name);
                }
            }
        }
        return data;
    }

    [Fact]
    public void The_operations_guide_documents_settings() => Assert.True(DocumentedSettings().Count >= 30);

    [Theory]
    [MemberData(nameof(DocumentedSettings))]
    public void A_documented_setting_is_read_by_the_code(string setting)
    {
        foreach (var (prefix, options) in BoundSections)
        {
            if (setting.StartsWith(prefix + "__", StringComparison.OrdinalIgnoreCase))
            {
                Assert.True(Resolves(options, setting[(prefix.Length + 2)..].Split("__")),
                    $"{setting} is documented, but {options.Name} has no such property.");
                return;
            }
        }
        // Settings read by name (hosts, SDKs, telemetry): the name appears in the code or the Bicep that sets it.
        var colon = setting.Replace("__", ":");
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "api"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "infra"), "*.bicep", SearchOption.AllDirectories));
        Assert.True(sources.Any(f => File.ReadAllText(f) is var text && (text.Contains($"\"{setting}") || text.Contains($"\"{colon}") || text.Contains($"'{setting}'"))),
            $"{setting} is documented, but nothing in api/ or infra/ reads or sets it.");
    }

    private static bool Resolves(Type type, IReadOnlyList<string> path)
    {
        if (path.Count == 0)
        {
            return true;
        }
        if (path[0] == "<key>")
        {
            return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>);
        }
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is { CanWrite: true } && Resolves(property.PropertyType, path.Skip(1).ToList());
    }

    private static IEnumerable<(string Method, string Route)> HttpFunctions() =>
        Functions.Where(f => f.Trigger.Type == "httpTrigger")
            .SelectMany(f => f.Trigger.Methods!.Select(m => (m.ToUpperInvariant(), Normalize("/api/" + f.Trigger.Route))));

    /// <summary>"GET /api/tickets/{id}?k=" and the metadata's "tickets/{id}" compare equal: parameters and queries are dropped.</summary>
    private static string Normalize(string route) => Parameter().Replace(route.Split('?')[0].TrimEnd('/', '.', ',', ')'), "{}");

    private static IEnumerable<(string Method, string Route, string File)> DocumentedRoutes(IEnumerable<string> files) =>
        files.SelectMany(file => RouteMention().Matches(File.ReadAllText(file)).SelectMany(m =>
            m.Groups[1].Value.Replace("`", "").Split('/').Select(method => (method, Normalize(m.Groups[2].Value), Path.GetFileName(file)))));

    [Fact]
    public void Every_route_the_documents_name_exists()
    {
        var routes = HttpFunctions().ToHashSet();
        var documented = DocumentedRoutes(Documents()).ToList();
        Assert.NotEmpty(documented);
        var missing = documented.Where(d => !routes.Contains((d.Method, d.Route))).Select(d => $"{d.Method} {d.Route} ({d.File})").Distinct().ToList();
        Assert.True(missing.Count == 0, "Documented but not in functions.metadata: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_http_function_is_in_the_architecture_http_contract()
    {
        var documented = DocumentedRoutes([Path.Combine(Root, "docs", "architecture.md")]).Select(d => (d.Method, d.Route)).ToHashSet();
        var missing = HttpFunctions().Where(r => !documented.Contains(r)).Select(r => $"{r.Method} {r.Route}").ToList();
        Assert.True(missing.Count == 0, "Missing from docs/architecture.md, \"HTTP contract\": " + string.Join(", ", missing));
    }

    [Fact]
    public void No_document_or_comment_cites_a_design_outside_the_repository()
    {
        var files = Documents().Concat(Directory.EnumerateFiles(Path.Combine(Root, "api"), "*.cs", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.EndsWith(nameof(DocumentationTests) + ".cs", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => File.ReadAllText(f).Contains("DESIGN" + ".md", StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_stays_short() => Assert.True(new FileInfo(Path.Combine(Root, "README.md")).Length < 12 * 1024);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(__([A-Za-z0-9_]+|<key>))*$")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"((?:GET|POST|PUT|DELETE|PATCH)(?:`?/`?(?:GET|POST|PUT|DELETE|PATCH))*) (/api/[^\s`|]+)")]
    private static partial Regex RouteMention();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
