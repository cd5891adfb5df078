using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PropertyFunctions.Api.Http;
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
            Assert.DoesNotMatch("(^|_)(KEY(?!_VAULT)|SECRET|PASSWORD|CONNECTION_STRING)(_|$)", name));
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
        // Secrets only ever come from the azd environment, never from the repository.
        Assert.Equal("${DESK_TOKEN_KEY}", given["deskTokenKey"]!["value"]!.GetValue<string>());
        Assert.Equal("${DESK_OWNER_SESSION_KEY}", given["deskOwnerSessionKey"]!["value"]!.GetValue<string>());
        var secure = compiled.Root["parameters"]!.AsObject().Where(p => p.Value!["type"]!.GetValue<string>() == "securestring").Select(p => p.Key);
        Assert.All(secure, name => Assert.Matches(@"^\$\{[A-Z_]+\}$", given[name]!["value"]!.GetValue<string>()));
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

    [Fact]
    public void Sms_events_reach_the_sms_events_queue_through_Event_Grid_with_the_topic_identity_and_no_webhook()
    {
        var subscription = Assert.Single(compiled.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        var delivery = subscription.Properties!["deliveryWithResourceIdentity"]!;
        var destination = delivery["destination"]!;
        var topic = Assert.Single(compiled.OfType("Microsoft.EventGrid/systemTopics"), r => r.Json["existing"] is null);

        Assert.Null(subscription.Properties["destination"]);
        Assert.Equal("SystemAssigned", delivery["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("SystemAssigned", topic.Json["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("StorageQueue", destination["endpointType"]!.GetValue<string>());
        Assert.Equal(StorageNames.SmsEventsQueue,
            CompiledTemplate.ParameterValue(subscription, ParameterName(destination["properties"]!["queueName"]!))!.GetValue<string>());
        Assert.Equal("EventGridSchema", subscription.Properties["eventDeliverySchema"]!.GetValue<string>());
        Assert.Equal(["Microsoft.Communication.SMSDeliveryReportReceived", "Microsoft.Communication.SMSReceived"],
            Strings(subscription.Properties["filter"]!["includedEventTypes"]!).Order());
        // Nothing of the old webhook: no endpoint URL, no function key, no second provision behind a flag.
        Assert.DoesNotContain("WebHook", compiled.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/host/default", compiled.Text, StringComparison.Ordinal);
        Assert.Null(compiled.Root["parameters"]!["smsEventsEnabled"]);
        Assert.Null(Assert.Single(compiled.Resources, r => r.Name == "sms-events").Json["condition"]);
    }

    [Fact]
    public void The_topic_identity_may_only_add_messages_to_the_sms_events_queue()
    {
        const string queueMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
        var roles = Assert.Single(compiled.Resources, r => r.Name == "sms-events-roles");
        var parameters = roles.Json["properties"]!["parameters"]!;
        var sender = Assert.Single(Nested("sms-events-roles")["resources"]!.AsArray().Select(r => r!.AsObject()),
            r => r["properties"]?["roleDefinitionId"]?.GetValue<string>().Contains("queueMessageSender", StringComparison.Ordinal) == true);
        var subscription = Assert.Single(compiled.Resources, r => r.Name == "sms-events");

        Assert.Contains("systemTopicPrincipalId", parameters["principalId"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(parameters["storageRoleIds"]!["value"]!.AsArray());
        Assert.Equal(StorageNames.SmsEventsQueue,
            compiled.Root["variables"]![ParameterName(parameters["messageSenderQueueName"]!["value"]!, "variables")]!.GetValue<string>());
        Assert.Equal(queueMessageSender, Nested("sms-events-roles")["variables"]!["queueMessageSender"]!.GetValue<string>());
        // Scoped to the one queue, not the account.
        Assert.Contains("Microsoft.Storage/storageAccounts/queueServices/queues", sender["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("sms-events-roles", subscription.Json["dependsOn"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_Key_Vault_references_that_only_the_app_identity_may_read()
    {
        const string secretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        var vault = Assert.Single(compiled.OfType("Microsoft.KeyVault/vaults"), r => r.Json["existing"] is null);
        var site = Assert.Single(compiled.OfType(Site), r => r.Json["existing"] is null);
        string[] secretSettings = ["Desk__TokenKey", "Desk__OwnerSessions__Key", "Sms__Aliyun__AccessKeySecret", "Sms__Aliyun__CallbackSecret"];

        Assert.True(vault.Properties!["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault.Properties["enableSoftDelete"]!.GetValue<bool>());
        Assert.True(vault.Properties["enablePurgeProtection"]!.GetValue<bool>());
        Assert.Null(vault.Properties["accessPolicies"]);
        Assert.Equal("[parameters('identityId')]", site.Properties!["keyVaultReferenceIdentity"]!.GetValue<string>());
        Assert.All(secretSettings, name =>
        {
            // A variable of the module: format('@Microsoft.KeyVault(SecretUri={0})', parameters('…Uri')), maybe behind if(empty(…)).
            var reference = site.Template["variables"]![ParameterName(JsonValue.Create(AppSetting(name))!, "variables")]!.GetValue<string>();
            Assert.Matches(@"format\('@Microsoft\.KeyVault\(SecretUri=\{0\}\)', parameters\('\w+Uri'\)\)", reference);
        });
        // The Function app's module takes no secret at all, so no setting can hold one in plain text.
        Assert.DoesNotContain(site.Template["parameters"]!.AsObject(), p => p.Value!["type"]!.GetValue<string>().StartsWith("secure", StringComparison.OrdinalIgnoreCase));
        // Every secret's value comes from a secure parameter of the vault's module.
        Assert.All(compiled.OfType("Microsoft.KeyVault/vaults/secrets"), secret =>
        {
            var parameter = ParameterName(secret.Properties!["value"]!);
            Assert.Equal("securestring", secret.Template["parameters"]![parameter]!["type"]!.GetValue<string>());
        });

        // Key Vault Secrets User for the app's identity only (not the deployer's, not the topic's).
        Assert.Equal(secretsUser, Nested("app-roles")["variables"]!["keyVaultSecretsUser"]!.GetValue<string>());
        var withVault = compiled.Resources.Where(r => r.Json["properties"]?["parameters"]?["keyVaultName"] is not null).Select(r => r.Name);
        Assert.Equal(["app-roles"], withVault);
        Assert.Contains("key-vault", Assert.Single(compiled.Resources, r => r.Name == "app-roles").Json["dependsOn"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compiled_template_lists_no_keys_at_all()
    {
        // No listKeys (the old webhook read the host key with it), nor any other list* call.
        Assert.DoesNotContain("listKeys", compiled.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\blist\w*\(", compiled.Text);
    }

    [Fact]
    public void The_region_is_one_with_Flex_Consumption_and_the_scale_ceiling_may_go_as_low_as_Flex_allows()
    {
        var location = compiled.Root["parameters"]!["location"]!;
        var regions = Strings(location["allowedValues"]!);
        var ceiling = compiled.Root["parameters"]!["maximumInstanceCount"]!;
        var siteCeiling = Nested("api")["parameters"]!["maximumInstanceCount"]!;

        Assert.Contains("eastasia", regions);
        Assert.Contains("southeastasia", regions);
        Assert.DoesNotContain("chinaeast2", regions);
        Assert.Equal("location", location["metadata"]!["azd"]!["type"]!.GetValue<string>());
        Assert.Equal(1, ceiling["minValue"]!.GetValue<int>());
        Assert.Equal(1000, ceiling["maxValue"]!.GetValue<int>());
        Assert.Equal(1, siteCeiling["minValue"]!.GetValue<int>());
    }

    [Fact]
    public void The_budget_starts_in_the_current_month_unless_it_already_exists()
    {
        var parameters = compiled.Root["parameters"]!;
        var budget = Assert.Single(compiled.Resources, r => r.Name == "budget");

        Assert.Equal("[utcNow('yyyy-MM-01')]", parameters["budgetThisMonth"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("", parameters["budgetStartDate"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("[if(empty(parameters('budgetStartDate')), createObject('value', parameters('budgetThisMonth')), createObject('value', parameters('budgetStartDate')))]",
            budget.Json["properties"]!["parameters"]!["startDate"]!.GetValue<string>());
    }

    [Fact]
    public void Staff_sign_in_stays_on_the_app_origin_and_no_origin_may_call_it_with_credentials()
    {
        var site = Assert.Single(compiled.OfType(Site), r => r.Json["existing"] is null);
        var auth = Assert.Single(compiled.OfType("Microsoft.Web/sites/config"));
        var console = compiled.Root["outputs"]!["STAFF_CONSOLE_URL"]!["value"]!.GetValue<string>();

        Assert.False(site.Properties!["siteConfig"]!["cors"]!["supportCredentials"]!.GetValue<bool>());
        Assert.Empty(auth.Properties!["login"]!["allowedExternalRedirectUrls"]!.AsArray());
        Assert.True(auth.Properties["login"]!["preserveUrlFragmentsForLogins"]!.GetValue<bool>());
        Assert.StartsWith($"[format('https://{{0}}{StaffConsole.BasePath}{StaffConsole.Start}', ", console, StringComparison.Ordinal);
    }

    [Fact]
    public void Sms_provider_is_selectable_and_aliyun_templates_become_settings()
    {
        var provider = compiled.Root["parameters"]!["smsProvider"]!;
        var site = Assert.Single(compiled.OfType(Site), r => r.Json["existing"] is null);

        Assert.Equal(["acs", "aliyun", "auto", "log"], Strings(provider["allowedValues"]!).Order());
        Assert.Contains("Sms__Aliyun__Templates__", site.Template["variables"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.EndsWith(", variables('templateSettings'))]", site.Properties!["siteConfig"]!["appSettings"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The template of the module deployment named <paramref name="module"/>.</summary>
    private JsonObject Nested(string module) =>
        Assert.Single(compiled.Resources, r => r.Name == module && r.Type == "Microsoft.Resources/deployments").Json["properties"]!["template"]!.AsObject();

    private static List<string> Strings(JsonNode array) => array.AsArray().Select(v => v!.GetValue<string>()).ToList();

    /// <summary>"x" from a plain "[parameters('x')]" (or another function's one-name form).</summary>
    private static string ParameterName(JsonNode expression, string function = "parameters") =>
        Regex.Match(expression.GetValue<string>(), $@"^\[{function}\('(?<name>\w+)'\)\]$") is { Success: true } m
            ? m.Groups["name"].Value
            : throw new InvalidOperationException($"not a plain {function}() reference: {expression}");

    private string TargetScope() =>
        compiled.Root["$schema"]!.GetValue<string>().Contains("subscriptionDeploymentTemplate", StringComparison.Ordinal) ? "subscription" : "other";

    private HashSet<string> AppSettingNames() => SiteSettings().Keys.ToHashSet();

    private string? AppSetting(string name) => SiteSettings().GetValueOrDefault(name);

    /// <summary>The Function app's fixed settings (the Aliyun template codes from their loop come on top).</summary>
    private Dictionary<string, string> SiteSettings() =>
        CompiledTemplate.AppSettings(Assert.Single(compiled.OfType(Site), r => r.Json["existing"] is null));
}
