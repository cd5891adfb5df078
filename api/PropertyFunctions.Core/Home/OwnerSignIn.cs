using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Home;

public abstract record CodeOutcome
{
    /// <summary>The same answer for every phone: "if this number is registered, a code was sent".</summary>
    public sealed record Accepted : CodeOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : CodeOutcome;
    public sealed record RateLimited(TimeSpan RetryAfter) : CodeOutcome;
}

public abstract record SignInOutcome
{
    public sealed record SignedIn(OwnerSession Session, string Cookie) : SignInOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SignInOutcome;
    /// <summary>Wrong, expired, used up, or no code at all: the caller cannot tell which, nor whether the phone is on record.</summary>
    public sealed record Refused : SignInOutcome;
    public sealed record RateLimited(TimeSpan RetryAfter) : SignInOutcome;
}

/// <summary>
/// Signing in to the owner's home with a phone on a unit's records and a 6-digit SMS code.
/// Asking for a code does the same for every number — check the format, count the request against the phone's and the
/// address's hourly limits, queue it — and answers the same; only the queue Function (<see cref="IssueAsync"/>) looks at the
/// records, and texts the code to the number as the records hold it, never to a number that is not on record.
/// Codes last <see cref="CodeLifetime"/>, allow <see cref="MaxAttempts"/> attempts (each counted under an ETag before the
/// comparison, so parallel guesses cannot exceed it), are stored only as a keyed hash, compared in constant time and used once.
/// </summary>
public sealed partial class OwnerSignIn(
    IOwnerSignIns store,
    IOwnerCodeQueue codeQueue,
    IResidentDirectory residents,
    CommunityDirectory communities,
    IRateLimiter limiter,
    ISmsQueue smsQueue,
    SmsComposer composer,
    OwnerSessionTokens tokens,
    DeskOptions options,
    TimeProvider time,
    ILogger<OwnerSignIn> logger)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    public const int MaxAttempts = 5;
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex SixDigits();

    public async Task<CodeOutcome> RequestCodeAsync(string? community, string? phone, string clientAddress, CancellationToken ct)
    {
        var (slug, e164, errors) = await ReadAsync(community, phone, ct);
        if (errors.Count > 0)
        {
            return new CodeOutcome.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var hour = Hour(now);
        // Both limits are counted for every number, on record or not, so a refusal says nothing about the records.
        if (await limiter.TryAcquireAllAsync([new RateLimit("owner-code-addr:" + clientAddress, options.OwnerSessions.CodesPerAddressPerHour),
                new RateLimit("owner-code-phone:" + e164, options.OwnerSessions.CodesPerPhonePerHour)], hour, ct) is not null)
        {
            return new CodeOutcome.RateLimited(hour.AddHours(1) - now);
        }
        await codeQueue.EnqueueCodeRequestAsync(new OwnerCodeRequest(slug!, e164!, OwnerSessionTokens.NewSessionId()), ct);
        return new CodeOutcome.Accepted();
    }

    /// <summary>The owner-codes queue: a code for a phone on record, texted to that record's number; nothing for any other.</summary>
    public async Task IssueAsync(OwnerCodeRequest request, CancellationToken ct)
    {
        var records = await residents.WithPhoneAsync(request.Community, request.Phone, ct);
        if (records.Count == 0)
        {
            // A decoy that no code matches, so a sign-in attempt for this number does the same work (read, count, compare)
            // as one for a number on record and takes as long: nothing in its timing tells them apart. Nobody is texted.
            await store.SaveCodeAsync(new OwnerCode(request.Community, request.Phone,
                tokens.HashCode(request.Community, request.Phone, "decoy:" + request.RequestId), time.GetUtcNow() + CodeLifetime, 0), ct);
            logger.LogInformation("Sign-in code asked for {Phone} in {Community}, which is on no record: nothing sent",
                PhoneNumber.Mask(request.Phone), request.Community);
            return;
        }
        var record = records.OrderBy(r => r.UnitKey, StringComparer.Ordinal).First();
        var code = tokens.CodeFor(request.RequestId);
        await store.SaveCodeAsync(new OwnerCode(request.Community, record.Phone, tokens.HashCode(request.Community, record.Phone, code),
            time.GetUtcNow() + CodeLifetime, 0), ct);
        var signature = (await communities.GetAsync(request.Community, ct)).SmsSignature;
        var message = composer.Compose(SmsCatalogue.OwnerCode, record.Language, new Dictionary<string, string> { ["code"] = code }, signature);
        // The number the records hold, not the one typed: the desk only ever texts a code to a number on record.
        await smsQueue.EnqueueSmsAsync(OutgoingSms.Create("owner-code-" + request.RequestId, "code", record.Phone, message, request.Community), null, ct);
        logger.LogInformation("Sign-in code queued to {Phone} in {Community}", PhoneNumber.Mask(record.Phone), request.Community);
    }

    public async Task<SignInOutcome> SignInAsync(string? community, string? phone, string? code, string clientAddress, CancellationToken ct)
    {
        var (slug, e164, errors) = await ReadAsync(community, phone, ct);
        var e = new ErrorList();
        foreach (var error in errors)
        {
            e.Add(error.Field, error.Code, error.Args);
        }
        var given = e.Text("code", code, 6, required: true);
        if (given is not null && !SixDigits().IsMatch(given))
        {
            e.Add("code", "code_format");
        }
        if (e.Any)
        {
            return new SignInOutcome.Invalid(e.Errors);
        }
        var now = time.GetUtcNow();
        var hour = Hour(now);
        if (!await limiter.TryAcquireAsync("owner-signin-addr:" + clientAddress, options.OwnerSessions.SignInsPerAddressPerHour, hour, ct))
        {
            return new SignInOutcome.RateLimited(hour.AddHours(1) - now);
        }
        var stored = await store.GetCodeAsync(slug!, e164!, ct);
        if (stored is null || stored.Value.ExpiresAt <= now || stored.Value.Attempts >= MaxAttempts)
        {
            return new SignInOutcome.Refused();
        }
        // The attempt is counted before the comparison: of parallel guesses only one wins each ETag.
        if (!await store.TryCountAttemptAsync(stored, ct))
        {
            return new SignInOutcome.Refused();
        }
        if (!tokens.CodeMatches(slug!, e164!, given!, stored.Value.Hash))
        {
            logger.LogInformation("Wrong sign-in code for {Phone} in {Community} (attempt {Attempt})", PhoneNumber.Mask(e164!), slug,
                stored.Value.Attempts + 1);
            return new SignInOutcome.Refused();
        }
        await store.DeleteCodeAsync(slug!, e164!, ct);
        var session = new OwnerSession(OwnerSessionTokens.NewSessionId(), slug!, e164!, now + SessionLifetime);
        await store.SaveSessionAsync(session, ct);
        logger.LogInformation("Owner {Phone} signed in to {Community}", PhoneNumber.Mask(e164!), slug);
        return new SignInOutcome.SignedIn(session, tokens.Cookie(session.Id));
    }

    /// <summary>The session a cookie names, if it is signed, stored and not expired.</summary>
    public async Task<OwnerSession?> SessionAsync(string? cookie, CancellationToken ct)
    {
        if (tokens.SessionId(cookie) is not { } id)
        {
            return null;
        }
        var session = await store.GetSessionAsync(id, ct);
        return session is not null && session.ExpiresAt > time.GetUtcNow() ? session : null;
    }

    public async Task SignOutAsync(string? cookie, CancellationToken ct)
    {
        if (tokens.SessionId(cookie) is { } id)
        {
            await store.DeleteSessionAsync(id, ct);
        }
    }

    private async Task<(string? Community, string? Phone, IReadOnlyList<FieldError> Errors)> ReadAsync(string? community, string? phone, CancellationToken ct)
    {
        var e = new ErrorList();
        var slug = e.Community(community);
        string? e164 = null;
        if (e.Text("phone", phone, 32, required: true) is { } raw)
        {
            if (PhoneNumber.TryNormalize(raw, out var normalized))
            {
                e164 = normalized;
            }
            else
            {
                e.Add("phone", "phone_invalid");
            }
        }
        if (slug is not null && await communities.FindAsync(slug, ct) is not { } found)
        {
            e.Add("community", "community_unknown");
        }
        else if (slug is not null && e164 is not null && !(await communities.GetAsync(slug, ct)).Accepts(e164))
        {
            e.Add("phone", "phone_country");
        }
        return (slug, e164, e.Errors);
    }

    private static DateTimeOffset Hour(DateTimeOffset now) => new(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
}
