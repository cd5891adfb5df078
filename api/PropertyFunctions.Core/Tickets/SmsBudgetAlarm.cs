using System.Globalization;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Core.Tickets;

/// <summary>
/// Tells the duty supervisor that a community's owner-SMS budget for the hour is spent. The SMS id is the community and the
/// hour, so however many held SMS report it, the supervisor is told once an hour.
/// </summary>
public sealed class SmsBudgetAlarm(IRosterStore rosters, ISmsQueue queue, SmsComposer composer, TimeProvider time, ILogger<SmsBudgetAlarm> logger)
    : ISmsBudgetAlarm
{
    public async Task TrippedAsync(Community community, DateTimeOffset hour, CancellationToken ct)
    {
        var roster = await rosters.GetAsync(community.Slug, ct);
        var supervisor = DutyRoster.DutySupervisor(roster, roster.Where(s => s.OnDutyAt(time.GetUtcNow(), community.Hours)).ToList(), emergency: true);
        if (supervisor is null)
        {
            logger.LogError("SMS budget of {Community} spent and no supervisor on its roster to tell", community.Slug);
            return;
        }
        var message = composer.Compose(SmsCatalogue.BudgetTripped, Language.Chinese, new Dictionary<string, string>
        {
            ["community"] = community.Name.Zh,
            ["limit"] = community.SmsPerHour.ToString(CultureInfo.InvariantCulture),
        }, community.SmsSignature);
        await queue.EnqueueSmsAsync(OutgoingSms.Create("budget:" + community.Slug, "tripped-" + hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture),
            supervisor.Phone, message), null, ct);
    }
}
