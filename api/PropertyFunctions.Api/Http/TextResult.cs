using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace PropertyFunctions.Api.Http;

/// <summary>A plain text answer (the CSV exports), written the same way under both hosts.</summary>
public sealed class TextResult(string text, string contentType, string? fileName = null) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = 200;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-store";
        if (fileName is not null)
        {
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        }
        // A BOM so spreadsheet programs read the Chinese names as UTF-8.
        await response.Body.WriteAsync(Encoding.UTF8.GetPreamble(), context.HttpContext.RequestAborted);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.HttpContext.RequestAborted);
    }
}
