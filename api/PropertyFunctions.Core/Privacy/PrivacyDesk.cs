using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Privacy;

/// <summary>A ticket as the export shows it: the whole record and its history.</summary>
public sealed record ExportedTicket(Ticket Ticket, IReadOnlyList<HistoryEntry> History);

/// <summary>Everything the desk holds about one phone number (PIPL art. 45).</summary>
public sealed record PrivacyExport(
    string Phone,
    DateTimeOffset ExportedAt,
    IReadOnlyList<ExportedTicket> Tickets,
    IReadOnlyList<PersonalRow> Rows,
    IReadOnlyList<StaffMember> Roster,
    IReadOnlyList<FeeEntry> Fees);

/// <summary>What an erasure did: rows removed or anonymised per table, and what it left and why.</summary>
public sealed record ErasureReport(string Phone, DateTimeOffset ErasedAt, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Kept);

public abstract record PrivacyOutcome
{
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : PrivacyOutcome;
    public sealed record Exported(PrivacyExport Export) : PrivacyOutcome;
    public sealed record Erased(ErasureReport Report) : PrivacyOutcome;
}

/// <summary>
/// PIPL access (export) and deletion (erase) for one phone number, by a company-wide admin. Both are recorded in the
/// privacy audit with the number only as a keyed hash.
/// </summary>
public sealed class PrivacyDesk(IPersonalDataStore personal, IPrivacyAudit audit, ITicketStore tickets, ICommunityStore communities,
    IResidentDirectory residents, IRosterStore rosters, IFeeLedger ledger, RetentionRun retention, PersonalHash hash, TimeProvider time,
    ILogger<PrivacyDesk> logger)
{
    public const string ExportAction = "export";
    public const string EraseAction = "erase";

    public async Task<PrivacyOutcome> ExportAsync(string? phoneInput, string actor, CancellationToken ct)
    {
        if (Validate(phoneInput) is not { } phone)
        {
            return new PrivacyOutcome.Invalid([new FieldError("phone", "phone_invalid")]);
        }
        var now = time.GetUtcNow();
        var found = new List<ExportedTicket>();
        var fees = new List<FeeEntry>();
        foreach (var community in await communities.ListAsync(ct))
        {
            foreach (var t in await tickets.ByPhoneAsync(community, phone, int.MaxValue, ct))
            {
                if (await tickets.GetWithHistoryAsync(community, t.Id, ct) is { } whole)
                {
                    found.Add(new ExportedTicket(whole.Ticket.Value, whole.History));
                }
            }
            foreach (var unit in (await residents.WithPhoneAsync(community, phone, ct)).Select(r => r.Unit).Distinct())
            {
                fees.AddRange(await ledger.InUnitAsync(community, unit, ct));
            }
        }
        var export = new PrivacyExport(phone, now, found, await personal.FindAsync(phone, ct), await rosters.FindByPhoneAsync(phone, ct), fees);
        var counts = export.Rows.GroupBy(r => r.Table).ToDictionary(g => g.Key, g => g.Count());
        counts["Tickets"] = found.Count;
        await audit.RecordAsync(new PrivacyAuditEntry(ExportAction, now, actor, hash.Of("audit", phone), counts), ct);
        logger.LogInformation("{Actor} exported the personal data of {Phone}: {Tickets} ticket(s), {Rows} other row(s)", actor, PhoneNumber.Mask(phone),
            found.Count, export.Rows.Count);
        return new PrivacyOutcome.Exported(export);
    }

    public async Task<PrivacyOutcome> EraseAsync(string? phoneInput, string actor, CancellationToken ct)
    {
        if (Validate(phoneInput) is not { } phone)
        {
            return new PrivacyOutcome.Invalid([new FieldError("phone", "phone_invalid")]);
        }
        var now = time.GetUtcNow();
        var anonymised = 0;
        var scrubbed = 0;
        foreach (var community in await communities.ListAsync(ct))
        {
            foreach (var t in await tickets.ByPhoneAsync(community, phone, int.MaxValue, ct))
            {
                // Open or closed: the person asked for deletion. A concurrent change is read again and retried.
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    if (await tickets.GetAsync(community, t.Id, ct) is not { } current || current.Value.Phone != phone)
                    {
                        break;
                    }
                    var (done, rows) = await retention.AnonymiseAsync(current, now, ct);
                    scrubbed += rows;
                    if (done)
                    {
                        anonymised++;
                        break;
                    }
                }
            }
        }
        var counts = new Dictionary<string, int>(await personal.EraseAsync(phone, ct)) { ["Tickets"] = anonymised, ["TicketRowsScrubbed"] = scrubbed };
        counts["OptOutsHashed"] = await personal.KeepOptOutHashedAsync(phone, now, ct) ? 1 : 0;
        var kept = new List<string>();
        if ((await rosters.FindByPhoneAsync(phone, ct)).Count > 0)
        {
            kept.Add("roster");
        }
        await audit.RecordAsync(new PrivacyAuditEntry(EraseAction, now, actor, hash.Of("audit", phone), counts), ct);
        logger.LogInformation("{Actor} erased the personal data of {Phone}: {Counts}", actor, PhoneNumber.Mask(phone),
            string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        return new PrivacyOutcome.Erased(new ErasureReport(phone, now, counts, kept));
    }

    private static string? Validate(string? input) =>
        input is { Length: <= 32 } && PhoneNumber.TryNormalize(input, out var phone) ? phone : null;
}
