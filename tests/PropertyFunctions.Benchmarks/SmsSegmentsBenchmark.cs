using System.Security.Cryptography;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// Average SMS segments over an ordinary ticket's life (owner acknowledgement, one dispatch, accept, resolve
/// with the rating link) for 100 realistic tickets, 80 in Chinese and 20 in English, with a production-length
/// tracking link. Uses the same templates the desk sends.
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

    public static Task RunAsync(string[] args)
    {
        const string baseUrl = "https://desk.sunshine-pm.cn";
        var totals = new Dictionary<string, int> { ["ack"] = 0, ["dispatch"] = 0, ["accepted"] = 0, ["resolved"] = 0 };
        const int tickets = 100;
        for (var i = 0; i < tickets; i++)
        {
            var english = i % 5 == 4;
            var description = english ? English[i % English.Length] : Chinese[i % Chinese.Length];
            var language = english ? Language.English : Language.Chinese;
            var id = $"261128-{Convert.ToHexString(RandomNumberGenerator.GetBytes(2))}";
            var link = $"{baseUrl}/track.html?id={id}&k={Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
            var ticket = new Ticket
            {
                Id = id, Community = "sunshine-garden", Kind = TicketKinds.Repair, Emergency = false,
                Address = new UnitAddress("3", "2", "1501"), Name = english ? "Ms Li" : "李女士", Phone = "+8613800138000",
                Description = description, Language = language, Status = TicketStatuses.Dispatched, Department = Departments.Engineering,
                CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, HistoryCount = 1,
            };
            totals["ack"] += Segments(SmsTemplates.AckOpen(id, link, language));
            totals["dispatch"] += Segments(SmsTemplates.Dispatch(ticket, Language.Chinese));
            totals["accepted"] += Segments(SmsTemplates.Accepted(ticket, english ? "Zhang" : "张师傅", new ServiceLevels().ExpectedArrival(false), language));
            totals["resolved"] += Segments(SmsTemplates.Resolved(id, link, language));
        }
        var all = totals.Values.Sum();
        Console.WriteLine($"SMS segments over an ordinary ticket's life, {tickets} tickets (80 zh-CN, 20 en), link base {baseUrl}:");
        foreach (var (kind, sum) in totals)
        {
            Console.WriteLine($"  {kind,-9} {sum / (double)tickets:0.00} segments per ticket");
        }
        Console.WriteLine($"  total     {all / (double)tickets:0.00} segments per ticket (owner messages: {(all - totals["dispatch"]) / (double)tickets:0.00})");
        return Task.CompletedTask;
    }

    private static int Segments(string text) => SmsSegments.Count(text).Segments;
}
