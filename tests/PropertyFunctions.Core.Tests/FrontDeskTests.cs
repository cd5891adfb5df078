using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

/// <summary>What an owner's words ask about, and when an outage notice answers it.</summary>
public class OutageTopicsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(8));

    private static Notice Water(params string[] buildings) => new()
    {
        Id = "N261128-W4TR", Community = "sunshine-garden", Type = NoticeTypes.Water, Title = "管道维修停水", Body = "3栋管道维修。",
        Buildings = buildings, StartsAt = Now.AddHours(-2), ExpectedEndAt = Now.AddHours(5), SendSms = false, Status = NoticeStatuses.Active,
        Version = 1, CreatedAt = Now.AddHours(-3), UpdatedAt = Now.AddHours(-3), CreatedBy = "李文员",
    };

    [Theory]
    [InlineData("3栋怎么又停水了？", NoticeTypes.Water)]
    [InlineData("家里没水了，什么时候来水", NoticeTypes.Water)]
    [InlineData("为什么停电", NoticeTypes.Power)]
    [InlineData("Why is there no water today?", NoticeTypes.Water)]
    [InlineData("电梯停了好几天", NoticeTypes.Elevator)]
    [InlineData("The lift is out again", NoticeTypes.Elevator)]
    [InlineData("家里没燃气做饭", NoticeTypes.Gas)]
    [InlineData("宽带断了，上不了网", NoticeTypes.Network)]
    [InlineData("楼道灯不亮", null)]
    [InlineData("物业费怎么交", null)]
    public void The_outage_a_question_is_about(string text, string? type) => Assert.Equal(type, OutageTopics.Detect(text));

    [Fact]
    public void A_notice_covers_its_own_buildings_however_they_are_written_while_it_is_in_force()
    {
        var notice = Water("3", "4");
        Assert.True(OutageTopics.Covers(notice, NoticeTypes.Water, "3", Now));
        Assert.True(OutageTopics.Covers(notice, NoticeTypes.Water, " 3栋", Now));
        Assert.True(OutageTopics.Covers(notice, NoticeTypes.Water, "4号楼", Now));
        Assert.False(OutageTopics.Covers(notice, NoticeTypes.Water, "5", Now));
        Assert.False(OutageTopics.Covers(notice, NoticeTypes.Power, "3", Now));
        Assert.True(OutageTopics.Covers(Water(), NoticeTypes.Water, "5", Now)); // the whole community
        Assert.False(OutageTopics.Covers(notice, NoticeTypes.Water, "3", Now.AddHours(-3))); // not started yet
        Assert.False(OutageTopics.Covers(notice, NoticeTypes.Water, "3", Now.AddHours(6))); // past its expected end
        Assert.False(OutageTopics.Covers(notice with { Status = NoticeStatuses.Resolved }, NoticeTypes.Water, "3", Now));
        Assert.False(OutageTopics.Covers(notice with { Status = NoticeStatuses.Withdrawn }, NoticeTypes.Water, "3", Now));
        Assert.True(OutageTopics.Covers(notice with { ExpectedEndAt = null }, NoticeTypes.Water, "3", Now.AddDays(2)));
    }
}

/// <summary>What a clerk types into a search box.</summary>
public class SearchTermTests
{
    [Theory]
    [InlineData("261128-k7qf", "id:261128-K7QF")]
    [InlineData("138 0013 8000", "phone:+8613800138000")]
    [InlineData("+86 138-0013-8000", "phone:+8613800138000")]
    [InlineData("3-2-501", "unit:3|2|501")]
    [InlineData("3栋2单元501", "unit:3|2|501")]
    [InlineData("3号楼501室", "unit:3||501")]
    [InlineData("3/501", "unit:3||501")]
    [InlineData("王", "name:王")]
    [InlineData("王女士", "name:王女士")]
    public void Ids_phones_units_and_names_are_told_apart(string text, string expected)
    {
        var read = SearchTerm.Parse(text) switch
        {
            SearchTerm.Id id => "id:" + id.TicketId,
            SearchTerm.Phone phone => "phone:" + phone.E164,
            SearchTerm.Unit unit => $"unit:{unit.Address.Building}|{unit.Address.Unit}|{unit.Address.Room}",
            SearchTerm.Name name => "name:" + name.Prefix,
            _ => "none",
        };
        Assert.Equal(expected, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("a\u0001b")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一")]
    public void Nothing_usable_is_no_search(string? text) => Assert.Null(SearchTerm.Parse(text));
}

/// <summary>The FAQ (小百科): the default covers what the issue lists, edits are checked, and owners read their community's details.</summary>
public class CommunityFaqTests
{
    [Fact]
    public void The_default_covers_fees_renovation_pets_parcels_facilities_hours_and_the_ladder_in_both_languages()
    {
        var zh = CommunityFaqs.Default(Language.Chinese);
        var en = CommunityFaqs.Default(Language.English);
        Assert.Equal(zh.Count, en.Count);
        var questions = string.Join("|", zh.Select(i => i.Q));
        foreach (var topic in new[] { "物业费", "装修", "宠物", "快递", "附近", "几点上班", "不满意" })
        {
            Assert.Contains(topic, questions, StringComparison.Ordinal);
        }
        var all = string.Join("|", zh.Concat(en).SelectMany(i => i.A));
        Assert.Contains("{phone}", all, StringComparison.Ordinal);
        Assert.Contains("{hours}", all, StringComparison.Ordinal);
        Assert.Contains("业主委员会", all, StringComparison.Ordinal);
        Assert.All(zh.Concat(en), item => Assert.Empty(CommunityFaqs.Read(new FaqDocument
        {
            Items = [new FaqItemDocument { Q = item.Q, A = item.A }],
        }).Errors));
    }

    [Fact]
    public void Every_bad_item_is_named()
    {
        var (items, errors) = CommunityFaqs.Read(new FaqDocument
        {
            Items =
            [
                new FaqItemDocument { Q = "好问题", A = ["好回答"] },
                new FaqItemDocument { Q = "", A = ["回答"] },
                new FaqItemDocument { Q = "没有回答", A = ["  "] },
                new FaqItemDocument { Q = new string('问', 101), A = [new string('答', 501)] },
            ],
        });
        Assert.Null(items);
        Assert.Equal(["items.1.q", "items.2.a", "items.3.a", "items.3.q"], errors.Select(e => e.Field).Order());
        Assert.Contains(CommunityFaqs.Read(new FaqDocument { Items = Enumerable.Repeat(new FaqItemDocument { Q = "问", A = ["答"] }, 31).ToList() }).Errors,
            e => e.Field == "items" && e.Code == "too_many");
    }

    [Fact]
    public void Office_hours_read_as_owners_read_them()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        Assert.Equal("每天 09:00–18:00", OfficeHours.Default(zone).Describe(Language.Chinese));
        var week = new Dictionary<DayOfWeek, DayHours>
        {
            [DayOfWeek.Monday] = new(new(8, 0), new(17, 0)), [DayOfWeek.Tuesday] = new(new(8, 0), new(17, 0)),
            [DayOfWeek.Wednesday] = new(new(8, 0), new(17, 0)), [DayOfWeek.Thursday] = new(new(8, 0), new(17, 0)),
            [DayOfWeek.Friday] = new(new(8, 0), new(17, 0)), [DayOfWeek.Saturday] = new(new(9, 0), new(23, 59, 59)),
        };
        var hours = new OfficeHours(zone, week, new HashSet<DateOnly> { new(2026, 10, 1) }, new HashSet<DateOnly>());
        Assert.Equal("周一至周五 08:00–17:00，周六 09:00–24:00，周日休息，法定节假日休息", hours.Describe(Language.Chinese));
        Assert.Equal("Mon–Fri 08:00–17:00; Sat 09:00–24:00; Sun closed; closed on public holidays", hours.Describe(Language.English));
    }
}
