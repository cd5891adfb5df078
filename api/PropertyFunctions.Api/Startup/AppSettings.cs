namespace PropertyFunctions.Api.Startup;

/// <summary>
/// Every app setting the Function app reads (docs/operations.md, "Settings"), in app-setting form. The infra tests check
/// that the Bicep sets each of them, so code and infrastructure cannot drift apart.
/// </summary>
public static class AppSettings
{
    public static readonly IReadOnlyList<string> All =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__credential",
        // Telemetry (TelemetryRegistration): where to, and with which identity. OTEL_EXPORTER_OTLP_ENDPOINT is optional and not set in Azure.
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Sms__Provider",
        "Sms__Endpoint",
        "Sms__From",
        // The mainland (Aliyun) SMS provider. AccessKeySecret and CallbackSecret are Key Vault references in Azure.
        // Its template codes are settings too, one per template key (Sms__Aliyun__Templates__<key>), from one parameter.
        "Sms__Aliyun__AccessKeyId",
        "Sms__Aliyun__AccessKeySecret",
        "Sms__Aliyun__CallbackSecret",
        "Sms__Aliyun__SignName",
        "Desk__TimeZone",
        "Desk__PublicBaseUrl",
        "Desk__TokenKey",
        // Signs owners' session cookies and hashes sign-in codes (a Key Vault reference in Azure; unset: derived from Desk__TokenKey).
        "Desk__OwnerSessions__Key",
        "Desk__EmergencyPhone",
        "Desk__RateLimits__PerAddressPerHour",
        "Desk__RateLimits__PerPhonePerHour",
        "Desk__PaymentInstructions",
    ];
}
