using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PropertyFunctions.Infra.Tests;

/// <summary>
/// The azd hooks program (infra/hooks), run as azd runs it: from a copy of the repository root (azure.yaml, the
/// committed owner pages, config.json and the console page, plus one page with the emulator sources the owner pages
/// use for photos), with the azd environment's values as environment variables, a fake <c>azd</c> on the PATH that
/// records every <c>azd env set</c> and hands out a token, and Azure Resource Manager on a loopback port.
/// </summary>
public sealed partial class AzdHookTests : IDisposable
{
    private const string EnvironmentName = "prod-desk";
    private const string Subscription = "3f1c2a7e-0000-4000-8000-00000000c0de";
    private const string Location = "eastasia";
    private const string ApiBaseUrl = "https://func-test.azurewebsites.net";
    private const string PhotosOrigin = "https://sttest.blob.core.windows.net";
    private const string SamplePage = "web/photo-sample.html";
    private const string SampleCsp =
        "default-src 'self'; img-src 'self' blob: http://127.0.0.1:*; connect-src 'self' http://127.0.0.1:*";

    private const string Stacks = $"providers/Microsoft.Web/locations/{Location}/functionAppStacks" +
        "?api-version=2020-10-01&removeHiddenStacks=true&removeDeprecatedStacks=true&stack=dotnet&sku=FC1";
    private const string GroupPermissions =
        $"subscriptions/{Subscription}/resourceGroups/rg-{EnvironmentName}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01";
    private const string SubscriptionPermissions =
        $"subscriptions/{Subscription}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01";
    private const string Budget =
        $"subscriptions/{Subscription}/resourceGroups/rg-{EnvironmentName}/providers/Microsoft.Consumption/budgets/budget-{EnvironmentName}?api-version=2023-11-01";
    private const string DeletedVaults = $"subscriptions/{Subscription}/providers/Microsoft.KeyVault/deletedVaults?api-version=2023-07-01";

    private const string Owner = """{"value":[{"actions":["*"],"notActions":[],"dataActions":[],"notDataActions":[]}]}""";
    private const string Contributor = """
        {"value":[{"actions":["*"],"notActions":["Microsoft.Authorization/*/Delete","Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action","Microsoft.Blueprint/blueprintAssignments/write"],"dataActions":[],"notDataActions":[]}]}
        """;
    private const string RbacAdministratorAndContributor = """
        {"value":[{"actions":["*"],"notActions":["Microsoft.Authorization/*/Delete","Microsoft.Authorization/*/Write"]},
        {"actions":["Microsoft.Authorization/roleAssignments/write","Microsoft.Authorization/roleAssignments/delete","*/read"],"notActions":[]}]}
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "pf-hooks-" + Guid.NewGuid().ToString("N"));
    private readonly string _calls;
    private readonly Dictionary<string, string> _originals = [];
    private readonly LoopbackArm _arm = new();

    public AzdHookTests()
    {
        var web = Path.Combine(Bicep.RepositoryRoot, "web");
        foreach (var file in Directory.GetFiles(web, "*.html").Append(Path.Combine(web, "config.json")).Append(Path.Combine(web, "staff", "index.html")))
        {
            Keep(Path.GetRelativePath(Bicep.RepositoryRoot, file).Replace('\\', '/'), File.ReadAllText(file));
        }
        Keep(SamplePage, $"<!doctype html><meta http-equiv=\"Content-Security-Policy\" content=\"{SampleCsp}\"><img src=\"x.jpg\">\n");
        File.Copy(Path.Combine(Bicep.RepositoryRoot, "azure.yaml"), Path.Combine(_root, "azure.yaml"));

        _calls = Path.Combine(_root, "azd-calls.txt");
        var bin = Directory.CreateDirectory(Path.Combine(_root, "fake-bin")).FullName;
        var azd = Path.Combine(bin, "azd");
        File.WriteAllText(azd, """
            #!/bin/sh
            # azd as the hooks use it: `env set` is recorded, `auth token` hands out the loopback ARM's token.
            printf '%s\n' "$*" >> "$FAKE_AZD_CALLS"
            case "$1 $2" in
              "env set") exit 0 ;;
              "auth token") printf '{"token":"%s","expiresOn":"2030-01-01T00:00:00Z"}\n' "$FAKE_AZD_TOKEN" ;;
              *) echo "fake azd: unexpected: $*" >&2; exit 2 ;;
            esac
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(azd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    // ---- preprovision ----

    [Fact]
    public void Preprovision_checks_before_anything_is_created_then_makes_the_token_key_and_reads_budget_and_vault()
    {
        _arm.Answer(Stacks, FlexStacks("10.0"))
            .Answer(SubscriptionPermissions, Owner) // no resource group yet
            .Answer(DeletedVaults, DeletedVault("kv-5xqdzu2jgdi5e", EnvironmentName, "eastasia"));

        var run = Hook("preprovision", Provisioning(("BUDGET_CONTACT_EMAIL", "ops@example.com")));

        Assert.True(run.ExitCode == 0, run.Output);
        var sets = EnvSets();
        var key = Convert.FromBase64String(sets["DESK_TOKEN_KEY"]);
        Assert.Equal(32, key.Length);
        var sessionKey = Convert.FromBase64String(sets["DESK_OWNER_SESSION_KEY"]);
        Assert.Equal(32, sessionKey.Length);
        Assert.NotEqual(key, sessionKey);
        // A new budget: no start date, so infra/main.bicep starts it this month.
        Assert.Equal("", sets.GetValueOrDefault("BUDGET_START_DATE", ""));
        Assert.Equal("true", sets["KEY_VAULT_RECOVER"]);
        // Every value goes to the environment this hook runs for, and the token comes from azd's own sign-in.
        Assert.All(Calls().Where(c => c.StartsWith("env set", StringComparison.Ordinal)), c => Assert.EndsWith($" -e {EnvironmentName}", c, StringComparison.Ordinal));
        Assert.Contains($"auth token --output json --scope {_arm.Endpoint.TrimEnd('/')}/.default", Calls());
        Assert.DoesNotContain(_arm.Requests, r => r.StartsWith("UNAUTHORIZED", StringComparison.Ordinal));
        Assert.Contains($"GET /{Budget}", _arm.Requests);
    }

    [Fact]
    public void Preprovision_run_again_keeps_the_token_key_and_an_existing_budget_keeps_its_start()
    {
        _arm.Answer(Stacks, FlexStacks("10.0"))
            .Answer(GroupPermissions, Owner)
            .Answer(Budget, """{"name":"budget-prod-desk","properties":{"amount":20,"timeGrain":"Monthly","timePeriod":{"startDate":"2026-09-01T00:00:00Z"}}}""")
            .Answer(DeletedVaults, DeletedVault("kv-otherenvvault", "staging-desk", "eastasia"));

        var run = Hook("preprovision", Provisioning(("BUDGET_CONTACT_EMAIL", "ops@example.com"), ("DESK_TOKEN_KEY", "a2V5LXRoYXQtaXMtYWxyZWFkeS10aGVyZS0zMi1ieXRlcw=="),
            ("DESK_OWNER_SESSION_KEY", "b3duZXItc2Vzc2lvbi1rZXktYWxyZWFkeS10aGVyZS0zMg=="),
            ("KEY_VAULT_RECOVER", "false")));

        Assert.True(run.ExitCode == 0, run.Output);
        // Only what changed is written: the budget's start month, read from Azure (never pinned here).
        Assert.Equal(new Dictionary<string, string> { ["BUDGET_START_DATE"] = "2026-09-01" }, EnvSets());
        // The resource group exists, so the rights there are what counts.
        Assert.DoesNotContain($"GET /{SubscriptionPermissions}", _arm.Requests);
    }

    [Fact]
    public void Preprovision_reads_no_budget_when_none_is_wanted_and_clears_a_start_left_from_before()
    {
        _arm.Answer(Stacks, FlexStacks("10.0")).Answer(SubscriptionPermissions, Owner).Answer(DeletedVaults, """{"value":[]}""");

        var run = Hook("preprovision", Provisioning(("BUDGET_START_DATE", "2025-01-01")));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("", EnvSets()["BUDGET_START_DATE"]);
        Assert.Equal("false", EnvSets()["KEY_VAULT_RECOVER"]);
        Assert.DoesNotContain(_arm.Requests, r => r.Contains("Microsoft.Consumption", StringComparison.Ordinal));
        Assert.Contains("BUDGET_CONTACT_EMAIL", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Preprovision_accepts_Role_Based_Access_Control_Administrator_on_the_resource_group()
    {
        _arm.Answer(Stacks, FlexStacks("10.0")).Answer(GroupPermissions, RbacAdministratorAndContributor).Answer(DeletedVaults, """{"value":[]}""");

        var run = Hook("preprovision", Provisioning());

        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Fact]
    public void Preprovision_stops_a_Contributor_with_what_to_ask_for_and_writes_nothing()
    {
        _arm.Answer(Stacks, FlexStacks("10.0")).Answer(SubscriptionPermissions, Contributor).Answer(DeletedVaults, """{"value":[]}""");

        var run = Hook("preprovision", Provisioning());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("may not create role assignments", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("User Access Administrator", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Role Based Access Control Administrator", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Nothing was created", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(EnvSets());
    }

    [Theory]
    [InlineData("8.0")]
    [InlineData(null)]
    public void Preprovision_stops_in_a_region_without_Flex_Consumption_for_dotnet_10(string? offered)
    {
        if (offered is not null)
        {
            _arm.Answer(Stacks, FlexStacks(offered));
        }
        _arm.Answer(SubscriptionPermissions, Owner).Answer(DeletedVaults, """{"value":[]}""");

        var run = Hook("preprovision", Provisioning());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'{Location}' does not offer Flex Consumption with dotnet-isolated 10.0", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd env set AZURE_LOCATION", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(EnvSets());
    }

    [Fact]
    public void Preprovision_asks_for_a_region_before_checking_anything()
    {
        var environment = Provisioning();
        environment["AZURE_LOCATION"] = null;

        var run = Hook("preprovision", environment);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("AZURE_LOCATION is not set", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(_arm.Requests);
    }

    // ---- predeploy and postdeploy ----

    [Fact]
    public void Predeploy_points_the_owner_pages_at_the_API_and_the_blob_origin_and_postdeploy_puts_everything_back()
    {
        // Twice: a deploy that stopped before postdeploy is simply run again.
        Assert.Equal(0, Hook("predeploy", Deployed()).ExitCode);
        var deploy = Hook("predeploy", Deployed());

        Assert.True(deploy.ExitCode == 0, deploy.Output);
        Assert.Contains(
            $"img-src 'self' blob: {PhotosOrigin}; connect-src 'self' {ApiBaseUrl} {PhotosOrigin}\"",
            Read(SamplePage), StringComparison.Ordinal);
        Assert.All(_originals.Keys.Where(p => Regex.IsMatch(p, "^web/[^/]+\\.html$")), page =>
        {
            var deployed = Read(page);
            Assert.DoesNotContain("127.0.0.1", deployed, StringComparison.Ordinal);
            Assert.Equal(_originals[page].Contains("http://127.0.0.1:*", StringComparison.Ordinal), deployed.Contains(PhotosOrigin, StringComparison.Ordinal));
            Assert.Equal(_originals[page].Contains("connect-src 'self'", StringComparison.Ordinal), deployed.Contains($"connect-src 'self' {ApiBaseUrl}", StringComparison.Ordinal));
        });
        var config = JsonNode.Parse(Read("web/config.json"))!;
        Assert.Equal(ApiBaseUrl + "/", config["apiBaseUrl"]!.GetValue<string>());
        // The owner's home is on the API's origin (its cookie is SameSite=Strict): the pages' menu links there.
        Assert.Equal(ApiBaseUrl + "/api/console/", config["homeBase"]!.GetValue<string>());
        // The console is not adjusted (the Function app serves it); on the static site /staff/ leads to it.
        Assert.Equal(_originals["web/staff/index.html"], Read("web/staff/index.html"));
        var routes = JsonNode.Parse(Read("web/staticwebapp.config.json"))!["routes"]!.AsArray();
        Assert.All(["/staff", "/staff/*"], route => Assert.Contains(routes, r =>
            r!["route"]!.GetValue<string>() == route && r["redirect"]!.GetValue<string>() == ApiBaseUrl + "/api/console/staff/"));
        Assert.Contains(routes, r => r!["route"]!.GetValue<string>() == "/home.html" && r["redirect"]!.GetValue<string>() == ApiBaseUrl + "/api/console/home.html");
        // The originals wait outside web/, so nothing but the adjusted pages is published.
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "web"), "*.orig", SearchOption.AllDirectories));
        Assert.Equal(_originals.Keys.Append("web/staticwebapp.config.json").Order(), WebFiles());
        Assert.True(Directory.Exists(Path.Combine(_root, ".azure", EnvironmentName, "predeploy")));

        var restore = Hook("postdeploy", Deployed());

        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.All(_originals, original => Assert.Equal(original.Value, Read(original.Key)));
        Assert.Equal(_originals.Keys.Order(), WebFiles());
        Assert.False(Directory.Exists(Path.Combine(_root, ".azure", EnvironmentName, "predeploy")));
        // postdeploy with nothing to put back does nothing.
        Assert.Equal(0, Hook("postdeploy", Deployed()).ExitCode);
        Assert.Equal(_originals.Keys.Order(), WebFiles());
    }

    [Fact]
    public void Predeploy_after_one_interrupted_while_keeping_the_originals_starts_from_the_originals()
    {
        // A run that died while copying the originals aside left only a partial copy, and web/ unchanged.
        var partial = Directory.CreateDirectory(Path.Combine(_root, ".azure", EnvironmentName, "predeploy.partial")).FullName;
        File.WriteAllText(Path.Combine(partial, "config.json"), "{ half");

        Assert.Equal(0, Hook("predeploy", Deployed()).ExitCode);
        Assert.Equal(0, Hook("postdeploy", Deployed()).ExitCode);

        Assert.All(_originals, original => Assert.Equal(original.Value, Read(original.Key)));
        Assert.Equal(_originals.Keys.Order(), WebFiles());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://sttest.blob.core.windows.net/")]
    [InlineData("http://127.0.0.1:10000")]
    [InlineData("https://sttest.blob.core.windows.net|x")]
    [InlineData("https://sttest.blob.core.windows.net\"><script>")]
    public void Predeploy_refuses_a_missing_or_malformed_PHOTOS_ORIGIN_and_changes_nothing(string? photosOrigin)
    {
        var environment = Deployed();
        environment["PHOTOS_ORIGIN"] = photosOrigin;

        var deploy = Hook("predeploy", environment);

        Assert.Equal(1, deploy.ExitCode);
        Assert.Contains("PHOTOS_ORIGIN", deploy.StandardError, StringComparison.Ordinal);
        Assert.All(_originals, original => Assert.Equal(original.Value, Read(original.Key)));
        Assert.Equal(_originals.Keys.Order(), WebFiles());
        Assert.False(Directory.Exists(Path.Combine(_root, ".azure")));
    }

    [Fact]
    public void The_predeploy_console_path_is_where_the_Function_app_serves_the_console()
    {
        var hooks = File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "infra", "hooks", "OwnerPages.cs"));

        Assert.Contains($"ConsolePath = \"{PropertyFunctions.Api.Http.StaffConsole.BasePath}{PropertyFunctions.Api.Http.StaffConsole.Start}\"", hooks, StringComparison.Ordinal);
    }

    // ---- azure.yaml ----

    [Theory]
    [InlineData("preprovision")]
    [InlineData("predeploy")]
    [InlineData("postdeploy")]
    public void Azd_runs_the_same_program_on_Windows_macOS_and_Linux(string hook)
    {
        var yaml = File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "azure.yaml")).Replace("\r", "", StringComparison.Ordinal);
        var block = Regex.Match(yaml, $@"\n  {hook}:\n(?<body>(    .*\n)+)").Groups["body"].Value;

        Assert.Contains($"    posix:\n      shell: sh\n      run: dotnet run --project infra/hooks {hook}\n", block, StringComparison.Ordinal);
        Assert.Contains($"    windows:\n      shell: pwsh\n      run: dotnet run --project infra/hooks {hook}\n", block, StringComparison.Ordinal);
        Assert.False(Directory.EnumerateFiles(Bicep.InfraPath("hooks"), "*.sh").Any());
    }

    // ---- helpers ----

    private static string FlexStacks(string version) => """
        {"value":[{"name":"dotnet","properties":{"displayText":".NET","majorVersions":[{"value":"VERSION","minorVersions":[{"value":"VERSION",
        "stackSettings":{"linuxRuntimeSettings":{"runtimeVersion":"DOTNET-ISOLATED|VERSION","isDefault":false,
        "Sku":[{"skuCode":"FC1","instanceMemoryMB":[{"size":2048,"isDefault":true}],
        "maximumInstanceCount":{"lowestMaximumInstanceCount":1,"highestMaximumInstanceCount":1000,"defaultValue":100},
        "functionAppConfigProperties":{"runtime":{"name":"dotnet-isolated","version":"VERSION"}}}]}}}]}]}}]}
        """.Replace("VERSION", version, StringComparison.Ordinal);

    private static string DeletedVault(string name, string environment, string location) => """
        {"value":[{"id":"/subscriptions/SUBSCRIPTION/providers/Microsoft.KeyVault/locations/LOCATION/deletedVaults/NAME","name":"NAME",
        "type":"Microsoft.KeyVault/deletedVaults","properties":{"vaultId":"/subscriptions/SUBSCRIPTION/resourceGroups/rg-ENVIRONMENT/providers/Microsoft.KeyVault/vaults/NAME",
        "location":"LOCATION","deletionDate":"2026-11-20T08:00:00Z","scheduledPurgeDate":"2027-02-18T08:00:00Z","purgeProtectionEnabled":true,
        "tags":{"azd-env-name":"ENVIRONMENT","app":"property-functions"}}}]}
        """.Replace("SUBSCRIPTION", Subscription, StringComparison.Ordinal).Replace("LOCATION", location, StringComparison.Ordinal)
        .Replace("ENVIRONMENT", environment, StringComparison.Ordinal).Replace("NAME", name, StringComparison.Ordinal);

    private static Dictionary<string, string?> Provisioning(params (string Name, string Value)[] values)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AZURE_ENV_NAME"] = EnvironmentName,
            ["AZURE_SUBSCRIPTION_ID"] = Subscription,
            ["AZURE_LOCATION"] = Location,
        };
        foreach (var (name, value) in values)
        {
            environment[name] = value;
        }
        return environment;
    }

    private static Dictionary<string, string?> Deployed() => new()
    {
        ["AZURE_ENV_NAME"] = EnvironmentName,
        ["API_BASE_URL"] = ApiBaseUrl,
        ["PHOTOS_ORIGIN"] = PhotosOrigin,
    };

    /// <summary>Runs a hook the way azd does: from the project root, with the environment's values and no others.</summary>
    private CommandResult Hook(string hook, Dictionary<string, string?> environment)
    {
        string[] azdValues =
        [
            "AZURE_ENV_NAME", "AZURE_SUBSCRIPTION_ID", "AZURE_LOCATION", "API_BASE_URL", "PHOTOS_ORIGIN", "DESK_TOKEN_KEY", "DESK_OWNER_SESSION_KEY",
            "BUDGET_CONTACT_EMAIL", "BUDGET_START_DATE", "KEY_VAULT_RECOVER",
        ];
        foreach (var name in azdValues)
        {
            environment.TryAdd(name, null);
        }
        environment["PATH"] = Path.Combine(_root, "fake-bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        environment["AZURE_ARM_ENDPOINT"] = _arm.Endpoint;
        environment["FAKE_AZD_CALLS"] = _calls;
        environment["FAKE_AZD_TOKEN"] = LoopbackArm.Token;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return Command.Run(dotnet, [Bicep.HooksPath, hook], _root, TimeSpan.FromMinutes(2), environment);
    }

    private List<string> Calls() => File.Exists(_calls) ? File.ReadAllLines(_calls).ToList() : [];

    /// <summary>The values the hook stored with <c>azd env set NAME VALUE -e ENV</c>, last one per name.</summary>
    private Dictionary<string, string> EnvSets() =>
        Calls().Where(c => c.StartsWith("env set ", StringComparison.Ordinal))
            .Select(c => c.Split(' '))
            .GroupBy(parts => parts[2])
            .ToDictionary(g => g.Key, g => g.Last()[3]);

    private List<string> WebFiles() =>
        Directory.GetFiles(Path.Combine(_root, "web"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/')).Order().ToList();

    private void Keep(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        _originals[relativePath] = text;
    }

    private string Read(string relativePath) => File.ReadAllText(Path.Combine(_root, relativePath));

    public void Dispose()
    {
        _arm.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
