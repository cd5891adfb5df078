using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

/// <summary>What a task link opens and which of the job's steps its holder may take (the API's own tests run them against Azurite).</summary>
public class FieldTaskRulesTests
{
    private const string Zhang = "+8613900000001";
    private const string Zhao = "+8613900000003";

    private static readonly Ticket Dispatched = new()
    {
        Id = "261128-K7QF", Community = "sunshine-garden", Kind = TicketKinds.Repair, Emergency = true, Address = new UnitAddress("3", "2", "501"),
        Name = "王女士", Phone = "+8613800138000", Description = "漏水", Language = Language.Chinese, Status = TicketStatuses.Dispatched,
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, DispatchSequence = 3, DispatchedTo = [Zhang, Zhao], HistoryCount = 4,
    };

    private static readonly ShortLink ZhangsLink = new("Ab3dE9xK2m", LinkKinds.Task, "sunshine-garden", "261128-K7QF", Zhang, 3);

    [Fact]
    public void A_link_opens_its_ticket_while_the_dispatch_it_came_with_stands_and_the_work_is_not_finished()
    {
        Assert.True(FieldTasks.IsCurrent(ZhangsLink, Dispatched));
        Assert.True(FieldTasks.IsCurrent(ZhangsLink, Dispatched with { Status = TicketStatuses.Resolved }));
        Assert.False(FieldTasks.IsCurrent(ZhangsLink, Dispatched with { Id = "261128-AAAA" }));
        Assert.False(FieldTasks.IsCurrent(ZhangsLink, Dispatched with { DispatchSequence = 9, DispatchedTo = [Zhang] }));
        Assert.False(FieldTasks.IsCurrent(ZhangsLink, Dispatched with { DispatchedTo = [Zhao] }));
        Assert.False(FieldTasks.IsCurrent(ZhangsLink, Dispatched with { Status = TicketStatuses.Closed }));
        Assert.False(FieldTasks.IsCurrent(ZhangsLink, Dispatched with { Status = TicketStatuses.Cancelled, MergedInto = "261128-BBBB" }));
        Assert.False(FieldTasks.IsCurrent(ZhangsLink with { Kind = LinkKinds.Tracking }, Dispatched));
    }

    [Fact]
    public void Everyone_dispatched_may_accept_or_ask_for_help_and_only_the_one_who_accepted_does_the_job()
    {
        Assert.Equal(["accept", "help"], FieldTasks.ActionsFor(Dispatched, Zhang));
        var taken = Dispatched with { Status = TicketStatuses.Accepted, AcceptedBy = "张师傅", AcceptedByPhone = Zhang };
        Assert.Equal(["depart", "arrive", "resolve", "help"], FieldTasks.ActionsFor(taken, Zhang));
        Assert.Equal(["help"], FieldTasks.ActionsFor(taken, Zhao));
        var onSite = taken with { Status = TicketStatuses.InProgress, ArrivedAt = DateTimeOffset.UnixEpoch };
        Assert.Equal(["resolve", "help"], FieldTasks.ActionsFor(onSite, Zhang));
        Assert.Empty(FieldTasks.ActionsFor(onSite with { Status = TicketStatuses.Resolved }, Zhang));
    }
}
