using Microsoft.AspNetCore.Http;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Api.Http;

/// <summary>RFC 9457 problem details, in the caller's language.</summary>
public sealed record ProblemBody(string Type, string Title, int Status, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null);

public static class Problem
{
    public const string ContentType = "application/problem+json; charset=utf-8";

    /// <summary>A problem whose title and detail come from the message codes <c>title.{code}</c> and <c>detail.{code}</c>.</summary>
    public static ApiResult Of(int status, string code, string language, params object[] detailArgs) =>
        new(status, new ProblemBody($"https://propertyfunctions.dev/problems/{code.Replace('_', '-')}",
            Messages.Get("title." + code, language), status, Messages.Get("detail." + code, language, detailArgs)), ContentType);

    public static ApiResult Validation(IReadOnlyList<FieldError> errors, string language)
    {
        var byField = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message(language)).ToArray());
        return new ApiResult(StatusCodes.Status400BadRequest, new ProblemBody("https://propertyfunctions.dev/problems/validation",
            Messages.Get("title.validation", language), StatusCodes.Status400BadRequest, Messages.Get("detail.validation", language), byField),
            ContentType);
    }
}
