using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace PropertyFunctions.Api.Http;

/// <summary>
/// A JSON response written straight to the HTTP response. Functions return these rather than MVC
/// result types so the answer is byte-for-byte the same under the Functions host and the local host.
/// </summary>
public sealed class ApiResult(int status, object? body, string contentType = "application/json; charset=utf-8") : IActionResult
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Chinese stays readable; HTML-significant characters are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public int Status { get; } = status;
    public object? Body { get; } = body;
    public Dictionary<string, string> Headers { get; } = [];

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        response.Headers.CacheControl = "no-store";
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        if (Body is null)
        {
            return;
        }
        response.ContentType = contentType;
        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), Json, context.HttpContext.RequestAborted);
    }

    public static ApiResult Ok(object body) => new(StatusCodes.Status200OK, body);
}
