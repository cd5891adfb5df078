using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.Azure.Storage;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// GET /api/health, anonymous: the availability test's probe (every 5 minutes from several regions) and deployment checks.
/// 200 when the tables and the queues answer, 503 when either does not. It names what was checked and the SMS provider's
/// configuration state, never an account, a number, a key or an error text.
/// </summary>
public sealed class HealthFunctions(StorageProbe storage, SmsOptions sms)
{
    [Function("Health")]
    public async Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req)
    {
        var found = await storage.CheckAsync(req.HttpContext.RequestAborted);
        var provider = sms.IsAliyun ? SmsOptions.AliyunProvider : sms.IsAcs ? SmsOptions.AcsProvider : SmsOptions.LogProvider;
        return new ApiResult(found.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, new
        {
            Status = found.Healthy ? "ok" : "unavailable",
            Storage = new { Tables = State(found.Tables), Queues = State(found.Queues) },
            // Start-up refuses settings that are incomplete, so a running app's provider is configured; "log" sends nothing.
            Sms = new { Provider = provider, Sends = provider != SmsOptions.LogProvider, International = sms.UsesAcs },
        });
    }

    private static string State(bool answered) => answered ? "ok" : "unreachable";
}
