using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Fees;

public sealed record FeeReminderSummary(string Result, int Units, int Sent, int Capped, int OptedOut, int NoContact);

/// <summary>
/// One run of the FeeReminders timer. Streams the ledger unit by unit (a unit's fees are neighbours in key
/// order) and the residents' records alongside it (same key order, so a merge instead of a read per unit),
/// asks <see cref="FeeReminderPolicy"/> what is due, queues the SMS and records the reminders on the rows.
/// Memory stays flat: one page of rows and at most <see cref="FlushEvery"/> pending updates.
/// Never sends twice: an SMS is queued before the ledger records it, and its id is deterministic (unit,
/// fees, stage, phone), so a run that dies between the two queues the same id again and the SMS log sends it
/// once. The checkpoint is written only after the records it covers, so a resumed run repeats at most work
/// whose SMS ids it will reproduce.
/// </summary>
public sealed class FeeReminderRun(
    IFeeLedger ledger,
    IResidentDirectory residents,
    IOptOuts optOuts,
    ISmsQueue queue,
    SmsComposer composer,
    IRunCheckpoints checkpoints,
    DeskOptions options,
    TimeProvider time,
    ILogger<FeeReminderRun> logger)
{
    public const string Name = "FeeReminders";
    private const int FlushEvery = 100;
    private const int CheckpointEveryUnits = 1000;
    /// <summary>Queue sends in flight at once: each is a round trip, and waiting for them one by one dominated a run.</summary>
    private const int SendsInFlight = 16;
    /// <summary>Longer than any run takes between checkpoints; a crashed run's lease lapses and the next run resumes its position.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private readonly FeeReminderPolicy _policy = new(FeeReminderOptions.ParseStages(options.FeeReminders.Stages) ?? [-3, 7, 30], options.Zone());

    public FeeReminderPolicy Policy => _policy;

    public async Task<FeeReminderSummary> RunAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var summary = await RunOnceAsync(ct);
        DeskMetrics.FeeRemindersRan(summary.Result, summary.Units, summary.Sent, time.GetElapsedTime(started));
        return summary;
    }

    private async Task<FeeReminderSummary> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_policy.IsQuiet(now))
        {
            return new FeeReminderSummary("quiet-hours", 0, 0, 0, 0, 0);
        }
        var previous = await checkpoints.GetAsync(Name, ct);
        if (previous is { Completed: false } && previous.LeaseUntil > now)
        {
            logger.LogInformation("FeeReminders: another run holds the checkpoint until {Until}; skipping", previous.LeaseUntil);
            return new FeeReminderSummary("busy", 0, 0, 0, 0, 0);
        }
        var resume = previous is { Completed: false } ? previous.Position : null;
        var checkpoint = await checkpoints.TrySaveAsync(Name,
            new RunCheckpoint(Guid.NewGuid().ToString("N"), now, resume, false, now + Lease, previous?.ETag), ct);
        if (checkpoint is null)
        {
            return new FeeReminderSummary("busy", 0, 0, 0, 0, 0);
        }
        if (resume is not null)
        {
            logger.LogInformation("FeeReminders: resuming after {Community} {Unit}", resume.Community, resume.AfterUnitKey);
        }

        // Opt-outs are few (people who replied TD); one scan of them beats a point read per reminded unit.
        var optedOut = new HashSet<string>(await optOuts.AllAsync(ct), StringComparer.Ordinal);
        // Owners who turned fee reminders off on their home page count as opted out here (the sender would hold them anyway).
        optedOut.UnionWith(await optOuts.WithTopicOffAsync(SmsTopics.Fees, ct));

        var counts = new Dictionary<FeeReminderOutcome, int>();
        var pending = new List<FeeEntry>();
        var sending = new List<Task>();
        var units = 0;
        var sinceCheckpoint = 0;
        var position = resume;
        string? community = null;
        ResidentCursor? cursor = null;
        var result = "completed";
        try
        {
            await foreach (var unit in ledger.ScanUnitsAsync(resume, ct))
            {
                if (unit.Community != community)
                {
                    await FlushAsync(community, pending, sending, ct);
                    if (cursor is not null)
                    {
                        await cursor.DisposeAsync();
                    }
                    cursor = new ResidentCursor(residents.InBuildingsAsync(unit.Community, [], ct).GetAsyncEnumerator(ct));
                    community = unit.Community;
                }
                var contacts = (await cursor!.ForUnitAsync(unit.UnitKey))
                    .Select(r => new FeeContact(r.Name, r.Phone, r.Language, r.Relation, optedOut.Contains(r.Phone)))
                    .ToList();
                now = time.GetUtcNow();
                var decision = _policy.Decide(unit.Fees, contacts, now);
                if (decision.Outcome == FeeReminderOutcome.QuietHours)
                {
                    // Quiet hours began during the run: stop here, the morning's first run resumes.
                    result = "stopped-quiet-hours";
                    break;
                }
                counts[decision.Outcome] = counts.GetValueOrDefault(decision.Outcome) + 1;
                if (decision.Outcome == FeeReminderOutcome.Send)
                {
                    await SendAsync(unit, decision, now, pending, sending, ct);
                }
                position = new ScanPosition(unit.Community, unit.UnitKey);
                units++;
                sinceCheckpoint++;
                if (pending.Count >= FlushEvery || sinceCheckpoint >= CheckpointEveryUnits)
                {
                    await FlushAsync(community, pending, sending, ct);
                    checkpoint = await SaveAsync(checkpoint, position, completed: false, holding: true, ct);
                    sinceCheckpoint = 0;
                }
                if (options.FeeReminders.MaxUnitsPerRun > 0 && units >= options.FeeReminders.MaxUnitsPerRun)
                {
                    result = "stopped-limit";
                    break;
                }
            }
        }
        finally
        {
            if (cursor is not null)
            {
                await cursor.DisposeAsync();
            }
        }
        await FlushAsync(community, pending, sending, ct);
        await SaveAsync(checkpoint, position, completed: result == "completed", holding: false, ct);
        var summary = new FeeReminderSummary(result, units, counts.GetValueOrDefault(FeeReminderOutcome.Send),
            counts.GetValueOrDefault(FeeReminderOutcome.Capped), counts.GetValueOrDefault(FeeReminderOutcome.OptedOut),
            counts.GetValueOrDefault(FeeReminderOutcome.NoContact));
        logger.LogInformation("FeeReminders {Result}: {Units} unit(s) checked, {Sent} reminded, {Capped} within 7 days of the last, {OptedOut} opted out, {NoContact} without a contact",
            summary.Result, summary.Units, summary.Sent, summary.Capped, summary.OptedOut, summary.NoContact);
        return summary;
    }

    private async Task SendAsync(UnitFees unit, FeeReminderDecision decision, DateTimeOffset now, List<FeeEntry> pending, List<Task> sending,
        CancellationToken ct)
    {
        var to = decision.Recipient!;
        var purpose = "fee-" + string.Join('+', decision.Due.Select(d => $"{d.Fee.FeeType}-{d.Fee.Period}-{d.Stage}"));
        var text = FeeSms.Reminder(composer, unit.Unit, decision.Due, options.PaymentInstructions, to.Language);
        if (sending.Count >= SendsInFlight)
        {
            await Task.WhenAll(sending);
            sending.Clear();
        }
        sending.Add(queue.EnqueueSmsAsync(OutgoingSms.Create($"fee-{unit.Community}-{unit.UnitKey}", purpose, to.Phone, text, unit.Community), delay: null, ct));
        foreach (var due in decision.Due)
        {
            pending.Add(due.Fee with { Reminders = [.. due.Fee.Reminders, new FeeReminder(due.Stage, now, to.Phone, to.Name)] });
        }
        logger.LogInformation("Fee reminder {Purpose} for {Community} {Unit} queued to {Phone}", purpose, unit.Community, unit.UnitKey, PhoneNumber.Mask(to.Phone));
    }

    /// <summary>Records the reminders on the ledger once their SMS are surely queued: never a record without its SMS.</summary>
    private async Task FlushAsync(string? community, List<FeeEntry> pending, List<Task> sending, CancellationToken ct)
    {
        await Task.WhenAll(sending);
        sending.Clear();
        if (community is null || pending.Count == 0)
        {
            return;
        }
        await ledger.RecordRemindersAsync(community, pending, ct);
        pending.Clear();
    }

    /// <summary>Stores the position. While the run goes on it renews the lease; at the end it lets go, so the next run may resume at once.</summary>
    private async Task<RunCheckpoint> SaveAsync(RunCheckpoint checkpoint, ScanPosition? position, bool completed, bool holding, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var next = checkpoint with { Position = completed ? null : position, Completed = completed, LeaseUntil = holding ? now + Lease : now };
        return await checkpoints.TrySaveAsync(Name, next, ct)
            ?? throw new InvalidOperationException("FeeReminders: another run took over the checkpoint; stopping this one.");
    }

    /// <summary>Walks a community's residents in key order alongside the ledger, so each unit's contacts come without a query of their own.</summary>
    private sealed class ResidentCursor(IAsyncEnumerator<Resident> residents) : IAsyncDisposable
    {
        private Resident? _current;
        private bool _done;

        public async Task<IReadOnlyList<Resident>> ForUnitAsync(string unitKey)
        {
            var found = new List<Resident>();
            while (await PeekAsync() is { } r)
            {
                var order = CompareUnits(r.UnitKey, unitKey);
                if (order > 0)
                {
                    break;
                }
                if (order == 0)
                {
                    found.Add(r);
                }
                _current = null;
            }
            return found;
        }

        /// <summary>Both tables order rows by "unitKey|…", so units compare as their keys followed by '|'.</summary>
        private static int CompareUnits(string a, string b) => string.CompareOrdinal(a + "|", b + "|");

        private async ValueTask<Resident?> PeekAsync()
        {
            if (_current is null && !_done)
            {
                if (await residents.MoveNextAsync())
                {
                    _current = residents.Current;
                }
                else
                {
                    _done = true;
                }
            }
            return _current;
        }

        public ValueTask DisposeAsync() => residents.DisposeAsync();
    }
}
