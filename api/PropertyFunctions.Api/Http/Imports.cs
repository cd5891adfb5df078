using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Imports;

namespace PropertyFunctions.Api.Http;

/// <summary>The edge of the staff imports (roster, owners, fees): JSON or CSV in, per-row verdicts out.</summary>
public static class Imports
{
    /// <summary>Imports are files from a spreadsheet, not form posts: a larger cap than owners' bodies.</summary>
    public const int MaxImportBytes = 4 * 1024 * 1024;

    public sealed record Rejection(int Row, IReadOnlyDictionary<string, string[]> Errors);

    /// <summary>Something imported that will not work as expected, e.g. a roster with nobody for the emergency ladder to page.</summary>
    public sealed record Warning(string Community, string Code, string Message);

    public sealed record ImportProblem(string Type, string Title, int Status, string Detail, IReadOnlyList<Rejection> Rejected);

    /// <summary>The rows of the body, or the problem to answer (too large, wrong type, unreadable).</summary>
    public static async Task<(IReadOnlyList<ImportRow>? Rows, ApiResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var language = RequestReader.LanguageOf(request);
        var isCsv = request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;
        if (!isCsv && !RequestReader.IsJson(request.ContentType))
        {
            return (null, Http.Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_import", language));
        }
        if (request.ContentLength > MaxImportBytes || await RequestReader.ReadCappedAsync(request.Body, MaxImportBytes, ct) is not { } bytes)
        {
            return (null, Http.Problem.Of(StatusCodes.Status413PayloadTooLarge, "import_too_large", language));
        }
        try
        {
            return (ImportReader.Read(bytes, isCsv), null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return (null, Http.Problem.Of(StatusCodes.Status400BadRequest, "malformed", language));
        }
    }

    /// <summary>
    /// The whole of an import endpoint (its Function carries [StaffRole(admin)]): a readable body, every row valid (else 422
    /// naming each rejected row, nothing applied), then <paramref name="apply"/> with the accepted rows, answered with the
    /// <paramref name="warnings"/> about what was imported (in the caller's language).
    /// </summary>
    /// <param name="communityOf">The community a row belongs to: every one must be the importing admin's.</param>
    public static async Task<IActionResult> RunAsync<T>(HttpRequest request, Func<IReadOnlyList<ImportRow>, ImportResult<T>> validate,
        Func<T, string> communityOf, Func<IReadOnlyList<T>, CancellationToken, Task> apply, ILogger logger, string what,
        Func<IReadOnlyList<T>, string, IReadOnlyList<Warning>>? warnings = null)
    {
        var ct = request.HttpContext.RequestAborted;
        var (rows, problem) = await ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var result = validate(rows!);
        if (!result.Ok)
        {
            return Rejected(result.Rejected, RequestReader.LanguageOf(request));
        }
        foreach (var community in result.Accepted.Select(communityOf).Distinct())
        {
            if (StaffScope.Refuse(request, community, StaffRoles.Admin) is { } refusal)
            {
                return refusal;
            }
        }
        await apply(result.Accepted, ct);
        logger.LogInformation("{Admin} imported {Count} {What} rows", request.Staff().Name, result.Accepted.Count, what);
        return ApiResult.Ok(new
        {
            accepted = result.Accepted.Count,
            rejected = Array.Empty<object>(),
            warnings = warnings?.Invoke(result.Accepted, RequestReader.LanguageOf(request)) ?? [],
        });
    }

    /// <summary>422 naming every rejected row and why; nothing was applied.</summary>
    public static ApiResult Rejected(IReadOnlyList<RejectedRow> rows, string language) =>
        new(StatusCodes.Status422UnprocessableEntity, new ImportProblem("https://propertyfunctions.dev/problems/import-rejected",
            Messages.Get("title.import_rejected", language), StatusCodes.Status422UnprocessableEntity,
            Messages.Get("detail.import_rejected", language, rows.Count),
            rows.Select(r => new Rejection(r.Row, r.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(language)).ToArray()))).ToList()),
            Http.Problem.ContentType);
}
