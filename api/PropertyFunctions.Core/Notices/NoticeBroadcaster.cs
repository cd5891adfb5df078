using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Notices;

/// <summary>
/// Handles notice-fanout messages. The plan message lists the affected households and queues one page
/// message per slice of a building; each page picks one contact per household and queues its SMS on
/// sms-send, spread over time at <c>Desk:Broadcast:PerMinute</c> with visibility delays.
/// A household is a unit (户): one SMS per unit and notice version, whose id is derived from the notice,
/// version and unit — not the phone — so a redelivered plan or page, or a change of contact between two
/// deliveries, never reaches a household twice (the SMS log sends each id once).
/// </summary>
public sealed class NoticeBroadcaster(
    INoticeStore store,
    IResidentDirectory residents,
    IOptOuts optOuts,
    INoticeQueue fanoutQueue,
    ISmsQueue smsQueue,
    SmsComposer composer,
    DeskOptions options,
    TimeProvider time,
    ILogger<NoticeBroadcaster> logger)
{
    /// <summary>Households per page message: a page finishes well inside the function timeout and a retry redoes little.</summary>
    public const int PageSize = 500;
    /// <summary>Storage queues hide a message for at most seven days.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);
    private const int Parallelism = 16;
    private readonly TimeZoneInfo _zone = options.Zone();

    /// <summary>The SMS log purpose of a version's broadcast, e.g. <c>notice-v2</c>.</summary>
    public static string Purpose(int version) => $"notice-v{version}";

    public async Task HandleAsync(NoticeFanoutMessage message, CancellationToken ct)
    {
        var current = await store.GetAsync(message.Community, message.NoticeId, ct);
        if (current is null)
        {
            logger.LogWarning("notice-fanout for unknown notice {NoticeId} in {Community} dropped", message.NoticeId, message.Community);
            return;
        }
        var notice = current.Value;
        if (notice.Status == NoticeStatuses.Withdrawn || message.Version > notice.Version)
        {
            logger.LogInformation("Notice {NoticeId} is {Status} (version {Version}); fan-out of version {MessageVersion} stopped",
                notice.Id, notice.Status, notice.Version, message.Version);
            if (message.Building is null && notice.Status == NoticeStatuses.Withdrawn)
            {
                await store.CompleteOutboxAsync(notice.Community, notice.Id, message.Version, time.GetUtcNow(), ct);
            }
            return;
        }
        if (message.Building is null)
        {
            await PlanAsync(notice, message.Version, ct);
            // Its pages are queued: the outbox row written with the notice is done, and the sweep leaves it.
            await store.CompleteOutboxAsync(notice.Community, notice.Id, message.Version, time.GetUtcNow(), ct);
        }
        else
        {
            await PageAsync(notice, message, ct);
        }
    }

    private async Task PlanAsync(Notice notice, int version, CancellationToken ct)
    {
        var households = await HouseholdsAsync(notice.Community, notice.Buildings, ct);
        var offset = 0;
        var pages = 0;
        foreach (var building in households.GroupBy(h => h.Unit.Building))
        {
            var count = building.Count();
            for (var skip = 0; skip < count; skip += PageSize)
            {
                var page = new NoticeFanoutMessage(notice.Community, notice.Id, version, building.Key, skip, Math.Min(PageSize, count - skip), offset + skip);
                await fanoutQueue.EnqueueNoticeFanoutAsync(page, null, ct);
                pages++;
            }
            offset += count;
        }
        await store.SetPlannedAsync(notice.Community, notice.Id, version, households.Count, ct);
        logger.LogInformation("Notice {NoticeId} v{Version}: {Households} households in {Pages} page(s)", notice.Id, version, households.Count, pages);
    }

    private async Task PageAsync(Notice notice, NoticeFanoutMessage message, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var households = (await HouseholdsAsync(notice.Community, [message.Building!], ct)).Skip(message.Skip).Take(message.Take).ToList();
        var safety = NoticeTypes.IsSafety(notice.Type);
        // A safety notice reaches everyone; otherwise the (small) opt-out list is read once for the page, not once per resident.
        // Owners who turned notices off on their home page are skipped too (never for a safety notice).
        IReadOnlySet<string> optedOut = safety ? new HashSet<string>()
            : new HashSet<string>((await optOuts.AllAsync(ct)).Concat(await optOuts.WithTopicOffAsync(SmsTopics.Notices, ct)), StringComparer.Ordinal);
        var texts = new ConcurrentDictionary<string, SmsMessage>();
        var spacing = TimeSpan.FromMinutes(1) / options.Broadcast.PerMinute;
        var queued = 0;
        var skipped = 0;
        await Parallel.ForEachAsync(households.Select((h, i) => (Household: h, Index: i)),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (item, token) =>
            {
                var contact = Contact(item.Household, optedOut);
                if (contact is null)
                {
                    Interlocked.Increment(ref skipped);
                    return;
                }
                var language = contact.Language == Language.English ? Language.English : Language.Chinese;
                var text = texts.GetOrAdd(language, l => NoticeSms.Compose(composer, notice, message.Version, _zone, l));
                var purpose = Purpose(message.Version);
                var sms = new OutgoingSms(notice.SmsGroup, OutgoingSms.KeyFor(purpose, item.Household.UnitKey), contact.Phone, purpose, text, notice.Community, safety);
                var delay = spacing * (message.Offset + item.Index);
                await smsQueue.EnqueueSmsAsync(sms, delay <= TimeSpan.Zero ? null : delay > MaxDelay ? MaxDelay : delay, token);
                Interlocked.Increment(ref queued);
            });
        await store.SetPageAsync(notice.Community, notice.Id, message.Version, new BroadcastPage(message.Building!, message.Skip, queued, skipped), ct);
        DeskMetrics.NoticePageRan(queued, skipped, time.GetElapsedTime(started));
        logger.LogInformation("Notice {NoticeId} v{Version} building {Building} from {Skip}: {Queued} SMS queued, {Skipped} household(s) skipped",
            notice.Id, message.Version, message.Building, message.Skip, queued, skipped);
    }

    /// <summary>
    /// The household's contact: the occupant first (a tenant, else the owner, else family), then by phone, so the
    /// choice is stable. Someone who opted out is passed over for the next resident; a safety notice (gas, water,
    /// power) is read with an empty opt-out list, so it goes to the first contact, as residents need it to stay safe.
    /// </summary>
    private Resident? Contact(Household household, IReadOnlySet<string> optedOut)
    {
        foreach (var resident in household.Residents)
        {
            if (!optedOut.Contains(resident.Phone))
            {
                return resident;
            }
            logger.LogDebug("{Phone} opted out; passed over", PhoneNumber.Mask(resident.Phone));
        }
        return null;
    }

    /// <summary>Households of the buildings (all when empty), by building then unit, each with its residents in contact order.</summary>
    private async Task<IReadOnlyList<Household>> HouseholdsAsync(string community, IReadOnlyCollection<string> buildings, CancellationToken ct)
    {
        var byUnit = new Dictionary<string, List<Resident>>(StringComparer.Ordinal);
        await foreach (var resident in residents.InBuildingsAsync(community, buildings, ct))
        {
            if (!byUnit.TryGetValue(resident.UnitKey, out var list))
            {
                byUnit[resident.UnitKey] = list = [];
            }
            list.Add(resident);
        }
        return byUnit
            .Select(u => new Household(u.Value[0].Unit, u.Key, u.Value.OrderBy(r => RelationOrder(r.Relation)).ThenBy(r => r.Phone, StringComparer.Ordinal).ToList()))
            .OrderBy(h => h.Unit.Building, StringComparer.Ordinal).ThenBy(h => h.UnitKey, StringComparer.Ordinal)
            .ToList();
    }

    private static int RelationOrder(string relation) => relation switch
    {
        ResidentRelations.Tenant => 0,
        ResidentRelations.Owner => 1,
        ResidentRelations.Family => 2,
        _ => 3,
    };
}
