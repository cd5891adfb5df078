using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PropertyFunctions.Api.Startup;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Infra.Tests;

/// <summary>
/// infra/ checked with the real Bicep compiler: it builds and lints clean, it sets every setting
/// the code reads and declares every table, queue and blob container the code uses, and it needs no key.
/// </summary>
public sealed class InfraTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private const string Site = "Microsoft.Web/sites";
    private const string StorageAccount = "Microsoft.Storage/storageAccounts";
    private const string Container = "Microsoft.Storage/storageAccounts/blobServices/containers";

    [Fact]
    public void Bicep_build_succeeds_without_diagnostics()
    {
        Assert.True(compiled.Build.ExitCode == 0, compiled.Build.Output);
        Assert.Empty(compiled.Build.Diagnostics);
        Assert.Equal("subscription", TargetScope());
    }

    [Fact]
    public void Bicep_lint_reports_no_warnings_or_errors()
    {
        var lint = Bicep.Run("lint", Bicep.InfraPath("main.bicep"));

        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.Empty(lint.Diagnostics);
    }

    [Fact]
    public void Function_app_sets_every_setting_the_code_reads()
    {
        var names = AppSettingNames();

        Assert.All(AppSettings.All, setting => Assert.Contains(setting, names));
        // Telemetry by identity, as App Insights accepts no key.
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", names);
        Assert.Equal("managedidentity", AppSetting("AzureWebJobsStorage__credential"));
    }

    [Fact]
    public void Every_table_the_code_uses_is_declared()
    {
        var tables = compiled.OfType("Microsoft.Storage/storageAccounts/tableServices/tables")
            .SelectMany(compiled.NamesOf).ToHashSet();

        Assert.All(StorageNames.Tables, table => Assert.Contains(table, tables));
    }

    [Fact]
    public void Every_queue_the_code_uses_is_declared_with_its_poison_queue()
    {
        var queues = compiled.OfType("Microsoft.Storage/storageAccounts/queueServices/queues")
            .SelectMany(compiled.NamesOf).ToHashSet();

        Assert.All(StorageNames.Queues, queue =>
        {
            Assert.Contains(queue, queues);
            Assert.Contains(queue + StorageNames.PoisonSuffix, queues);
        });
    }

    [Fact]
    public void Every_blob_container_the_code_uses_is_declared_private()
    {
        var containers = compiled.OfType(Container).ToList();
        var names = containers.SelectMany(compiled.NamesOf).ToHashSet();

        Assert.All(StorageNames.Containers, container => Assert.Contains(container, names));
        Assert.All(containers, c => Assert.Equal("None", c.Properties!["publicAccess"]!.GetValue<string>()));
    }

    [Fact]
    public void Photos_are_deleted_two_years_after_upload_and_no_other_blob_is()
    {
        var policy = Assert.Single(compiled.OfType("Microsoft.Storage/storageAccounts/managementPolicies"));
        var rule = Assert.Single(policy.Properties!["policy"]!["rules"]!.AsArray())!;
        var filters = rule["definition"]!["filters"]!;
        var prefixLoop = Assert.Single(filters["copy"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "prefixMatch")!;
        var prefixes = CompiledTemplate.ValuesOfLoop(policy, prefixLoop["input"]!.GetValue<string>());
        var delete = rule["definition"]!["actions"]!["baseBlob"]!["delete"]!;
        var days = CompiledTemplate.ParameterValue(policy, ParameterName(delete["daysAfterModificationGreaterThan"]!));

        Assert.True(rule["enabled"]!.GetValue<bool>());
        Assert.NotNull(prefixes);
        // "container/" (with the slash): exactly the app's containers, so never the deployment package.
        Assert.Equal(StorageNames.Containers.Select(c => c + "/").Order(), prefixes.Order());
        Assert.Equal(730, days!.GetValue<int>());
        Assert.Equal(["blockBlob"], filters["blobTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public void Browsers_may_upload_photos_from_the_web_origin_only()
    {
        var blobService = Assert.Single(compiled.OfType("Microsoft.Storage/storageAccounts/blobServices"));
        var rule = Assert.Single(blobService.Properties!["cors"]!["corsRules"]!.AsArray())!;
        var allowedHeaders = Strings(rule["allowedHeaders"]!);
        var site = Assert.Single(compiled.OfType(Site), r => r.Json["existing"] is null);
        var upload = new PhotoUpload(1, new Uri("https://example.invalid/"), DateTimeOffset.UnixEpoch);

        // The same origin the Function app allows: the Static Web App's, never '*'.
        var origin = Assert.Single(Strings(rule["allowedOrigins"]!));
        Assert.Equal("[parameters('webOrigin')]", origin);
        Assert.Equal(
            CompiledTemplate.ParameterValue(site, "webOrigin")!.GetValue<string>(),
            CompiledTemplate.ParameterValue(blobService, "webOrigin")!.GetValue<string>());
        Assert.EndsWith(".outputs.origin.value]", CompiledTemplate.ParameterValue(blobService, "webOrigin")!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"*\"", compiled.Text, StringComparison.Ordinal);
        Assert.Equal(["GET", "HEAD", "OPTIONS", "PUT"], Strings(rule["allowedMethods"]!).Order());
        // Every header the API tells the browser to send with its PUT.
        Assert.All(upload.Headers.Keys, header => Assert.Contains(header.ToLowerInvariant(), allowedHeaders));
        Assert.Equal(3600, rule["maxAgeInSeconds"]!.GetValue<int>());
    }

    [Fact]
    public void App_identity_may_sign_photo_urls_and_check_and_delete_uploads()
    {
        const string blobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        var appRoles = Assert.Single(compiled.Resources, r => r.Name == "app-roles");
        var roleIds = Assert.IsType<JsonArray>(appRoles.Json["properties"]!["parameters"]!["storageRoleIds"]!["value"])
            .Select(id => compiled.Root["variables"]![ParameterName(id!, "variables")]!.GetValue<string>());

        // User delegation keys are only issued for a role held on the whole account, and Blob Data
        // Owner there also reads and deletes in ticket-photos: nothing narrower would add anything.
        Assert.Contains(blobDataOwner, roleIds);
    }

    [Fact]
    public void Blob_origin_for_the_pages_is_an_output()
    {
        var output = compiled.Root["outputs"]!["PHOTOS_ORIGIN"]!;
        var blobOrigin = Assert.Single(compiled.Templates, t => t["outputs"]?["blobOrigin"] is not null)["outputs"]!["blobOrigin"]!;

        Assert.Equal("string", output["type"]!.GetValue<string>());
        Assert.EndsWith(".outputs.blobOrigin.value]", output["value"]!.GetValue<string>(), StringComparison.Ordinal);
        // https://<account>.blob.<cloud suffix>, without the trailing slash of primaryEndpoints.blob.
        Assert.Equal("[format('https://{0}.blob.{1}', parameters('name'), environment().suffixes.storage)]", blobOrigin["value"]!.GetValue<string>());
    }

    [Fact]
    public void Storage_account_refuses_keys_old_TLS_plain_HTTP_and_public_blobs()
    {
        var account = Assert.Single(compiled.OfType(StorageAccount), r => r.Json["existing"] is null);
        var properties = account.Properties!;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
    }

    [Fact]
    public void Function_app_is_https_only_on_flex_consumption_with_dotnet_isolated_10()
    {
        var site = Assert.Single(compiled.OfType(Site), r => r.Json["existing"] is null);
        var properties = site.Properties!;

        Assert.Equal("functionapp,linux", site.Json["kind"]!.GetValue<string>());
        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("Disabled", properties["siteConfig"]!["ftpsState"]!.GetValue<string>());
        var runtime = properties["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal("10.0", runtime["version"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity",
            properties["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        var plan = Assert.Single(compiled.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan.Json["sku"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Compiled_template_has_no_storage_keys()
    {
        // Keys would enter through a connection string or a list* call on the storage account.
        Assert.DoesNotContain("AccountKey=", compiled.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("DefaultEndpointsProtocol", compiled.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listAccountSas", compiled.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listServiceSas", compiled.Text, StringComparison.OrdinalIgnoreCase);
        var listCalls = Regex.Matches(compiled.Text, @"list\w*\((?<target>[^)]*\))", RegexOptions.IgnoreCase);
        Assert.All(listCalls, call => Assert.DoesNotContain("Microsoft.Storage", call.Groups["target"].Value, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_output_carries_a_secure_value_or_a_key()
    {
        foreach (var template in compiled.Templates)
        {
            var secureParameters = (template["parameters"]?.AsObject() ?? [])
                .Where(p => p.Value?["type"]?.GetValue<string>().StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true)
                .Select(p => p.Key)
                .ToList();
            foreach (var (name, output) in template["outputs"]?.AsObject() ?? [])
            {
                var type = output!["type"]!.GetValue<string>();
                var value = output["value"]?.ToJsonString() ?? "";
                Assert.False(type.StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"output {name} is {type}");
                Assert.DoesNotMatch(@"\blist\w*\(", value);
                Assert.All(secureParameters, p => Assert.DoesNotContain($"parameters('{p}')", value, StringComparison.Ordinal));
            }
        }
        Assert.All(compiled.Root["outputs"]!.AsObject().Select(o => o.Key), name =>
            Assert.DoesNotMatch("KEY|SECRET|PASSWORD|CONNECTION_STRING", name));
    }

    [Fact]
    public void Role_assignments_are_scoped_to_one_resource_and_named_from_scope_principal_and_role()
    {
        var assignments = compiled.OfType("Microsoft.Authorization/roleAssignments").ToList();

        Assert.NotEmpty(assignments);
        Assert.All(assignments, a =>
        {
            Assert.NotNull(a.Json["scope"]); // never the resource group or subscription as a whole
            Assert.Matches(@"^\[guid\(.+, parameters\('principalId'\), .+\)\]$", a.Name);
            Assert.Equal("[parameters('principalType')]", a.Properties!["principalType"]!.GetValue<string>());
        });
    }

    [Fact]
    public void Parameters_file_sets_only_declared_parameters_and_no_secret_literal()
    {
        var declared = compiled.Root["parameters"]!.AsObject().Select(p => p.Key).ToHashSet();
        var file = JsonNode.Parse(File.ReadAllText(Bicep.InfraPath("main.parameters.json")))!;
        var given = file["parameters"]!.AsObject();

        Assert.All(given.Select(p => p.Key), name => Assert.Contains(name, declared));
        // The token key only ever comes from the azd environment, never from the repository.
        Assert.Equal("${DESK_TOKEN_KEY}", given["deskTokenKey"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", given["principalType"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Azure_yaml_services_match_the_tagged_resources()
    {
        var yaml = File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "azure.yaml"));

        Assert.Contains("project: ./api/PropertyFunctions.Api", yaml, StringComparison.Ordinal);
        Assert.Contains("host: function", yaml, StringComparison.Ordinal);
        Assert.Contains("project: ./web", yaml, StringComparison.Ordinal);
        Assert.Contains("host: staticwebapp", yaml, StringComparison.Ordinal);
        // azd finds where to deploy each service by the tag azd-service-name.
        Assert.Contains("'azd-service-name', 'api'", Tags(Site), StringComparison.Ordinal);
        Assert.Contains("'azd-service-name', 'web'", Tags("Microsoft.Web/staticSites"), StringComparison.Ordinal);
    }

    private string Tags(string type) =>
        Assert.Single(compiled.OfType(type), r => r.Json["existing"] is null).Json["tags"]!.GetValue<string>();

    [Theory]
    [InlineData("preprovision.sh")]
    [InlineData("predeploy.sh")]
    [InlineData("postdeploy.sh")]
    public void Azd_hooks_are_valid_posix_shell(string hook)
    {
        var path = Bicep.InfraPath("hooks", hook);
        Assert.Contains($"run: ./infra/hooks/{hook}", File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "azure.yaml")), StringComparison.Ordinal);

        // `sh -n` parses without running anything.
        var check = Command.Run("sh", ["-n", path], Bicep.RepositoryRoot, TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, check.Output);
    }

    private static List<string> Strings(JsonNode array) => array.AsArray().Select(v => v!.GetValue<string>()).ToList();

    /// <summary>"x" from a plain "[parameters('x')]" (or another function's one-name form).</summary>
    private static string ParameterName(JsonNode expression, string function = "parameters") =>
        Regex.Match(expression.GetValue<string>(), $@"^\[{function}\('(?<name>\w+)'\)\]$") is { Success: true } m
            ? m.Groups["name"].Value
            : throw new InvalidOperationException($"not a plain {function}() reference: {expression}");

    private string TargetScope() =>
        compiled.Root["$schema"]!.GetValue<string>().Contains("subscriptionDeploymentTemplate", StringComparison.Ordinal) ? "subscription" : "other";

    private HashSet<string> AppSettingNames() => AppSettingsArray().Select(s => s!["name"]!.GetValue<string>()).ToHashSet();

    private string? AppSetting(string name) =>
        AppSettingsArray().FirstOrDefault(s => s!["name"]!.GetValue<string>() == name)?["value"]?.GetValue<string>();

    private JsonArray AppSettingsArray()
    {
        var site = Assert.Single(compiled.OfType(Site), r => r.Json["existing"] is null);
        return site.Properties!["siteConfig"]!["appSettings"]!.AsArray();
    }
}
