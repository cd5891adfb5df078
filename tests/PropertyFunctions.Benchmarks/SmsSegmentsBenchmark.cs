using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// Billed SMS segments over an ordinary ticket's life, owner and staff together: the acknowledgement, one dispatch, the
/// acceptance and the resolution with its rating request (a rating by reply costs nothing more). 100 realistic tickets,
/// 80 in Chinese and 20 in English, 30 of them out of office hours, through the desk's own <see cref="TicketSms"/> and the
/// catalogue, with a 22-character public address and a four-character signature. Counted twice: as a mainland provider bills
/// (every character counts, 70 a message, 67 a part) and as ACS bills (GSM-7 160/153, else UCS-2 70/67).
/// </summary>
public static class SmsSegmentsBenchmark
{
    private static readonly string[] Chinese =
    [
        "5号楼门口的路灯坏了好几天，晚上很黑", "卫生间天花板漏水，好像是楼上渗下来的", "单元门禁刷卡没反应", "楼道里的垃圾三天没人清理了，味道很大",
        "有车乱停在消防通道上，挡住了出口", "请问物业费可以用微信交吗", "电梯按钮不灵，按了没反应", "地下车库的灯全灭了", "厨房下水道堵塞，水下不去",
        "小区东门道闸抬不起来", "楼上装修噪音太大，中午也在施工", "3栋2单元楼道灯不亮", "绿化带里有很多落叶没人扫", "家里停电了，别的楼好像有电",
        "楼顶水箱好像在漏水，墙面都湿了", "希望增加几个快递柜", "儿童游乐设施有一个秋千坏了，螺丝松动有危险，请尽快处理", "建议在2号门增加一个非机动车棚",
        "消防栓的玻璃碎了", "小区有陌生人挨家挨户推销", "空调外机滴水滴到楼下阳台", "邻居的狗每天晚上叫个不停，已经沟通过没有效果",
        "我家阳台的雨水管在台风后破裂，水顺着外墙流进了客厅，已经泡坏了木地板，请安排工程师傅上门查看，我白天都在家，晚上六点后也可以",
        "物业费账单金额和去年不一样，想问一下原因",
    ];

    private static readonly string[] English =
    [
        "The street light outside building 5 has been out for a week", "Water is leaking through the bathroom ceiling from the flat above",
        "The door access card reader at unit 2 does not respond", "Rubbish bins by gate 2 are overflowing", "A car is parked across my garage door",
        "How do I pay the property fee online?", "The lift button on floor 7 is broken",
    ];

    private sealed class NoLinks : ILinkStore
    {
        public Task SaveAsync(ShortLink link, CancellationToken ct) => Task.CompletedTask;

        public Task<ShortLink?> FindAsync(string code, CancellationToken ct) => Task.FromResult<ShortLink?>(null);

        public Task<ShortLink?> LatestTaskAsync(string phone, CancellationToken ct) => Task.FromResult<ShortLink?>(null);
    }

    public static async Task RunAsync(string[] args)
    {
        const string site = "https://wy.sunshine.cn";
        var desk = new DeskOptions { PublicBaseUrl = site, SmsSignature = "阳光物业" };
        var composer = new SmsComposer(desk);
        var sms = new TicketSms(composer, new TicketLinks(new byte[32]), new NoLinks());
        var community = Community.Default("sunshine-garden", desk);
        var engineer = new StaffMember("sunshine-garden", "张师傅", "+8613900000001", Departments.Engineering, "staff", false, []);
        var steps = new[] { "ack", "dispatch", "accepted", "resolved" };
        var mainland = steps.ToDictionary(s => s, _ => 0);
        var acs = steps.ToDictionary(s => s, _ => 0);
        const int tickets = 100;
        for (var i = 0; i < tickets; i++)
        {
            var english = i % 5 == 4;
            var ticket = new Ticket
            {
                Id = $"261128-{i:X4}", Community = "sunshine-garden", Kind = TicketKinds.Repair, Emergency = false,
                Address = new UnitAddress("3", "2", "1501"), Name = english ? "Ms Li" : "李女士", Phone = "+8613800138000",
                Description = english ? English[i % English.Length] : Chinese[i % Chinese.Length], Language = english ? Language.English : Language.Chinese,
                Status = TicketStatuses.Dispatched, Department = Departments.Engineering,
                CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, HistoryCount = 1,
            };
            var messages = new Dictionary<string, OutgoingSms>
            {
                ["ack"] = sms.Acknowledgement(ticket, i % 10 < 3 ? AckKind.Closed : AckKind.Open, community).Single(),
                ["dispatch"] = (await sms.DispatchAsync(ticket, community, [engineer], 3, "dispatch", CancellationToken.None)).Single(),
                ["accepted"] = sms.Accepted(ticket, community, english ? "Zhang" : "张师傅", new ServiceLevels().ExpectedArrival(false)).Single(),
                ["resolved"] = sms.Resolved(ticket, community).Single(),
            };
            foreach (var (step, message) in messages)
            {
                // A mainland provider puts the approved Chinese signature in front of any template; ACS sends what the desk renders.
                mainland[step] += SmsSegments.MainlandBilled(composer.Signature(Language.Chinese) + composer.Body(message.Message));
                acs[step] += SmsSegments.Count(composer.Render(message.Message)).Segments;
            }
        }
        Console.WriteLine($"Billed SMS segments over an ordinary ticket's life, {tickets} tickets (80 zh-CN, 20 en; 30 out of hours), link base {site}:");
        Console.WriteLine($"  {"",-9} {"mainland",9} {"acs",6}");
        foreach (var step in steps)
        {
            Console.WriteLine($"  {step,-9} {mainland[step] / (double)tickets,9:0.00} {acs[step] / (double)tickets,6:0.00}");
        }
        Console.WriteLine($"  {"total",-9} {mainland.Values.Sum() / (double)tickets,9:0.00} {acs.Values.Sum() / (double)tickets,6:0.00}  segments per ticket (target ≤ 4)");
    }
}
