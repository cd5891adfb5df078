using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Fees;

/// <summary>A person who may be reminded about a unit's fees, with their opt-out state.</summary>
public sealed record FeeContact(string Name, string Phone, string Language, string Relation, bool OptedOut);

public enum FeeReminderOutcome
{
    Send,
    QuietHours,
    NothingDue,
    /// <summary>The unit was reminded less than seven days ago.</summary>
    Capped,
    OptedOut,
    NoContact,
}

/// <summary>A fee and the stage it is reminded at.</summary>
public sealed record DueFee(FeeEntry Fee, string Stage, int DaysPastDue);

public sealed record FeeReminderDecision(FeeReminderOutcome Outcome, IReadOnlyList<DueFee> Due, FeeContact? Recipient = null);

/// <summary>
/// Decides, for one unit at one instant, whether a fee reminder goes out, about which fees and to whom.
/// Pure: the timer feeds it the unit's ledger rows and contacts; time and zone are explicit.
/// Rules (docs/features.md, "Owner records and fees"): staged (by default 3 days before due, 7 and 30 days overdue); never in quiet hours
/// (21:00–08:00 local); at most one SMS per unit per 7 days; nothing once paid; opted-out phones are skipped.
/// </summary>
public sealed class FeeReminderPolicy
{
    public static readonly TimeOnly QuietFrom = new(21, 0);
    public static readonly TimeOnly QuietUntil = new(8, 0);
    public static readonly TimeSpan MinimumGap = TimeSpan.FromDays(7);

    private readonly IReadOnlyList<int> _stages;

    public FeeReminderPolicy(IReadOnlyList<int> stageDays, TimeZoneInfo zone)
    {
        _stages = stageDays.Order().ToList();
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<int> StageDays => _stages;

    /// <summary>"before3", "due", "overdue7": stable names, part of the SMS ids and the ledger history.</summary>
    public static string StageName(int days) => days switch
    {
        < 0 => $"before{-days}",
        0 => "due",
        _ => $"overdue{days}",
    };

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public bool IsQuiet(DateTimeOffset instant)
    {
        var time = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
        return time >= QuietFrom || time < QuietUntil;
    }

    /// <summary>
    /// The stage a fee should be reminded at today, or null: paid, no stage reached yet, or this stage (or a
    /// later one) already sent. Only the latest stage reached is sent, so a ledger imported late does not
    /// send a burst of stale reminders.
    /// </summary>
    public DueFee? DueStage(FeeEntry fee, DateOnly today)
    {
        if (fee.IsPaid || (fee.PromisedBy is { } promised && today <= promised))
        {
            // Paid, or the owner promised a date that has not passed: no reminder until the day after.
            return null;
        }
        var days = today.DayNumber - fee.DueDate.DayNumber;
        var reached = _stages.Where(d => d <= days).ToList();
        if (reached.Count == 0)
        {
            return null;
        }
        var stage = reached[^1];
        var laterOrSame = _stages.Where(d => d >= stage).Select(StageName).ToHashSet();
        return fee.Reminders.Any(r => laterOrSame.Contains(r.Stage)) ? null : new DueFee(fee, StageName(stage), days);
    }

    public FeeReminderDecision Decide(IReadOnlyList<FeeEntry> unitFees, IReadOnlyList<FeeContact> contacts, DateTimeOffset now)
    {
        if (IsQuiet(now))
        {
            return new FeeReminderDecision(FeeReminderOutcome.QuietHours, []);
        }
        var today = LocalDate(now);
        var due = unitFees.Select(f => DueStage(f, today)).OfType<DueFee>()
            .OrderByDescending(d => d.DaysPastDue).ThenBy(d => d.Fee.RowKey, StringComparer.Ordinal).ToList();
        if (due.Count == 0)
        {
            return new FeeReminderDecision(FeeReminderOutcome.NothingDue, []);
        }
        // The cap is per unit: any reminder about any of its fees counts.
        var last = unitFees.SelectMany(f => f.Reminders).Select(r => (DateTimeOffset?)r.At).Max();
        if (last is { } at && now - at < MinimumGap)
        {
            return new FeeReminderDecision(FeeReminderOutcome.Capped, due);
        }
        // Owners pay the fees; tenants are asked only when no owner is on record. Family members are not dunned.
        var owners = contacts.Where(c => c.Relation == ResidentRelations.Owner).ToList();
        var candidates = owners.Count > 0 ? owners : contacts.Where(c => c.Relation == ResidentRelations.Tenant).ToList();
        if (candidates.Count == 0)
        {
            return new FeeReminderDecision(FeeReminderOutcome.NoContact, due);
        }
        var recipient = candidates.OrderBy(c => c.Phone, StringComparer.Ordinal).FirstOrDefault(c => !c.OptedOut);
        return recipient is null
            ? new FeeReminderDecision(FeeReminderOutcome.OptedOut, due)
          : new FeeReminderDecision(FeeReminderOutcome.Send, due, recipient);
    }
}
