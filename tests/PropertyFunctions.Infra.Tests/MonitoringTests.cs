using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PropertyFunctions.Api.Startup;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Infra.Tests;

/// <summary>
/// infra/modules/alerts.bicep, compiled: every alert the desk needs, on the metric names the code emits, sent to the
/// operators' action group; the availability test of GET /api/health; the workbook; and a runbook line in
/// docs/operations.md for each alert.
/// </summary>
public sealed partial class MonitoringTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private const string Component = "[resourceId('Microsoft.Insights/components', parameters('appInsightsName'))]";
    private const string ActionGroup = "[resourceId('Microsoft.Insights/actionGroups', format('ag-desk-{0}', variables('suffix')))]";

    /// <summary>Each alert and the metric (key of the module's <c>metrics</c> variable) its query reads; null: Functions' own requests.</summary>
    private static readonly Dictionary<string, string?> Alerts = new()
    {
        ["poison"] = "poisoned",
        ["sms-failure-rate"] = "smsFailed",
        ["sms-account"] = "smsFailed",
        ["emergency-unanswered"] = "emergenciesUnanswered",
        ["budget-breaker"] = "budgetBreakerTrips",
        ["function-failures"] = null,
        ["watch-silent"] = "watchDuration",
    };

    private static readonly string Operations = File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "docs", "operations.md"));

    [Fact]
    public void Every_alert_exists_reads_its_metric_goes_to_the_operators_and_has_a_runbook()
    {
        var rules = LogAlerts();
        var rule = Assert.Single(AlertsModule().OfType("Microsoft.Insights/scheduledQueryRules"));
        var properties = rule.Properties!;

        Assert.Equal(Alerts.Keys.Order(), rules.Select(r => r["name"]!.GetValue<string>()).Order());
        Assert.All(rules, alert =>
        {
            var name = alert["name"]!.GetValue<string>();
            var query = alert["query"]!.GetValue<string>();
            if (Alerts[name] is { } metric)
            {
                Assert.Contains($"variables('metrics').{metric}", query, StringComparison.Ordinal);
            }
            else
            {
                Assert.StartsWith("requests | where success == false", query, StringComparison.Ordinal);
            }
            Assert.InRange(alert["severity"]!.GetValue<int>(), 0, 2);
            Assert.Contains(RunbookHeading(alert["description"]!.GetValue<string>()), Operations, StringComparison.Ordinal);
        });
        Assert.Equal([Component], Strings(properties["scopes"]!));
        Assert.Equal([ActionGroup], Strings(properties["actions"]!["actionGroups"]!));
        Assert.Equal("LogAlert", rule.Json["kind"]!.GetValue<string>());
        Assert.True(properties["autoMitigate"]!.GetValue<bool>());
        // The module gets the same App Insights the app sends its telemetry to.
        Assert.Equal("[variables('appInsightsName')]", ModuleParameter("appInsightsName"));
        Assert.Equal("[variables('appInsightsName')]", Assert.Single(compiled.Resources, r => r.Name == "monitoring").Json["properties"]!["parameters"]!["appInsightsName"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void The_alerts_and_the_workbook_query_the_metric_names_the_code_emits()
    {
        var emitted = typeof(DeskMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Name", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();
        var queried = AlertsTemplate()["variables"]!["metrics"]!.AsObject();
        var tagsRead = StringsIn(AlertsTemplate()["variables"]!).SelectMany(text => TagReads().Matches(text)).Select(m => m.Groups["tag"].Value).ToHashSet();
        var tagsEmitted = typeof(DeskMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Tag", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();

        Assert.All(queried, metric => Assert.Contains(metric.Value!.GetValue<string>(), emitted));
        Assert.NotEmpty(tagsRead);
        Assert.All(tagsRead, tag => Assert.Contains(tag, tagsEmitted));
    }

    [Fact]
    public void The_action_group_mails_the_operator_and_texts_the_duty_phone_given_as_parameters()
    {
        var group = Assert.Single(AlertsModule().OfType("Microsoft.Insights/actionGroups"));
        var parameters = compiled.Root["parameters"]!;

        Assert.Contains("parameters('operatorEmail')", group.Properties!["emailReceivers"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'countryCode', parameters('dutyPhoneCountryCode'), 'phoneNumber', parameters('dutyPhone')",
            group.Properties["smsReceivers"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("[parameters('alertEmail')]", ModuleParameter("operatorEmail"));
        Assert.Equal("[parameters('alertDutyPhone')]", ModuleParameter("dutyPhone"));
        Assert.Equal("86", parameters["alertDutyPhoneCountryCode"]!["defaultValue"]!.GetValue<string>());
        Assert.InRange(group.Properties["groupShortName"]!.GetValue<string>().Length, 1, 12);
        var file = JsonNode.Parse(File.ReadAllText(Bicep.InfraPath("main.parameters.json")))!["parameters"]!;
        Assert.Equal("${ALERT_EMAIL}", file["alertEmail"]!["value"]!.GetValue<string>());
        Assert.Equal("${ALERT_DUTY_PHONE}", file["alertDutyPhone"]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("alertSmsFailurePercent", "smsFailurePercent", 5)]
    [InlineData("alertFunctionFailures", "functionFailureThreshold", 5)]
    [InlineData("alertWatchSilenceMinutes", "watchSilenceMinutes", 15)]
    [InlineData("availabilityFailedLocations", "availabilityFailedLocations", 2)]
    public void Thresholds_are_parameters_with_defaults(string parameter, string moduleParameter, int defaultValue)
    {
        Assert.Equal(defaultValue, compiled.Root["parameters"]![parameter]!["defaultValue"]!.GetValue<int>());
        Assert.Equal($"[parameters('{parameter}')]", ModuleParameter(moduleParameter));
    }

    [Fact]
    public void The_health_check_is_called_every_five_minutes_from_several_regions_and_alerts_on_failure()
    {
        var test = Assert.Single(AlertsModule().OfType("Microsoft.Insights/webtests"));
        var alert = Assert.Single(AlertsModule().OfType("Microsoft.Insights/metricAlerts"));
        var properties = test.Properties!;
        var locations = compiled.Root["parameters"]!["availabilityLocations"]!;
        var criteria = alert.Properties!["criteria"]!;
        var webTest = "[resourceId('Microsoft.Insights/webtests', variables('healthTestName'))]";

        Assert.Equal("standard", test.Json["kind"]!.GetValue<string>());
        Assert.Equal(300, properties["Frequency"]!.GetValue<int>());
        Assert.Equal("GET", properties["Request"]!["HttpVerb"]!.GetValue<string>());
        Assert.Equal("[format('https://{0}/api/health', parameters('functionAppHostName'))]", properties["Request"]!["RequestUrl"]!.GetValue<string>());
        Assert.EndsWith(".outputs.defaultHostName.value]", ModuleParameter("functionAppHostName"), StringComparison.Ordinal);
        Assert.Equal(200, properties["ValidationRules"]!["ExpectedHttpStatusCode"]!.GetValue<int>());
        Assert.Equal("[parameters('availabilityLocations')[copyIndex('Locations')]]",
            Assert.Single(properties["copy"]!.AsArray())!["input"]!["Id"]!.GetValue<string>());
        Assert.True(locations["minLength"]!.GetValue<int>() >= 2);
        Assert.True(Strings(locations["defaultValue"]!).Distinct().Count() >= 2);
        Assert.Contains("hidden-link:{0}', resourceId('Microsoft.Insights/components'", test.Json["tags"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", criteria["odata.type"]!.GetValue<string>());
        Assert.Equal(webTest, criteria["webTestId"]!.GetValue<string>());
        Assert.Equal(Component, criteria["componentId"]!.GetValue<string>());
        Assert.Equal("[parameters('availabilityFailedLocations')]", criteria["failedLocationCount"]!.GetValue<string>());
        Assert.Equal([webTest, Component], Strings(alert.Properties["scopes"]!));
        Assert.Equal(ActionGroup, Assert.Single(alert.Properties["actions"]!.AsArray())!["actionGroupId"]!.GetValue<string>());
        Assert.Contains(RunbookHeading(alert.Properties["description"]!.GetValue<string>()), Operations, StringComparison.Ordinal);
    }

    [Fact]
    public void Flex_Consumption_gets_no_platform_health_check_setting()
    {
        // App Service's Health check serves Premium and Dedicated plans only; the availability test is the probe.
        var site = Assert.Single(compiled.OfType("Microsoft.Web/sites"), r => r.Json["existing"] is null);
        Assert.Null(site.Properties!["siteConfig"]!["healthCheckPath"]);
    }

    [Fact]
    public void The_workbook_shows_tickets_times_sms_emergencies_and_poison_from_the_apps_telemetry()
    {
        var workbook = Assert.Single(AlertsModule().OfType("Microsoft.Insights/workbooks"));
        var items = AlertsTemplate()["variables"]!["workbookItems"]!.AsArray();
        var queries = items.Where(i => i!["type"]!.GetValue<int>() == 3).ToDictionary(i => i!["name"]!.GetValue<string>(), i => i!["content"]!["query"]!.GetValue<string>());

        Assert.Equal("shared", workbook.Json["kind"]!.GetValue<string>());
        Assert.Equal(Component, workbook.Properties!["sourceId"]!.GetValue<string>());
        Assert.StartsWith("[guid(", workbook.Name, StringComparison.Ordinal);
        Assert.Contains("variables('workbookItems')", workbook.Properties["serializedData"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["dispatch-accept", "emergencies", "poison", "sms-errors", "sms-health", "tickets-today"], queries.Keys.Order());
        Assert.Contains("variables('metrics').ticketsReceived", queries["tickets-today"], StringComparison.Ordinal);
        Assert.Contains("variables('metrics').acceptDuration", queries["dispatch-accept"], StringComparison.Ordinal);
        Assert.Contains("variables('metrics').smsFailed", queries["sms-health"], StringComparison.Ordinal);
        Assert.Contains("variables('metrics').emergenciesUnanswered", queries["emergencies"], StringComparison.Ordinal);
        Assert.Contains("variables('metrics').poisoned", queries["poison"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_operations_doc_names_every_metric_and_every_setting()
    {
        var metrics = typeof(DeskMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Name", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!);

        Assert.All(metrics, metric => Assert.Contains($"`{metric}`", Operations, StringComparison.Ordinal));
        Assert.All(AppSettings.All, setting => Assert.Contains(setting, Operations, StringComparison.Ordinal));
        Assert.Contains(TelemetryRegistration.OtlpEndpointSetting, Operations, StringComparison.Ordinal);
    }

    /// <summary>The alerts module's deployment resources.</summary>
    private AlertsResources AlertsModule() => new(compiled.Resources.Where(r => r.Deployment?["name"]?.GetValue<string>() == "alerts").ToList());

    private JsonObject AlertsTemplate() =>
        Assert.Single(compiled.Resources, r => r.Name == "alerts" && r.Type == "Microsoft.Resources/deployments").Json["properties"]!["template"]!.AsObject();

    private List<JsonObject> LogAlerts() => AlertsTemplate()["variables"]!["logAlerts"]!.AsArray().Select(a => a!.AsObject()).ToList();

    private string ModuleParameter(string name) =>
        Assert.Single(compiled.Resources, r => r.Name == "alerts" && r.Type == "Microsoft.Resources/deployments")
            .Json["properties"]!["parameters"]![name]!["value"]!.GetValue<string>();

    /// <summary>The "Runbook: docs/operations.md, "X"" an alert's description points to, as the doc's heading.</summary>
    private static string RunbookHeading(string description)
    {
        var match = Runbook().Match(description);
        Assert.True(match.Success, $"no runbook in: {description}");
        return "### " + match.Groups["title"].Value;
    }

    /// <summary>Every string value under <paramref name="node"/>.</summary>
    private static IEnumerable<string> StringsIn(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => StringsIn(p.Value)),
        JsonArray a => a.SelectMany(StringsIn),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    private static List<string> Strings(JsonNode array) => array.AsArray().Select(v => v!.GetValue<string>()).ToList();

    private sealed record AlertsResources(IReadOnlyList<DeclaredResource> All)
    {
        public IEnumerable<DeclaredResource> OfType(string type) => All.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("""Runbook: docs/operations\.md, \\?"(?<title>[^"\\]+)\\?"\.""")]
    private static partial Regex Runbook();

    // customDimensions["sms.error.kind"] in a query.
    [GeneratedRegex("""customDimensions\["(?<tag>[a-z_.]+)"\]""")]
    private static partial Regex TagReads();
}
