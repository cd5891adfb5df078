using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Routing;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public class ClassifierTests
{
    private static readonly TimeOnly Afternoon = new(15, 0);
    private static readonly TimeOnly LateNight = new(23, 30);
    private readonly Classifier _classifier = Classifier.Default;

    [Theory]
    [InlineData("电梯困人了，3栋2单元电梯卡在5楼", Departments.Engineering)]
    [InlineData("5号楼门口的路灯坏了好几天，晚上很黑", Departments.Engineering)]
    [InlineData("卫生间天花板漏水，好像是楼上渗下来的", Departments.Engineering)]
    [InlineData("我家突然停电了，别的楼好像有电", Departments.Engineering)]
    [InlineData("单元门禁刷卡没反应", Departments.Engineering)]
    [InlineData("楼道里的垃圾三天没人清理了，味道很大", Departments.Cleaning)]
    [InlineData("楼道脏得不行，请安排打扫", Departments.Cleaning)]
    [InlineData("有车乱停在消防通道上，挡住了出口", Departments.Security)]
    [InlineData("小区里有外来人员在发传单", Departments.Security)]
    [InlineData("请问物业费可以用微信交吗", Departments.Service)]
    [InlineData("The street light outside building 5 has been out for a week", Departments.Engineering)]
    [InlineData("Someone is trapped in the lift of building 3", Departments.Engineering)]
    [InlineData("The rubbish bins by gate 2 are overflowing", Departments.Cleaning)]
    [InlineData("A car is parked across my garage door", Departments.Security)]
    [InlineData("How do I pay the property fee?", Departments.Service)]
    public void Routes_real_sentences(string description, string department) =>
        Assert.Equal(department, _classifier.Classify(TicketKinds.Repair, null, description, false, Afternoon).Department);

    [Fact]
    public void Noise_goes_to_security_at_night_and_to_the_service_centre_by_day()
    {
        const string complaint = "楼上装修噪音扰民";
        Assert.Equal(Departments.Security, _classifier.Classify(TicketKinds.Complaint, null, complaint, false, LateNight).Department);
        Assert.Equal(Departments.Service, _classifier.Classify(TicketKinds.Complaint, null, complaint, false, Afternoon).Department);
    }

    [Fact]
    public void The_chosen_category_wins_over_keywords()
    {
        var c = _classifier.Classify(TicketKinds.Repair, "parking", "电梯口停了辆电动车", false, Afternoon);
        Assert.Equal(Departments.Security, c.Department);
        Assert.Equal("category:parking", c.Reason);
    }

    [Fact]
    public void Mediation_is_run_by_the_service_centre() =>
        Assert.Equal(Departments.Service, _classifier.Classify(TicketKinds.Mediation, null, "楼上1201漏水到我家1101", false, Afternoon).Department);

    [Theory]
    [InlineData("电梯困人了，3栋2单元电梯卡在5楼")]
    [InlineData("厨房着火了！")]
    [InlineData("地下室水管爆裂，漏水严重")]
    [InlineData("楼道里有很浓的燃气味，怀疑燃气泄漏")]
    [InlineData("Two people are trapped in the elevator")]
    [InlineData("There is smoke coming from the bin room, maybe a fire")]
    [InlineData("Burst pipe in the car park, water everywhere")]
    public void Detects_emergencies(string description)
    {
        Assert.True(_classifier.LooksLikeEmergency(description));
        Assert.Equal(Priorities.Emergency, _classifier.Classify(TicketKinds.Repair, null, description, false, Afternoon).Priority);
    }

    [Theory]
    [InlineData("卫生间有点漏水")]
    [InlineData("电梯按钮不灵")]
    [InlineData("Can we have fireworks at the new year party?")]
    [InlineData("The firefly lamps in the garden are off")]
    public void Ordinary_reports_are_not_emergencies(string description)
    {
        Assert.False(_classifier.LooksLikeEmergency(description));
        Assert.Equal(Priorities.Normal, _classifier.Classify(TicketKinds.Repair, null, description, false, Afternoon).Priority);
    }

    [Fact]
    public void An_owner_who_says_emergency_is_believed() =>
        Assert.Equal(Priorities.Emergency, _classifier.Classify(TicketKinds.Repair, null, "门口积水", true, Afternoon).Priority);
}
