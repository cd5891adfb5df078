using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Routing;

/// <summary>How many of a department are on the community's roster, and how many of them are on duty now.</summary>
public sealed record DepartmentDuty(string Department, int OnRoster, int OnDutyNow);

/// <summary>A ticket the router could send to nobody.</summary>
public sealed record StrandedTicket(string Id, string? Department, bool Emergency, DateTimeOffset CreatedAt);

/// <summary>GET /api/staff/duty: the console's red banner shows when <see cref="Stranded"/> is not empty.</summary>
public sealed record DutyStatus(string Community, IReadOnlyList<DepartmentDuty> Departments, IReadOnlyList<StrandedTicket> Stranded);

/// <summary>
/// Who can take work in a community, and which open tickets nobody could be sent (routed when no one was on the roster for their
/// department, as on a first run): the router marks them dispatched to no one and says so in their history.
/// </summary>
public sealed class DutyBoard(ITicketStore tickets, IRosterStore rosters, CommunityDirectory communities, TimeProvider time)
{
    /// <summary>The open tickets looked through; a desk with more open work than this has bigger news than the banner.</summary>
    public const int MaxOpen = 500;

    public async Task<DutyStatus> ForAsync(string community, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hours = (await communities.GetAsync(community, ct)).Hours;
        var roster = await rosters.GetAsync(community, ct);
        var departments = Departments.All.Select(d => roster.Where(s => s.Department == d).ToList())
            .Select((people, i) => new DepartmentDuty(Departments.All[i], people.Count, people.Count(s => s.OnDutyAt(now, hours))))
            .ToList();
        var stranded = new List<StrandedTicket>();
        string? continuation = null;
        var read = 0;
        do
        {
            var (page, next) = await tickets.ListAsync(community, new TicketFilter(OpenOnly: true), continuation, StaffTicketQueries.PageSize, ct);
            stranded.AddRange(page.Select(v => v.Value)
                .Where(t => t is { DispatchedAt: not null, DispatchedTo.Count: 0, AcceptedBy: null })
                .Select(t => new StrandedTicket(t.Id, t.Department, t.Emergency, t.CreatedAt)));
            read += page.Count;
            continuation = next;
        }
        while (continuation is not null && read < MaxOpen);
        return new DutyStatus(community, departments, stranded);
    }
}
