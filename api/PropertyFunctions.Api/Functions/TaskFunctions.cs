using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// The technician's task page (<c>/w/{code}</c>, web/task.html) and its API. The code in the dispatch SMS is the credential: it
/// opens one ticket for the person it was sent to, and an unknown, outdated (reassigned, finished) or malformed code answers 404
/// alike, so a guess learns nothing.
/// </summary>
public sealed class TaskFunctions(FieldTasks tasks)
{
    [Function("GetTask")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tasks/{code}")] HttpRequest req, string code) =>
        await tasks.ViewAsync(code, req.HttpContext.RequestAborted) is { } view
            ? ApiResult.Ok(view)
            : Problem.Of(StatusCodes.Status404NotFound, "not_found", RequestReader.LanguageOf(req));

    /// <summary><c>{ action: accept|depart|arrive|resolve|help, note?, eta? }</c> (eta: minutes, for depart); answers the page's new view.</summary>
    [Function("TaskAction")]
    public Task<IActionResult> Act([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tasks/{code}/actions")] HttpRequest req, string code) =>
        TaskAsync<ActionBody>(req, code, body => tasks.ActAsync(code, body.Action, body.Note, body.Eta, req.HttpContext.RequestAborted));

    /// <summary>A work photo, as owners add theirs: <c>{ contentType, size }</c> answers 201 with a URL for one PUT, then …/attach.</summary>
    [Function("TaskPhotoUpload")]
    public Task<IActionResult> RequestPhotoUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tasks/{code}/photos")] HttpRequest req, string code) =>
        TaskAsync<PhotoBody>(req, code, body => tasks.RequestPhotoAsync(code, body.ContentType, body.Size, req.HttpContext.RequestAborted));

    [Function("TaskPhotoAttach")]
    public Task<IActionResult> AttachPhoto(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tasks/{code}/photos/{number}/attach")] HttpRequest req, string code, string number) =>
        TaskAsync<PhotoBody>(req, code, _ => int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? tasks.AttachPhotoAsync(code, n, req.HttpContext.RequestAborted)
            : Task.FromResult<ActionOutcome>(new ActionOutcome.NotFound()));

    private sealed record ActionBody(string? Action, string? Note, int? Eta);

    private sealed record PhotoBody(string? ContentType, long? Size);

    /// <summary>Body, action, and the task view after it (or the problem).</summary>
    private async Task<IActionResult> TaskAsync<T>(HttpRequest req, string code, Func<T, Task<ActionOutcome>> action) where T : class
    {
        var language = RequestReader.LanguageOf(req);
        var body = await RequestReader.ReadJsonAsync<T>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var outcome = await action(body.Value!);
        var view = outcome is ActionOutcome.Done ? await tasks.ViewAsync(code, req.HttpContext.RequestAborted) : null;
        return outcome switch
        {
            ActionOutcome.Done when view is not null => ApiResult.Ok(view),
            ActionOutcome.UploadReady ready => new ApiResult(StatusCodes.Status201Created, ready.Upload),
            ActionOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            ActionOutcome.Refused refused => Problem.Of(StatusCodes.Status409Conflict, refused.Code, language, refused.Current.Value.Status),
            _ => Problem.Of(StatusCodes.Status404NotFound, "not_found", language),
        };
    }
}
