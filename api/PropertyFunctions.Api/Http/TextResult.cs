using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace PropertyFunctions.Api.Http;

/// <summary>A plain text answer (the CSV exports), written the same way under both hosts.</summary>
public sealed class TextResult(string text, string contentType, string? fileName = null) : IActionResult
{
    /// <summary>A CSV download (UTF-8 with a byte order mark, so Excel reads the Chinese).</summary>
    public static TextResult Csv(string text, string fileName) => new(text, "text/csv; charset=utf-8", fileName);

    /// <summary>The caller asked for CSV: <c>?format=csv</c> or <c>Accept: text/csv</c>.</summary>
    public static bool WantsCsv(Microsoft.AspNetCore.Http.HttpRequest request) =>
        string.Equals(request.Query["format"].ToString(), "csv", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);

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
