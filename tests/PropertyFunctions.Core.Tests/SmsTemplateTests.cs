using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public class SmsTemplateTests
{
    private static Ticket Ticket(string description, bool emergency = false) => new()
    {
        Id = "261128-K7QF",
        Community = "sunshine-garden",
        Kind = TicketKinds.Repair,
        Emergency = emergency,
        Address = new UnitAddress("3", "2", "501"),
        Name = "王女士",
        Phone = "+8613800138000",
        Description = description,
        Language = Language.Chinese,
        Status = TicketStatuses.Received,
        Department = Departments.Engineering,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        HistoryCount = 1,
    };

    [Theory]
    [InlineData("电梯困人了，3栋2单元电梯卡在5楼")]
    [InlineData("卫生间天花板漏水，好像是楼上渗下来的，已经好几天了，墙面发霉，物业之前来看过一次但是没有修好，希望这次能彻底解决，家里有老人小孩，白天都有人在家，随时可以上门。另外楼道灯也坏了。")]
    public void A_dispatch_fits_two_segments_and_keeps_the_reply_code(string description)
    {
        var text = SmsTemplates.Dispatch(Ticket(description, emergency: true), Language.Chinese);
        Assert.True(SmsSegments.Count(text).Segments <= 2, text);
        Assert.Contains("JD 261128K7QF", text);
        Assert.StartsWith("【紧急】", text);
    }

    [Fact]
    public void The_accept_message_fits_one_segment_and_names_the_expected_time()
    {
        var text = SmsTemplates.Accepted(Ticket("漏水") with { Department = Departments.Engineering }, "张师傅", TimeSpan.FromMinutes(30), Language.Chinese);
        Assert.Equal("【物业客服】工程部张师傅已接单261128-K7QF，预计30分钟内到达。", text);
        Assert.Equal(1, SmsSegments.Count(text).Segments);
    }

    [Fact]
    public void English_owner_messages_are_plain_gsm_text()
    {
        var text = SmsTemplates.AckOpen("261128-K7QF", "https://desk.example.com/track.html?id=261128-K7QF&k=SEgmh3hocLMFjxIZrRNzSw", Language.English);
        Assert.Equal(1, SmsSegments.Count(text).Segments);
    }

    [Fact]
    public void Sms_ids_are_deterministic_and_carry_no_phone_number()
    {
        var a = OutgoingSms.Create("261128-K7QF", "ack", "+8613800138000", "x");
        var b = OutgoingSms.Create("261128-K7QF", "ack", "+8613800138000", "y");
        Assert.Equal(a.Id, b.Id);
        Assert.DoesNotContain("13800138000", a.Id);
        Assert.NotEqual(a.Id, OutgoingSms.Create("261128-K7QF", "ack", "+8613900139000", "x").Id);
    }
}
