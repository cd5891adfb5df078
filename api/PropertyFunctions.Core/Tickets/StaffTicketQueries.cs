using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Tickets;

/// <summary>A line of the staff queue.</summary>
public sealed record TicketSummary(string Id, string Kind, string Status, string? Department, string? Priority, bool Emergency, string Address,
    string Description, string? AcceptedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Overdue, string Name, string Channel,
    string? AnsweredByNotice);

/// <summary>
/// The queue's filters; <see cref="OverdueOnly"/> is applied here, before paging, not by the caller. <see cref="Search"/> is what
/// the clerk typed (<see cref="SearchTerm"/>).
/// </summary>
public sealed record QueueQuery(string Community, TicketFilter Filter, bool OverdueOnly, string? Continuation, string? Search = null);

public sealed record QueuePage(IReadOnlyList<TicketSummary> Items, string? Continuation);

public sealed record OtherPartyResident(string Name, string Phone, string Relation);

public sealed record StaffSmsLine(string Purpose, string To, string Text, string Status, int Segments, DateTimeOffset FirstAttemptAt, string? Error);

/// <summary>An emergency nobody has accepted yet, as the console's red banner shows it, with the number to call.</summary>
public sealed record UnansweredEmergency(string Id, string Community, string Address, string Description, DateTimeOffset CreatedAt,
    int Pages, string ServiceCentrePhone);

/// <summary>Everything staff see of one ticket (GET /api/staff/tickets/{id}).</summary>
public sealed record StaffTicketView(
    Ticket Ticket,
    string Address,
    string? OtherPartyAddress,
    IReadOnlyList<OtherPartyResident> OtherPartyResidents,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<PhotoLink> Photos,
    IReadOnlyList<PhotoLink> WorkPhotos,
    IReadOnlyList<StaffSmsLine> Sms,
    IReadOnlyList<string> AvailableActions,
    bool Overdue,
    string Escalation,
    [property: System.Text.Json.Serialization.JsonPropertyName("etag")] string ETag);

/// <summary>
/// The staff's read models of tickets: the queue and a ticket's record. "Overdue" is <see cref="ServiceLevelPolicy.IsOverdue"/>,
/// the rule the watch and the monthly report use, judged by the ticket's own community's office hours.
/// </summary>
public sealed class StaffTicketQueries(
    ITicketStore tickets,
    ISmsLog smsLog,
    IResidentDirectory residents,
    TicketPhotos photos,
    CommunityDirectory communities,
    ServiceLevels levels,
    TimeProvider time)
{
    public const int PageSize = 50;

    /// <summary>The open view reads this many tickets before it sorts them (a desk's working set); more come with the continuation.</summary>
    public const int OpenViewSize = 500;

    /// <summary>
    /// A page of the queue, in the store's order (by id: the day of creation, then the random part). With <see cref="QueueQuery.OverdueOnly"/> store pages are read
    /// until the page is full (or the queue ends), so a page never comes back short or empty while more overdue tickets exist.
    /// The open view (<see cref="TicketFilter.OpenOnly"/>, the console's default) reads the whole working set and puts emergencies
    /// first, then overdue tickets, then the oldest. A ticket id searched for is one point read.
    /// </summary>
    public async Task<QueuePage> QueueAsync(QueueQuery query, CancellationToken ct)
    {
        var policy = await PolicyAsync(query.Community, ct);
        var now = time.GetUtcNow();
        var filter = query.Filter;
        switch (SearchTerm.Parse(query.Search))
        {
            case SearchTerm.Id id:
                var found = await tickets.GetAsync(query.Community, id.TicketId, ct);
                return new QueuePage(found is null ? [] : [Summary(found.Value, policy.IsOverdue(found.Value, now))], null);
            case SearchTerm.Phone phone:
                filter = filter with { Phone = phone.E164 };
                break;
            case SearchTerm.Unit unit:
                filter = filter with { Unit = unit.Address };
                break;
            case SearchTerm.Name name:
                filter = filter with { NamePrefix = name.Prefix };
                break;
        }
        var items = new List<TicketSummary>();
        var continuation = query.Continuation;
        var wanted = filter.OpenOnly ? OpenViewSize : PageSize;
        do
        {
            var (page, next) = await tickets.ListAsync(query.Community, filter, continuation, PageSize, ct);
            items.AddRange(page.Select(v => Summary(v.Value, policy.IsOverdue(v.Value, now))).Where(s => !query.OverdueOnly || s.Overdue));
            continuation = next;
        }
        while ((query.OverdueOnly || filter.OpenOnly) && items.Count < wanted && continuation is not null);
        if (filter.OpenOnly)
        {
            items = items.OrderByDescending(s => s.Emergency).ThenByDescending(s => s.Overdue).ThenBy(s => s.CreatedAt).ToList();
        }
        return new QueuePage(items, continuation);
    }

    /// <summary>The ticket's record, or null when there is no such ticket.</summary>
    public Task<StaffTicketView?> DetailAsync(string rawId, CancellationToken ct) => DetailAsync(rawId, Language.Chinese, ct);

    /// <summary>The same, with its history and escalation level in the reader's language.</summary>
    public async Task<StaffTicketView?> DetailAsync(string rawId, string language, CancellationToken ct)
    {
        if (!TicketId.TryNormalize(rawId, out var id) || await tickets.FindCommunityAsync(id, ct) is not { } community
            || await tickets.GetRecordAsync(community, id, ct) is not { } found)
        {
            return null;
        }
        return await ViewAsync(found, language, ct);
    }

    /// <summary>The record after a staff action: the one the action wrote when it has it, otherwise read again.</summary>
    public Task<StaffTicketView?> DetailAsync(ActionOutcome.Done done, string language, CancellationToken ct) => done.Record is { } record
        ? ViewAsync(record, language, ct)
        : DetailAsync(done.Ticket.Value.Id, language, ct);

    private async Task<StaffTicketView?> ViewAsync(TicketRecord found, string language, CancellationToken ct)
    {
        var (versioned, history, besideTicket) = found;
        var t = versioned.Value;
        var sms = t.SmsWithTicket ? besideTicket : await smsLog.ForGroupAsync(t.Id, ct);
        IReadOnlyList<Resident> otherParty = t.OtherParty is { } other ? await residents.InUnitAsync(t.Community, other, ct) : [];
        var policy = await PolicyAsync(t.Community, ct);
        return new StaffTicketView(t, t.Address.ToString(), t.OtherParty?.ToString(),
            otherParty.Select(r => new OtherPartyResident(r.Name, r.Phone, r.Relation)).ToList(), history.Select(h => h.For(language)).ToList(),
            await photos.LinksAsync(t, ct),
            await photos.LinksAsync(t, ct, PhotoSet.Work),
            sms.Select(s => new StaffSmsLine(s.Purpose, s.To, s.Text, s.Status, s.Segments, s.FirstAttemptAt, s.Error)).ToList(),
            Lifecycle.Available(t.Status), policy.IsOverdue(t, time.GetUtcNow()), EscalationLadder.Name(t.EscalationLevel, language),
            versioned.ETag);
    }

    /// <summary>Every emergency still waiting for someone to accept it, oldest first, each with its community's service-centre phone.</summary>
    public async Task<IReadOnlyList<UnansweredEmergency>> UnansweredEmergenciesAsync(CancellationToken ct)
    {
        var list = new List<UnansweredEmergency>();
        await foreach (var t in tickets.UnansweredEmergenciesAsync(ct))
        {
            var community = await communities.GetAsync(t.Community, ct);
            list.Add(new UnansweredEmergency(t.Id, t.Community, t.Address.ToString(), Summary(t, overdue: false).Description, t.CreatedAt,
                t.EmergencyPages, community.ServiceCentrePhone));
        }
        return list.OrderBy(e => e.CreatedAt).ToList();
    }

    public static TicketSummary Summary(Ticket t, bool overdue) => new(t.Id, t.Kind, t.Status, t.Department, t.Priority, t.Emergency,
        t.Address.ToString(), t.Description.Length > 80 ? t.Description[..80] + "…" : t.Description, t.AcceptedBy, t.CreatedAt, t.UpdatedAt, overdue,
        t.Name, t.Channel, t.AnsweredByNotice);

    /// <summary>The service-level policy of a community: its own office hours.</summary>
    public async Task<ServiceLevelPolicy> PolicyAsync(string community, CancellationToken ct) =>
        new(levels, (await communities.GetAsync(community, ct)).Hours);
}
