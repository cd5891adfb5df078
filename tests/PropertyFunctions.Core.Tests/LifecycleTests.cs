using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public class LifecycleTests
{
    private static readonly string[] Statuses =
    [
        TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Accepted, TicketStatuses.InProgress, TicketStatuses.Resolved,
        TicketStatuses.Closed, TicketStatuses.Escalated, TicketStatuses.Reopened, TicketStatuses.Cancelled,
    ];

    /// <summary>The whole table: for each action, the statuses it may start from. Everything else is refused.</summary>
    public static TheoryData<string, string[]> Allowed => new()
    {
        { TicketActions.Accept, [TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Escalated, TicketStatuses.Reopened] },
        { TicketActions.Start, [TicketStatuses.Accepted] },
        { TicketActions.Resolve, [TicketStatuses.Accepted, TicketStatuses.InProgress, TicketStatuses.Escalated, TicketStatuses.Reopened] },
        { TicketActions.Reassign, [TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Accepted, TicketStatuses.InProgress, TicketStatuses.Escalated, TicketStatuses.Reopened] },
        { TicketActions.Escalate, [TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Accepted, TicketStatuses.InProgress, TicketStatuses.Escalated, TicketStatuses.Reopened] },
        { TicketActions.Close, [TicketStatuses.Resolved, TicketStatuses.Cancelled] },
        { TicketActions.Reopen, [TicketStatuses.Resolved, TicketStatuses.Closed] },
        { TicketActions.Cancel, [TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Accepted, TicketStatuses.Reopened] },
        { TicketActions.Merge, [TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Accepted, TicketStatuses.InProgress, TicketStatuses.Reopened] },
        { TicketActions.Note, Statuses },
        { TicketActions.Depart, [TicketStatuses.Accepted] },
        { TicketActions.Arrive, [TicketStatuses.Accepted, TicketStatuses.InProgress] },
        { TicketActions.Help, [TicketStatuses.Received, TicketStatuses.Dispatched, TicketStatuses.Accepted, TicketStatuses.InProgress, TicketStatuses.Escalated, TicketStatuses.Reopened] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Every_move_is_allowed_or_refused_as_designed(string action, string[] from)
    {
        foreach (var status in Statuses)
        {
            Assert.True(from.Contains(status) == Lifecycle.IsAllowed(action, status), $"{action} from {status}");
        }
    }

    [Theory]
    [InlineData(TicketActions.Accept, TicketStatuses.Accepted)]
    [InlineData(TicketActions.Start, TicketStatuses.InProgress)]
    [InlineData(TicketActions.Resolve, TicketStatuses.Resolved)]
    [InlineData(TicketActions.Reassign, TicketStatuses.Dispatched)]
    [InlineData(TicketActions.Escalate, TicketStatuses.Escalated)]
    [InlineData(TicketActions.Close, TicketStatuses.Closed)]
    [InlineData(TicketActions.Reopen, TicketStatuses.Reopened)]
    [InlineData(TicketActions.Cancel, TicketStatuses.Cancelled)]
    [InlineData(TicketActions.Merge, TicketStatuses.Cancelled)]
    [InlineData(TicketActions.Note, null)]
    [InlineData(TicketActions.Depart, TicketStatuses.InProgress)]
    [InlineData(TicketActions.Arrive, TicketStatuses.InProgress)]
    [InlineData(TicketActions.Help, null)]
    public void Each_action_leads_where_it_says(string action, string? target) => Assert.Equal(target, Lifecycle.Target(action));

    [Fact]
    public void A_closed_ticket_offers_only_reopen_and_note() =>
        Assert.Equal([TicketActions.Note, TicketActions.Reopen], Lifecycle.Available(TicketStatuses.Closed).Order());

    [Fact]
    public void The_console_leaves_the_field_steps_to_the_person_on_the_job()
    {
        Assert.Equal([TicketActions.Accept, TicketActions.Depart, TicketActions.Arrive, TicketActions.Resolve, TicketActions.Help], TicketActions.Field);
        Assert.All(TicketStatuses.All, status => Assert.DoesNotContain(Lifecycle.Available(status),
            a => a is TicketActions.Depart or TicketActions.Arrive or TicketActions.Help));
        Assert.Contains(TicketActions.Start, Lifecycle.Available(TicketStatuses.Accepted));
    }
}

public class SmsCommandTests
{
    [Theory]
    [InlineData("接 261128K7QF", "accept")]
    [InlineData("JD 261128K7QF", "accept")]
    [InlineData("jd261128-k7qf", "accept")]
    [InlineData("ＪＤ　２６１１２８Ｋ７ＱＦ", "accept")] // full-width, as typed on a Chinese keyboard
    [InlineData(" 接单 261128 K7QF。", "accept")]
    [InlineData("完 261128K7QF", "done")]
    [InlineData("WC 261128-K7QF", "done")]
    [InlineData("wc261128k7qf", "done")]
    public void Staff_commands_are_read_forgivingly(string text, string kind)
    {
        var command = SmsCommand.Parse(text);
        var id = command switch
        {
            SmsCommand.Accept a when kind == "accept" => a.TicketId,
            SmsCommand.Done d when kind == "done" => d.TicketId,
            _ => null,
        };
        Assert.Equal("261128-K7QF", id);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 5 ", 5)]
    [InlineData("３", 3)]
    public void A_lone_digit_rates(string text, int score) => Assert.Equal(score, Assert.IsType<SmsCommand.Rate>(SmsCommand.Parse(text)).Score);

    [Theory]
    [InlineData("TD")]
    [InlineData("td")]
    [InlineData("退订")]
    [InlineData("STOP")]
    public void Opt_outs_are_recognised(string text) => Assert.IsType<SmsCommand.OptOut>(SmsCommand.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("好的")]
    [InlineData("6")]
    [InlineData("JD 12345")]
    [InlineData("JDX")]
    [InlineData("什么时候来修？")]
    public void Anything_else_is_unknown(string text) => Assert.IsType<SmsCommand.Unknown>(SmsCommand.Parse(text));

    [Theory]
    [InlineData("JD", true)]
    [InlineData(" jd。", true)]
    [InlineData("接单", true)]
    [InlineData("WC", false)]
    [InlineData("完工！", false)]
    public void A_bare_accept_or_done_means_the_latest_dispatch(string text, bool accept) =>
        Assert.Null(accept ? Assert.IsType<SmsCommand.Accept>(SmsCommand.Parse(text)).TicketId : Assert.IsType<SmsCommand.Done>(SmsCommand.Parse(text)).TicketId);
}
