using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Home;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Replies;

/// <summary>
/// Replies that arrive by SMS (ACS through Event Grid, Aliyun through its push): staff accept and finish tickets, owners rate and
/// opt out. Only phones on a roster act on tickets; free text from a phone sent a fee reminder becomes a fee ticket for the
/// service centre (<see cref="FeeReplies"/>); anything else unrecognised gets a short help SMS (once a day per phone) and changes nothing. Safe to receive twice: every effect is idempotent.
/// </summary>
public sealed class InboundSms(
    IRosterStore rosters,
    ITicketStore tickets,
    StaffActions staffActions,
    OwnerActions ownerActions,
    CommunityDirectory communities,
    IOptOuts optOuts,
    ISmsQueue queue,
    ISmsLog smsLog,
    SmsComposer composer,
    TicketSms ticketSms,
    ILinkStore links,
    FeeReplies feeReplies,
    TimeProvider time,
    ILogger<InboundSms> logger)
{
    private static readonly Dictionary<string, string> NoValues = [];

    public async Task ReceiveAsync(string from, string text, CancellationToken ct)
    {
        if (!PhoneNumber.TryNormalize(from, out var phone))
        {
            logger.LogWarning("SMS from an unreadable number ignored");
            return;
        }
        var command = SmsCommand.Parse(text);
        logger.LogInformation("SMS from {From}: {Command}", PhoneNumber.Mask(phone), command.GetType().Name);
        switch (command)
        {
            case SmsCommand.Accept or SmsCommand.Done:
                await StaffCommandAsync(phone, command, ct);
                break;
            case SmsCommand.Rate rate:
                if (await tickets.FindAwaitingRatingAsync(phone, ct) is { } waiting)
                {
                    await ownerActions.RateAsync(waiting.Id, rate.Score, isFixed: null, comment: null, Channels.Sms, ct);
                }
                else
                {
                    await HelpAsync(phone, ct);
                }
                break;
            case SmsCommand.OptOut:
                await optOuts.SetAsync(phone, true, time.GetUtcNow(), ct);
                await queue.EnqueueSmsAsync(OutgoingSms.Create("optout", "confirm", phone,
                    composer.Compose(SmsCatalogue.OptedOut, Language.Chinese, NoValues)), null, ct);
                break;
            default:
                // Free text after a fee reminder is the owner talking about the fee: the service centre gets it as a ticket.
                if (!string.IsNullOrWhiteSpace(text) && await feeReplies.FromSmsAsync(phone, text.Trim(), ct))
                {
                    break;
                }
                await HelpAsync(phone, ct);
                break;
        }
    }

    /// <summary>Event Grid SMSDeliveryReportReceived (ACS): the tag is our SMS id, and "Delivered" means delivered.</summary>
    public Task DeliveryReportAsync(string? tag, string? status, string? details, CancellationToken ct) =>
        ReceiptAsync(tag, string.Equals(status, "Delivered", StringComparison.OrdinalIgnoreCase), $"{status}: {details}", providerMessageId: null, ct);

    /// <summary>
    /// A carrier's delivery verdict, onto the SMS log. <paramref name="smsId"/> is our SMS id as the provider echoes
    /// it (ACS tag, Aliyun out_id). A receipt that finds the log already saying the same changes nothing, so a
    /// repeated push is harmless; one that arrives before the sender recorded the send fills in the provider's id.
    /// </summary>
    public async Task ReceiptAsync(string? smsId, bool delivered, string? error, string? providerMessageId, CancellationToken ct)
    {
        var split = smsId?.LastIndexOf(':') ?? -1;
        if (split <= 0 || await smsLog.GetAsync(smsId![..split], smsId[(split + 1)..], ct) is not { } record)
        {
            logger.LogInformation("Delivery report for an SMS not in the log ignored");
            return;
        }
        var updated = record with
        {
            Status = delivered ? SmsStatuses.Delivered : SmsStatuses.Undelivered,
            Error = delivered ? null : error,
            ProviderMessageId = string.IsNullOrEmpty(record.ProviderMessageId) ? providerMessageId : record.ProviderMessageId,
        };
        if (updated != record)
        {
            await smsLog.UpdateAsync(updated, ct);
        }
    }

    private async Task StaffCommandAsync(string phone, SmsCommand command, CancellationToken ct)
    {
        var (named, action) = command switch
        {
            SmsCommand.Accept a => (a.TicketId, TicketActions.Accept),
            SmsCommand.Done d => (d.TicketId, TicketActions.Resolve),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };
        // A bare "JD" or "WC" is about the ticket most recently dispatched to this phone. The sender is looked up in the roster of
        // the ticket's community, which routing has just read (and the roster store keeps for a minute).
        var id = named ?? (await links.LatestTaskAsync(phone, ct))?.TicketId;
        var community = id is null ? null : await tickets.FindCommunityAsync(id, ct);
        var member = community is null ? null : (await rosters.GetAsync(community, ct)).FirstOrDefault(s => s.Phone == phone);
        if (member is null)
        {
            if ((await rosters.FindByPhoneAsync(phone, ct)).Count == 0)
            {
                // Only registered staff act on tickets; a stranger's message changes nothing.
                logger.LogWarning("Ticket command from {From}, who is on no roster, ignored", PhoneNumber.Mask(phone));
                return;
            }
            await HelpAsync(phone, ct);
            return;
        }
        var outcome = await staffActions.ApplyAsync(id!, ifMatch: null, new ActionRequest(action),
            new Actor("staff:" + member.Name, member.Name, Channels.Sms, phone), ct);
        if (outcome is ActionOutcome.Refused { Code: "already_taken" } taken && taken.Current.Value.AcceptedByPhone != phone)
        {
            await queue.EnqueueSmsAsync(ticketSms.Taken(taken.Current.Value, await communities.GetAsync(community!, ct), taken.Current.Value.AcceptedBy ?? "", phone), null, ct);
        }
        else if (outcome is ActionOutcome.NotFound)
        {
            await HelpAsync(phone, ct);
        }
    }

    private Task HelpAsync(string phone, CancellationToken ct)
    {
        var day = time.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        return queue.EnqueueSmsAsync(OutgoingSms.Create("help-" + day, "help", phone, composer.Compose(SmsCatalogue.Help, Language.Chinese, NoValues)), null, ct);
    }
}
