using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PropertyFunctions.Api.Http;

/// <summary>Turns a failed dependency (storage unreachable, throttled) into 503 with Retry-After instead of a 500.</summary>
public static class Guard
{
    public static async Task<ApiResult> RunAsync(HttpRequest request, ILogger logger, Func<Task<ApiResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or TimeoutException or AggregateException)
        {
            logger.LogError(ex, "A dependency failed while handling {Method} {Path}", request.Method, request.Path);
            return Problem.Of(StatusCodes.Status503ServiceUnavailable, "unavailable", RequestReader.LanguageOf(request))
                .WithHeader("Retry-After", "5");
        }
    }
}
