using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;

namespace PropertyFunctions.Core.Messaging;

/// <summary>Raised once a community's hourly owner-SMS budget is spent: someone (the duty supervisor) must be told.</summary>
public interface ISmsBudgetAlarm
{
    Task TrippedAsync(Community community, DateTimeOffset hour, CancellationToken ct);
}

/// <summary>
/// The sender's last word before an SMS leaves (the abuse policy's SMS half). Staff work always goes. Anything else is held
/// for a phone that opted out (TD/退订), unless it is a safety notice or the opt-out's own confirmation, and a fee reminder, notice
/// or event reminder for a phone that turned that kind off on the owner's home page (safety notices still go). Owner SMS also go
/// only to a country the community accepts, and count against the community's budget per hour: past it the breaker trips,
/// later owner SMS in that hour are held and the duty supervisor is told once. So a loop of anonymous submissions can cost a
/// community at most its budget an hour.
/// </summary>
public sealed class SmsGate(IOptOuts optOuts, IRateLimiter limiter, CommunityDirectory communities, ISmsBudgetAlarm alarm, TimeProvider time,
    ILogger<SmsGate> logger)
{
    /// <summary>Why the SMS must not go out (a code kept on the SMS log), or null to send it.</summary>
    public async Task<string?> HoldReasonAsync(OutgoingSms sms, CancellationToken ct)
    {
        var template = SmsCatalogue.Get(sms.Message.Template);
        if (template.Audience == SmsAudience.Staff)
        {
            return null;
        }
        if (!sms.Safety && !template.OptOutExempt && await optOuts.IsOptedOutAsync(sms.To, ct))
        {
            return SmsHoldReasons.OptedOut;
        }
        if (!sms.Safety && SmsTopics.Of(template.Key) is { } topic && (await optOuts.TopicsOffAsync(sms.To, ct)).Contains(topic))
        {
            return SmsHoldReasons.TopicOff;
        }
        if (template.Audience != SmsAudience.Owner || sms.Community is not { } slug)
        {
            return null;
        }
        var community = await communities.GetAsync(slug, ct);
        if (!community.Accepts(sms.To))
        {
            return SmsHoldReasons.Country;
        }
        var now = time.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        if (await limiter.TryAcquireFromBudgetAsync("sms-budget:" + slug, community.SmsPerHour, hour, ct))
        {
            return null;
        }
        logger.LogWarning("Owner SMS budget of {Community} ({Budget} an hour) is spent: SMS {SmsId} held", slug, community.SmsPerHour, sms.Id);
        DeskMetrics.BudgetBreakerTripped(slug);
        await alarm.TrippedAsync(community, hour, ct);
        return SmsHoldReasons.Budget;
    }
}

public static class SmsHoldReasons
{
    public const string OptedOut = "held: opted out";
    public const string TopicOff = "held: the owner turned this kind of SMS off";
    public const string Country = "held: country not accepted by the community";
    public const string Budget = "held: the community's SMS budget for the hour is spent";
}
