using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Api.Startup;

/// <summary>
/// OpenTelemetry for both hosts (called from <see cref="ServiceRegistration.AddPropertyFunctions"/>): the desk's span
/// source and meter (<see cref="DeskTelemetry"/>) and the worker's own invocation spans, exported to Application Insights
/// when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and to an OTLP endpoint when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is,
/// to both when both are. With neither, nothing leaves the process (a test may add its own exporter).
/// HTTP client spans are not collected: storage URLs hold phone numbers in their keys (OptOuts, Owners), and the SMS
/// provider's call has its own span (<c>sms.provider.send</c>).
/// </summary>
public static class TelemetryRegistration
{
    public const string AppInsightsConnectionSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AppInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddDeskTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(DeskTelemetry.Name))
            // Under the Functions host: the worker's invocation spans, the host told not to log for the worker, and the
            // Functions resource attributes. Under the local host it only sets options nothing reads.
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(DeskTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(DeskTelemetry.Name));

        if (configuration[AppInsightsConnectionSetting] is { Length: > 0 } connectionString)
        {
            var credential = Credential(configuration[AppInsightsAuthenticationSetting]);
            void Configure(AzureMonitorExporterOptions options)
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
            }
            telemetry
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(Configure))
                .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(Configure))
                .WithLogging(logging => logging.AddAzureMonitorLogExporter(Configure));
        }
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL and _HEADERS itself.
            telemetry.UseOtlpExporter();
        }
        return services;
    }

    /// <summary>
    /// The identity that sends telemetry when Application Insights accepts no key (<c>DisableLocalAuth</c>): the setting the
    /// Functions host reads too, <c>ClientId=&lt;user-assigned identity&gt;;Authorization=AAD</c> (without ClientId: the
    /// system-assigned identity). Null when the setting is absent: the connection string's key is used.
    /// </summary>
    public static TokenCredential? Credential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }
        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!string.Equals(parts.GetValueOrDefault("Authorization"), "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return parts.GetValueOrDefault("ClientId") is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
