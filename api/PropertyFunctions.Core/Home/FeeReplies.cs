using System.Globalization;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Intake;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Home;

/// <summary>An owner's reply about a fee, as it arrives on the wire (POST /api/owner/fee-replies).</summary>
public sealed record FeeReplyRequest(string? Unit, string? Kind, string? Text, string? PromisedDate);

public static class FeeReplyKinds
{
    public const string Question = "question";
    public const string Reason = "reason";
    public const string Promise = "promise";
    public const string Help = "help";

    public static readonly IReadOnlyList<string> All = [Question, Reason, Promise, Help];
}

/// <summary>
/// Replies about fees become tickets of kind <see cref="TicketKinds.Fee"/> for the service centre, taken through the usual intake
/// (stored, routed, acknowledged, in the staff queue). From the owner's home: a question, a reason for not paying, a promised
/// date (which also pauses the unit's reminders until that date) or a plea for help. By SMS: any free text from a phone that
/// was sent a fee reminder in the last <see cref="SmsReplyWindow"/>.
/// </summary>
public sealed class FeeReplies(IResidentDirectory residents, IFeeLedger ledger, TicketIntake intake, CommunityDirectory communities, DeskOptions options,
    TimeProvider time, ILogger<FeeReplies> logger)
{
    public const int MaxText = 500;
    public const int MaxPromiseDays = 90;
    public static readonly TimeSpan SmsReplyWindow = TimeSpan.FromDays(30);

    public async Task<SubmitOutcome> ReplyAsync(OwnerSession session, FeeReplyRequest request, string language, string clientAddress, CancellationToken ct)
    {
        var e = new ErrorList();
        var kind = e.OneOf("kind", request.Kind, FeeReplyKinds.All, required: true);
        var text = e.Text("text", request.Text, MaxText, required: kind is not FeeReplyKinds.Promise, multiline: true);
        var unitKey = e.Text("unit", request.Unit, 80, required: true);
        DateOnly? promised = null;
        if (kind == FeeReplyKinds.Promise && e.Text("promisedDate", request.PromisedDate, 10, required: true) is { } rawDate)
        {
            var today = Today();
            if (DateOnly.TryParseExact(rawDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                && d >= today && d <= today.AddDays(MaxPromiseDays))
            {
                promised = d;
            }
            else
            {
                e.Add("promisedDate", "promise_date");
            }
        }
        Resident? record = null;
        if (unitKey is not null)
        {
            // Only a unit this phone is on record for: one owner cannot write about (or pause the reminders of) another's home.
            record = (await residents.WithPhoneAsync(session.Community, session.Phone, ct)).FirstOrDefault(r => r.UnitKey == unitKey);
            if (record is null)
            {
                e.Add("unit", "unit_not_yours");
            }
        }
        if (e.Any)
        {
            return new SubmitOutcome.Invalid(e.Errors);
        }
        var heading = Messages.Get("fee_reply." + kind, Language.Chinese)
            + (promised is { } p ? "：" + p.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "");
        var outcome = await SubmitAsync(record!, heading, text, clientAddress, ct);
        if (outcome is SubmitOutcome.Created && promised is { } date)
        {
            await ledger.PromiseAsync(session.Community, record!.Unit, date, ct);
            logger.LogInformation("Fee reminders of {Community} {Unit} paused until {Date}: the owner promised to pay", session.Community, record.UnitKey, date);
        }
        return outcome;
    }

    /// <summary>
    /// A free-text SMS from a phone a fee reminder went to recently: a fee ticket for the unit it was about. False when the phone
    /// was sent no fee reminder in the window (the caller sends the help SMS instead).
    /// </summary>
    public async Task<bool> FromSmsAsync(string phone, string text, CancellationToken ct)
    {
        var since = time.GetUtcNow() - SmsReplyWindow;
        foreach (var community in await communities.ListAsync(ct))
        {
            foreach (var record in await residents.WithPhoneAsync(community, phone, ct))
            {
                var fees = await ledger.InUnitAsync(community, record.Unit, ct);
                if (!fees.Any(f => f.Reminders.Any(r => r.To == phone && r.At >= since)))
                {
                    continue;
                }
                var outcome = await SubmitAsync(record, Messages.Get("fee_reply.sms", Language.Chinese), text.Length > MaxText ? text[..MaxText] : text,
                    "sms:" + phone, ct);
                logger.LogInformation("SMS reply to a fee reminder from {Phone} became {Outcome}", PhoneNumber.Mask(phone), outcome.GetType().Name);
                return outcome is SubmitOutcome.Created;
            }
        }
        return false;
    }

    private Task<SubmitOutcome> SubmitAsync(Resident record, string heading, string? text, string clientAddress, CancellationToken ct) =>
        intake.SubmitAsync(new TicketSubmission
        {
            Community = record.Community,
            Kind = TicketKinds.Fee,
            Building = record.Unit.Building,
            Unit = record.Unit.Unit,
            Room = record.Unit.Room,
            Name = record.Name,
            Phone = record.Phone,
            // The owner's words are data: joined after the heading, never formatted.
            Description = string.IsNullOrWhiteSpace(text) ? heading : heading + "\n" + text,
            Language = record.Language,
        }, record.Language, idempotencyKey: null, bodyHash: "", clientAddress, entry: null, ct);

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), options.Zone()).DateTime);
}
