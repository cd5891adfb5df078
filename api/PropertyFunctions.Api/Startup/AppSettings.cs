namespace PropertyFunctions.Api.Startup;

/// <summary>
/// Every app setting the Function app reads (DESIGN.md §6), in app-setting form. The infra tests check
/// that the Bicep sets each of them, so code and infrastructure cannot drift apart.
/// </summary>
public static class AppSettings
{
    public static readonly IReadOnlyList<string> All =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__credential",
        "Sms__Provider",
        "Sms__Endpoint",
        "Sms__From",
        "Desk__TimeZone",
        "Desk__PublicBaseUrl",
        "Desk__TokenKey",
        "Desk__EmergencyPhone",
        "Desk__RateLimits__PerAddressPerHour",
        "Desk__RateLimits__PerPhonePerHour",
        "Desk__PaymentInstructions",
    ];
}
