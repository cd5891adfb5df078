using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Home;
using PropertyFunctions.Core.Intake;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// The owner's home (web/home.html): sign in with a phone on record and an SMS code, see the units, tickets and fees the desk
/// holds, reply about a fee, and set SMS preferences. Every route but the two sign-in ones needs the session cookie.
/// </summary>
public sealed class OwnerHomeFunctions(OwnerSignIn signIn, OwnerSessionCookie cookie, OwnerHomeDesk home, FeeReplies feeReplies,
    OwnerPreferencesDesk preferences, HomeEvents events, Core.Common.DeskOptions options, ILogger<OwnerHomeFunctions> logger)
{
    /// <summary>The community's upcoming events, each with the owner's own sign-up.</summary>
    [Function("ListOwnerEvents")]
    public async Task<IActionResult> Events([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "owner/events")] HttpRequest req)
    {
        var (session, refusal) = await cookie.RequireAsync(req);
        return refusal ?? (IActionResult)ApiResult.Ok(await events.ListAsync(session!, req.HttpContext.RequestAborted));
    }

    /// <summary>Signs the owner up (<c>{ people? }</c>), as the name and unit on record: answered like the public form, 202 for any well-formed one.</summary>
    [Function("OwnerEventSignup")]
    public async Task<IActionResult> SignUp([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "owner/events/{id}/signups")] HttpRequest req,
        string id)
    {
        var (session, refusal) = await cookie.RequireAsync(req);
        if (refusal is not null)
        {
            return refusal;
        }
        var language = RequestReader.LanguageOf(req);
        var body = await RequestReader.ReadJsonAsync<EventSignupBody>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        return EventFunctions.SignupAnswer(
            await events.SignUpAsync(session!, id, body.Value!.People, language, RequestReader.ClientAddress(req), req.HttpContext.RequestAborted),
            language, options.EmergencyPhone);
    }

    /// <summary>Cancels the owner's sign-up; the first on the waiting list is promoted and told by SMS.</summary>
    [Function("OwnerEventCancel")]
    public async Task<IActionResult> Cancel([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "owner/events/{id}/signups")] HttpRequest req,
        string id)
    {
        var (session, refusal) = await cookie.RequireAsync(req);
        return refusal ?? EventFunctions.CancelAnswer(await events.CancelAsync(session!, id, req.HttpContext.RequestAborted), RequestReader.LanguageOf(req));
    }

    /// <summary>Asks for a code: 202 with the same words whether or not the number is on record (the queue Function decides).</summary>
    [Function("RequestOwnerCode")]
    public async Task<IActionResult> RequestCode([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "owner/codes")] HttpRequest req)
    {
        var language = RequestReader.LanguageOf(req);
        var body = await RequestReader.ReadJsonAsync<CodeBody>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        return await signIn.RequestCodeAsync(body.Value!.Community, body.Value.Phone, RequestReader.ClientAddress(req), req.HttpContext.RequestAborted) switch
        {
            CodeOutcome.Accepted => new ApiResult(StatusCodes.Status202Accepted, new
            {
                title = Core.Common.Messages.Get("title.owner_code_sent", language),
                detail = Core.Common.Messages.Get("detail.owner_code_sent", language),
            }),
            CodeOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            CodeOutcome.RateLimited limited => TooMany(language, limited.RetryAfter),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    /// <summary>Signs in: 200 with the session cookie, or 401 (wrong, expired or used-up code, or no code: the same answer).</summary>
    [Function("CreateOwnerSession")]
    public async Task<IActionResult> SignIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "owner/sessions")] HttpRequest req)
    {
        var language = RequestReader.LanguageOf(req);
        var body = await RequestReader.ReadJsonAsync<SessionBody>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var b = body.Value!;
        return await signIn.SignInAsync(b.Community, b.Phone, b.Code, RequestReader.ClientAddress(req), req.HttpContext.RequestAborted) switch
        {
            SignInOutcome.SignedIn signedIn => cookie.Set(ApiResult.Ok(new { community = signedIn.Session.Community, expiresAt = signedIn.Session.ExpiresAt }),
                req, signedIn.Cookie),
            SignInOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            SignInOutcome.RateLimited limited => TooMany(language, limited.RetryAfter),
            _ => Problem.Of(StatusCodes.Status401Unauthorized, "owner_code_wrong", language),
        };
    }

    /// <summary>Signs out: the stored session is deleted (the cookie stops working everywhere) and the cookie cleared.</summary>
    [Function("DeleteOwnerSession")]
    public async Task<IActionResult> SignOut([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "owner/sessions")] HttpRequest req)
    {
        await signIn.SignOutAsync(cookie.Value(req), req.HttpContext.RequestAborted);
        return cookie.Clear(new ApiResult(StatusCodes.Status204NoContent, null), req);
    }

    /// <summary>{ units, tickets, fees } of the signed-in owner only, with how to pay.</summary>
    [Function("GetOwnerHome")]
    public async Task<IActionResult> Home([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "owner/home")] HttpRequest req)
    {
        var (session, refusal) = await cookie.RequireAsync(req);
        return refusal ?? (IActionResult)ApiResult.Ok(await home.GetAsync(session!, RequestReader.LanguageOf(req), req.HttpContext.RequestAborted));
    }

    /// <summary>A question, reason, promised date or plea for help about a unit's fees: 201 with the fee ticket's receipt.</summary>
    [Function("CreateOwnerFeeReply")]
    public async Task<IActionResult> FeeReply([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "owner/fee-replies")] HttpRequest req)
    {
        var (session, refusal) = await cookie.RequireAsync(req);
        if (refusal is not null)
        {
            return refusal;
        }
        var language = RequestReader.LanguageOf(req);
        var body = await RequestReader.ReadJsonAsync<FeeReplyRequest>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        return await feeReplies.ReplyAsync(session!, body.Value!, language, RequestReader.ClientAddress(req), req.HttpContext.RequestAborted) switch
        {
            SubmitOutcome.Created created => new ApiResult(StatusCodes.Status201Created, created.Receipt),
            SubmitOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            SubmitOutcome.RateLimited limited => TooMany(language, limited.RetryAfter),
            _ => Problem.Of(StatusCodes.Status409Conflict, "in_progress", language).WithHeader("Retry-After", "1"),
        };
    }

    [Function("GetOwnerPreferences")]
    public async Task<IActionResult> GetPreferences([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "owner/preferences")] HttpRequest req)
    {
        var (session, refusal) = await cookie.RequireAsync(req);
        return refusal ?? (IActionResult)ApiResult.Ok(await preferences.GetAsync(session!, req.HttpContext.RequestAborted));
    }

    /// <summary>{ feeReminders?, notices?, events?, language?, optedOut? }: each given field changes; the answer is the preferences now.</summary>
    [Function("PutOwnerPreferences")]
    public async Task<IActionResult> PutPreferences([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "owner/preferences")] HttpRequest req)
    {
        var (session, refusal) = await cookie.RequireAsync(req);
        if (refusal is not null)
        {
            return refusal;
        }
        var language = RequestReader.LanguageOf(req);
        var body = await RequestReader.ReadJsonAsync<OwnerPreferencesChange>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var (saved, errors) = await preferences.SaveAsync(session!, body.Value!, req.HttpContext.RequestAborted);
        return saved is null ? Problem.Validation(errors, language) : ApiResult.Ok(saved);
    }

    /// <summary>The owner-codes queue: a code for a number on record, texted through the SMS queue; nothing for any other number.</summary>
    [Function("IssueOwnerCode")]
    public async Task Issue([QueueTrigger(StorageNames.OwnerCodesQueue)] string message, CancellationToken ct)
    {
        var request = QueueWorkQueue.Read<OwnerCodeRequest>(message);
        if (request is not { Community.Length: > 0, Phone.Length: > 0, RequestId.Length: > 0 })
        {
            logger.LogError("Malformed owner-codes message dropped");
            return;
        }
        await signIn.IssueAsync(request, ct);
    }

    private static ApiResult TooMany(string language, TimeSpan retryAfter) =>
        Problem.Of(StatusCodes.Status429TooManyRequests, "owner_too_many", language)
            .WithHeader("Retry-After", ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(CultureInfo.InvariantCulture));

    private sealed record CodeBody(string? Community, string? Phone);

    private sealed record EventSignupBody(int? People);

    private sealed record SessionBody(string? Community, string? Phone, string? Code);
}
