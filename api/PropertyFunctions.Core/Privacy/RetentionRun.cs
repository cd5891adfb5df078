using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Privacy;

/// <summary>What one retention run removed, per table (rows), and the tickets it anonymised.</summary>
public sealed record RetentionReport(int SmsLog, int RateLimits, int Idempotency, int Signups, int Links, int TicketsAnonymised, int TicketRowsScrubbed)
{
    public int Total => SmsLog + RateLimits + Idempotency + Signups + Links + TicketsAnonymised + TicketRowsScrubbed;
}

/// <summary>
/// The nightly retention run (docs/privacy.md): deletes what has outlived its period and anonymises closed tickets past the
/// records period. Every step is idempotent, so a run that fails or times out is simply finished by the next one.
/// </summary>
public sealed class RetentionRun(IRetentionStore store, ITicketStore tickets, ICommunityStore communities, TicketLinks links, DeskOptions options,
    TimeProvider time, ILogger<RetentionRun> logger)
{
    public RetentionOptions Periods => options.Retention;

    /// <summary>When the records period of a ticket closed before it is over: <see cref="RetentionOptions.RecordsYears"/> years before <paramref name="now"/>.</summary>
    public DateTimeOffset RecordsCutoff(DateTimeOffset now) => now.AddYears(-Periods.RecordsYears);

    public async Task<RetentionReport> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var sms = await store.DeleteSmsLogBeforeAsync(now.AddDays(-Periods.SmsLogDays), ct);
        var limits = await store.DeleteRateLimitsBeforeAsync(now.AddDays(-Periods.RateLimitDays), ct);
        var idempotency = await store.DeleteIdempotencyBeforeAsync(now.AddDays(-Periods.IdempotencyDays), ct);
        var signups = await store.DeleteSignupsOfEventsEndedBeforeAsync(now.AddDays(-Periods.SignupDays), ct);
        var linkCount = await DeleteLinksOfClosedTicketsAsync(now.AddDays(-Periods.LinkDays), ct);
        var (anonymised, scrubbed) = await AnonymiseTicketsAsync(RecordsCutoff(now), now, ct);
        var report = new RetentionReport(sms, limits, idempotency, signups, linkCount, anonymised, scrubbed);
        logger.LogInformation("Retention: {SmsLog} SMS log row(s), {RateLimits} rate-limit row(s), {Idempotency} idempotency answer(s), {Signups} sign-up(s), " +
            "{Links} link(s) deleted; {Tickets} ticket(s) anonymised ({Scrubbed} related row(s) and photo(s))",
            sms, limits, idempotency, signups, linkCount, anonymised, scrubbed);
        return report;
    }

    /// <summary>Links of tickets that are closed or cancelled (or gone); an open ticket keeps its links however old.</summary>
    private async Task<int> DeleteLinksOfClosedTicketsAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var deleted = 0;
        await foreach (var link in store.LinksWrittenBeforeAsync(cutoff, ct))
        {
            var ticket = await tickets.GetAsync(link.Community, link.TicketId, ct);
            if (ticket is null || ticket.Value.Status is TicketStatuses.Closed or TicketStatuses.Cancelled)
            {
                await store.DeleteLinkAsync(link.Code, ct);
                deleted++;
            }
        }
        return deleted;
    }

    private async Task<(int Tickets, int Rows)> AnonymiseTicketsAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        var (count, rows) = (0, 0);
        foreach (var community in await communities.ListAsync(ct))
        {
            await foreach (var current in store.UnanonymisedTicketsCreatedBeforeAsync(community, cutoff, ct))
            {
                if (!TicketAnonymiser.RecordsPeriodOver(current.Value, cutoff))
                {
                    continue;
                }
                var (done, scrubbed) = await AnonymiseAsync(current, now, ct);
                rows += scrubbed;
                count += done ? 1 : 0;
            }
        }
        return (count, rows);
    }

    /// <summary>
    /// Scrubs what the ticket holds elsewhere, then replaces its row (guarded by its ETag). A lost race (someone changed the
    /// ticket meanwhile) leaves it for the next run, which reads it again.
    /// </summary>
    public async Task<(bool Done, int Scrubbed)> AnonymiseAsync(Versioned<Ticket> current, DateTimeOffset now, CancellationToken ct)
    {
        var t = current.Value;
        var scrubbed = await store.ScrubTicketAsync(t, links.Tracking(t.Community, t.Id).Code, ct);
        var saved = await tickets.TryUpdateAsync(current, TicketAnonymiser.Anonymise(t, now), [], ct);
        return (saved is not null, scrubbed);
    }
}
