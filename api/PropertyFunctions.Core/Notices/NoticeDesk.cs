using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Notices;

/// <summary>POST /api/staff/notices. Unknown fields are ignored; every field is optional to the parser and checked here.</summary>
public sealed record NoticeDraft(
    string? Community, string? Type, string? Title, string? Body, string[]? Buildings, bool? AllBuildings,
    string? Start, string? ExpectedEnd, bool? SendSms);

/// <summary>PUT /api/staff/notices/{id}: a new word for the same households, optionally marking the notice resolved.</summary>
public sealed record NoticeChange(string? Community, string? Update, bool? Resolved, string? ExpectedEnd, bool? SendSms);

/// <summary>POST /api/staff/notices/{id}/withdraw.</summary>
public sealed record NoticeWithdrawal(string? Community, string? Reason);

public abstract record NoticeOutcome
{
    public sealed record Done(Notice Notice, string ETag) : NoticeOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : NoticeOutcome;
    public sealed record NotFound : NoticeOutcome;
    /// <summary>If-Match named an older version: the caller gets the current one.</summary>
    public sealed record Stale(Notice Current, string ETag) : NoticeOutcome;
    public sealed record Withdrawn : NoticeOutcome;
    /// <summary>The request key (Idempotency-Key) was used before for a different notice.</summary>
    public sealed record KeyReused : NoticeOutcome;
}

/// <summary>Publishing, updating and withdrawing notices; the broadcast itself is <see cref="NoticeBroadcaster"/>'s.</summary>
public sealed class NoticeDesk(INoticeStore store, INoticeQueue queue, ISmsLog smsLog, DeskOptions options, TimeProvider time, ILogger<NoticeDesk> logger)
{
    public const int MaxTitle = 60;
    public const int MaxBody = 2000;
    public const int MaxUpdate = 500;
    public const int MaxBuildings = 200;
    /// <summary>A notice's updates live in its entity; a cap keeps it far below the 64 KiB property limit.</summary>
    public const int MaxUpdates = 20;
    private const int ConcurrencyAttempts = 5;
    private readonly TimeZoneInfo _zone = options.Zone();

    /// <summary>
    /// Publishes a notice. With SMS, the notice and its pending broadcast (the outbox row) are stored in one batch before the plan
    /// is queued: if queuing fails the notice is still answered as published and <see cref="NoticeOutboxSweep"/> queues it a few
    /// minutes later. A retry with the same request key (Idempotency-Key) gets the notice the first request stored and queues
    /// nothing, so households are never texted twice for one publication.
    /// </summary>
    public async Task<NoticeOutcome> CreateAsync(NoticeDraft draft, string actor, string? requestKey, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var e = new ErrorList();
        var community = e.Community(draft.Community);
        var type = e.OneOf("type", draft.Type, NoticeTypes.All, required: true);
        var title = e.Text("title", draft.Title, MaxTitle, required: true);
        var body = e.Text("body", draft.Body, MaxBody, required: true, multiline: true);
        var buildings = Buildings(e, draft.Buildings, draft.AllBuildings ?? false);
        var start = now;
        if (draft.Start is not null && !DeskTimes.TryParse(draft.Start, _zone, out start))
        {
            e.Add("start", "datetime_format");
        }
        DateTimeOffset? end = null;
        if (draft.ExpectedEnd is not null)
        {
            if (!DeskTimes.TryParse(draft.ExpectedEnd, _zone, out var parsed))
            {
                e.Add("expectedEnd", "datetime_format");
            }
            else if (parsed <= start)
            {
                e.Add("expectedEnd", "end_before_start");
            }
            else
            {
                end = parsed;
            }
        }
        if (e.Any)
        {
            return new NoticeOutcome.Invalid(e.Errors);
        }
        var key = string.IsNullOrEmpty(requestKey) ? null : requestKey;
        var hash = key is null ? "" : Hash(draft);
        if (key is not null && await store.FindRequestKeyAsync(community!, key, ct) is { } seen)
        {
            return await ReplayAsync(community!, seen, hash, ct);
        }

        var notice = new Notice
        {
            Id = "", Community = community!, Type = type!, Title = title!, Body = body!, Buildings = buildings!, StartsAt = start,
            ExpectedEndAt = end, SendSms = draft.SendSms ?? false, Status = NoticeStatuses.Active, Version = 1,
            CreatedAt = now, UpdatedAt = now, CreatedBy = actor,
        };
        string? etag;
        for (var attempt = 0; ; attempt++)
        {
            // "N" + the ticket id form: short, readable, dated; a collision in the community is retried.
            notice = notice with { Id = "N" + TicketId.New(now, _zone) };
            var outbox = notice.SendSms ? new NoticeOutbox(notice.Community, notice.Id, notice.Version, now) : null;
            var created = await store.TryCreateAsync(notice, outbox, key is null ? null : new NoticeRequestKey(key, notice.Id, hash), ct);
            if (created.Existing is { } existing)
            {
                // A concurrent retry of the same request stored its notice first.
                return await ReplayAsync(notice.Community, existing, hash, ct);
            }
            if ((etag = created.ETag) is not null)
            {
                break;
            }
            if (attempt >= 10)
            {
                throw new InvalidOperationException("Could not find a free notice id.");
            }
        }
        await BroadcastAsync(notice, ct);
        logger.LogInformation("{Actor} published notice {NoticeId} ({Type}) in {Community}; SMS {Sms}", actor, notice.Id, notice.Type, notice.Community, notice.SendSms);
        return new NoticeOutcome.Done(notice, etag);
    }

    private async Task<NoticeOutcome> ReplayAsync(string community, NoticeRequestKey seen, string hash, CancellationToken ct)
    {
        if (seen.BodyHash != hash)
        {
            return new NoticeOutcome.KeyReused();
        }
        // Its broadcast, if still pending, is the sweep's: queuing it here too would only plan it twice.
        return await store.GetAsync(community, seen.NoticeId, ct) is { } stored
            ? new NoticeOutcome.Done(stored.Value, stored.ETag)
            : new NoticeOutcome.NotFound();
    }

    private static string Hash(NoticeDraft draft) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(draft)));

    public async Task<NoticeOutcome> UpdateAsync(string id, NoticeChange change, string? ifMatch, string actor, CancellationToken ct)
    {
        var e = new ErrorList();
        var community = e.Community(change.Community);
        var text = e.Text("update", change.Update, MaxUpdate, required: true, multiline: true);
        DateTimeOffset? end = null;
        if (change.ExpectedEnd is not null)
        {
            if (DeskTimes.TryParse(change.ExpectedEnd, _zone, out var parsed))
            {
                end = parsed;
            }
            else
            {
                e.Add("expectedEnd", "datetime_format");
            }
        }
        if (e.Any)
        {
            return new NoticeOutcome.Invalid(e.Errors);
        }
        return await ChangeAsync(community!, id, ifMatch, actor, broadcast: true, (notice, now) =>
        {
            if (notice.Updates.Count >= MaxUpdates)
            {
                return (null, [new FieldError("update", "too_many_updates", MaxUpdates)]);
            }
            if (end is { } newEnd && newEnd <= notice.StartsAt)
            {
                return (null, [new FieldError("expectedEnd", "end_before_start")]);
            }
            var sms = change.SendSms ?? notice.SendSms;
            var version = notice.Version + 1;
            var resolved = change.Resolved == true;
            return (notice with
            {
                Version = version,
                Updates = [.. notice.Updates, new NoticeUpdate(version, now, text!, sms)],
                ExpectedEndAt = end ?? notice.ExpectedEndAt,
                Status = resolved ? NoticeStatuses.Resolved : notice.Status,
                ResolvedAt = resolved ? notice.ResolvedAt ?? now : notice.ResolvedAt,
                UpdatedAt = now,
            }, []);
        }, ct);
    }

    public async Task<NoticeOutcome> WithdrawAsync(string id, NoticeWithdrawal withdrawal, string? ifMatch, string actor, CancellationToken ct)
    {
        var e = new ErrorList();
        var community = e.Community(withdrawal.Community);
        var reason = e.Text("reason", withdrawal.Reason, MaxUpdate, required: false, multiline: true);
        if (e.Any)
        {
            return new NoticeOutcome.Invalid(e.Errors);
        }
        return await ChangeAsync(community!, id, ifMatch, actor, broadcast: false, (notice, now) => (notice with
        {
            Status = NoticeStatuses.Withdrawn,
            WithdrawnAt = now,
            UpdatedAt = now,
            // Kept for the staff view; owners no longer see the notice. No SMS: households are not told twice.
            Updates = reason is null ? notice.Updates : [.. notice.Updates, new NoticeUpdate(notice.Version, now, "withdrawn: " + reason, false)],
        }, []), ct);
    }

    private async Task<NoticeOutcome> ChangeAsync(string community, string id, string? ifMatch, string actor, bool broadcast,
        Func<Notice, DateTimeOffset, (Notice? Changed, IReadOnlyList<FieldError> Errors)> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ConcurrencyAttempts; attempt++)
        {
            var current = await store.GetAsync(community, id, ct);
            if (current is null)
            {
                return new NoticeOutcome.NotFound();
            }
            if (!string.IsNullOrEmpty(ifMatch) && ifMatch != "*" && Bare(ifMatch) != Bare(current.ETag))
            {
                return new NoticeOutcome.Stale(current.Value, current.ETag);
            }
            if (current.Value.Status == NoticeStatuses.Withdrawn)
            {
                return new NoticeOutcome.Withdrawn();
            }
            var (changed, errors) = change(current.Value, time.GetUtcNow());
            if (changed is null)
            {
                return new NoticeOutcome.Invalid(errors);
            }
            var outbox = broadcast && Texts(changed) ? new NoticeOutbox(changed.Community, changed.Id, changed.Version, time.GetUtcNow()) : null;
            if (await store.TryUpdateAsync(current, changed, outbox, ct) is { } etag)
            {
                if (broadcast)
                {
                    await BroadcastAsync(changed, ct);
                }
                logger.LogInformation("{Actor} changed notice {NoticeId} to version {Version} ({Status})", actor, id, changed.Version, changed.Status);
                return new NoticeOutcome.Done(changed, etag);
            }
            if (!string.IsNullOrEmpty(ifMatch) && ifMatch != "*")
            {
                // The caller pinned a version and someone else changed it meanwhile.
                var latest = await store.GetAsync(community, id, ct);
                return latest is null ? new NoticeOutcome.NotFound() : new NoticeOutcome.Stale(latest.Value, latest.ETag);
            }
        }
        throw new InvalidOperationException($"Notice {id} kept changing while being updated.");
    }

    /// <summary>Storage ETags are weak (W/"datetime'…'"); clients may echo them with or without the W/ and quotes.</summary>
    private static string Bare(string etag)
    {
        var trimmed = etag.Trim();
        return (trimmed.StartsWith("W/", StringComparison.Ordinal) ? trimmed[2..] : trimmed).Trim('"');
    }

    /// <summary>Whether this version of the notice is sent by SMS.</summary>
    private static bool Texts(Notice notice) =>
        notice.Version == 1 ? notice.SendSms : notice.Updates.LastOrDefault(u => u.Version == notice.Version)?.Sms == true;

    /// <summary>
    /// Queues the plan of this version's broadcast. Safe to repeat: the SMS ids are per version and household. A failure is
    /// not the caller's: the outbox row stored with the notice stays pending and the sweep queues it.
    /// </summary>
    private async Task BroadcastAsync(Notice notice, CancellationToken ct)
    {
        if (!Texts(notice))
        {
            return;
        }
        try
        {
            await queue.EnqueueNoticeFanoutAsync(new NoticeFanoutMessage(notice.Community, notice.Id, notice.Version), null, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Notice {NoticeId} v{Version} stored but its broadcast not queued; the outbox sweep will queue it", notice.Id, notice.Version);
        }
    }

    /// <summary>What owners see: visible notices, outages first, then the newest first.</summary>
    public async Task<IReadOnlyList<Notice>> CurrentAsync(string community, CancellationToken ct)
    {
        var visible = await store.VisibleAsync(community, time.GetUtcNow(), ct);
        return visible.Where(n => n.Status != NoticeStatuses.Withdrawn)
            .OrderByDescending(n => NoticeTypes.IsOutage(n.Type) && n.Status == NoticeStatuses.Active)
            .ThenByDescending(n => n.StartsAt)
            .ToList();
    }

    /// <summary>
    /// The notice that already answers an owner's question about an outage (<see cref="OutageTopics"/>) in their building, if any:
    /// one naming the building before one for the whole community, then the latest.
    /// </summary>
    public async Task<Notice?> AnsweringAsync(string community, string building, string text, CancellationToken ct)
    {
        if (OutageTopics.Detect(text) is not { } type)
        {
            return null;
        }
        var now = time.GetUtcNow();
        return (await store.VisibleAsync(community, now, ct))
            .Where(n => OutageTopics.Covers(n, type, building, now))
            .OrderByDescending(n => n.Buildings.Count > 0)
            .ThenByDescending(n => n.StartsAt)
            .FirstOrDefault();
    }

    public Task<IReadOnlyList<Notice>> RecentAsync(string community, CancellationToken ct) => store.RecentAsync(community, 100, ct);

    /// <summary>The notice and its broadcast figures: queued/skipped from the pages' rows, sent/failed from the SMS log.</summary>
    public async Task<(Versioned<Notice> Notice, IReadOnlyList<BroadcastCounts> Counts)?> DetailAsync(string community, string id, CancellationToken ct)
    {
        var notice = await store.GetAsync(community, id, ct);
        if (notice is null)
        {
            return null;
        }
        var broadcasts = await store.BroadcastsAsync(community, id, ct);
        var sms = await smsLog.ForGroupAsync(notice.Value.SmsGroup, ct);
        var counts = broadcasts.Select(b =>
        {
            var mine = sms.Where(s => s.Purpose == NoticeBroadcaster.Purpose(b.Version)).ToList();
            var sent = mine.Count(s => s.Status is SmsStatuses.Sent or SmsStatuses.Delivered);
            var failed = mine.Count(s => s.Status is SmsStatuses.Failed or SmsStatuses.Undelivered);
            var queued = b.Pages.Sum(p => p.Queued);
            return new BroadcastCounts(b.Version, b.Households, queued, b.Pages.Sum(p => p.Skipped), sent, failed, Math.Max(0, queued - sent - failed));
        }).ToList();
        return (notice, counts);
    }

    private static List<string>? Buildings(ErrorList e, string[]? buildings, bool all)
    {
        if (all)
        {
            return [];
        }
        if (buildings is null || buildings.Length == 0)
        {
            e.Add("buildings", "buildings_or_all");
            return null;
        }
        if (buildings.Length > MaxBuildings)
        {
            e.Add("buildings", "too_many", MaxBuildings);
            return null;
        }
        var list = new List<string>();
        foreach (var b in buildings)
        {
            // '|' separates the parts of a resident's key; imports refuse it, and so do we.
            var text = e.Text("buildings", b, 20, required: true);
            if (text is not null && text.Contains('|', StringComparison.Ordinal))
            {
                e.Add("buildings", "control_chars");
            }
            else if (text is not null && !list.Contains(text))
            {
                list.Add(text);
            }
        }
        return list;
    }
}
