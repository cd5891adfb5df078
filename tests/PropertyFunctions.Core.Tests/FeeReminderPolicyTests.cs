using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Fees;

namespace PropertyFunctions.Core.Tests;

public class FeeReminderPolicyTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly FeeReminderPolicy Policy = new([-3, 7, 30], Shanghai);
    private static readonly FeeContact Owner = new("王女士", "+8613800138000", Language.Chinese, "owner", OptedOut: false);

    /// <summary>10:00 on 10 December 2026 in Shanghai.</summary>
    private static readonly DateTimeOffset TenAm = new(2026, 12, 10, 2, 0, 0, TimeSpan.Zero);

    private static FeeEntry Fee(string due, decimal amount = 260m, decimal paid = 0m, string type = FeeTypes.Property, params FeeReminder[] reminders) =>
        new("sunshine-garden", new UnitAddress("3", "2", "501"), type, "2026-11", amount, DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), paid)
        {
            Reminders = reminders,
        };

    [Theory]
    [InlineData("2026-12-13", "before3")]   // due in 3 days
    [InlineData("2026-12-12", "before3")]   // due in 2 days: still the first stage
    [InlineData("2026-12-03", "overdue7")]
    [InlineData("2026-11-10", "overdue30")]
    [InlineData("2026-06-30", "overdue30")] // long overdue: only the latest stage, not a burst
    public void Each_stage_is_due_from_its_day(string due, string stage)
    {
        var decision = Policy.Decide([Fee(due)], [Owner], TenAm);
        Assert.Equal(FeeReminderOutcome.Send, decision.Outcome);
        Assert.Equal(stage, Assert.Single(decision.Due).Stage);
        Assert.Equal(Owner, decision.Recipient);
    }

    [Theory]
    [InlineData("2026-12-14")] // due in 4 days: too early
    [InlineData("2026-12-20")]
    public void Nothing_is_due_before_the_first_stage(string due) =>
        Assert.Equal(FeeReminderOutcome.NothingDue, Policy.Decide([Fee(due)], [Owner], TenAm).Outcome);

    [Fact]
    public void A_stage_already_sent_is_not_sent_again_but_the_next_one_is()
    {
        var sent = new FeeReminder("overdue7", TenAm.AddDays(-23), Owner.Phone, Owner.Name);
        Assert.Equal(FeeReminderOutcome.NothingDue, Policy.Decide([Fee("2026-12-03", reminders: sent with { At = TenAm.AddDays(-8) })], [Owner], TenAm).Outcome);
        var later = Policy.Decide([Fee("2026-11-10", reminders: sent)], [Owner], TenAm);
        Assert.Equal("overdue30", Assert.Single(later.Due).Stage);
    }

    [Theory]
    [InlineData(21, 0, true)]
    [InlineData(23, 30, true)]
    [InlineData(2, 0, true)]
    [InlineData(7, 59, true)]
    [InlineData(8, 0, false)]
    [InlineData(20, 59, false)]
    public void Quiet_hours_are_21_to_8_local(int hour, int minute, bool quiet)
    {
        var local = new DateTimeOffset(2026, 12, 10, hour, minute, 0, TimeSpan.FromHours(8));
        Assert.Equal(quiet, Policy.IsQuiet(local));
        Assert.Equal(quiet ? FeeReminderOutcome.QuietHours : FeeReminderOutcome.Send, Policy.Decide([Fee("2026-12-03")], [Owner], local).Outcome);
    }

    [Fact]
    public void Quiet_hours_follow_the_configured_zone()
    {
        var london = new FeeReminderPolicy([-3, 7, 30], TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.False(Policy.IsQuiet(TenAm));   // 10:00 in Shanghai
        Assert.True(london.IsQuiet(TenAm));    // 02:00 in London
    }

    [Fact]
    public void A_unit_reminded_less_than_seven_days_ago_waits_even_for_another_fee()
    {
        var parkingSent = new FeeReminder("before3", TenAm.AddDays(-6).AddHours(-23), Owner.Phone, Owner.Name);
        var fees = new[] { Fee("2026-12-03"), Fee("2026-12-06", 300m, type: FeeTypes.Parking, reminders: parkingSent) };
        Assert.Equal(FeeReminderOutcome.Capped, Policy.Decide(fees, [Owner], TenAm).Outcome);

        var week = new[] { fees[0], fees[1] with { Reminders = [parkingSent with { At = TenAm.AddDays(-7) }] } };
        Assert.Equal(FeeReminderOutcome.Send, Policy.Decide(week, [Owner], TenAm).Outcome);
    }

    [Fact]
    public void Several_due_fees_of_a_unit_go_in_one_reminder_most_overdue_first()
    {
        var decision = Policy.Decide([Fee("2026-12-13", type: FeeTypes.Parking), Fee("2026-12-03")], [Owner], TenAm);
        Assert.Equal(["overdue7", "before3"], decision.Due.Select(d => d.Stage));
    }

    [Fact]
    public void Paid_fees_get_no_reminder_and_partly_paid_ones_do()
    {
        Assert.Equal(FeeReminderOutcome.NothingDue, Policy.Decide([Fee("2026-12-03", 260m, 260m)], [Owner], TenAm).Outcome);
        var partly = Policy.Decide([Fee("2026-12-03", 260m, 100m)], [Owner], TenAm);
        Assert.Equal(FeeReminderOutcome.Send, partly.Outcome);
        Assert.Equal(160m, partly.Due[0].Fee.Owed);
    }

    [Fact]
    public void Opted_out_owners_are_skipped_and_tenants_are_not_asked_in_their_place()
    {
        var optedOut = Owner with { OptedOut = true };
        var tenant = new FeeContact("租客", "+8613900000009", Language.Chinese, "tenant", false);
        Assert.Equal(FeeReminderOutcome.OptedOut, Policy.Decide([Fee("2026-12-03")], [optedOut, tenant], TenAm).Outcome);

        var coOwner = new FeeContact("李先生", "+8613700000000", Language.English, "owner", false);
        Assert.Equal(coOwner, Policy.Decide([Fee("2026-12-03")], [optedOut, coOwner], TenAm).Recipient);
    }

    [Fact]
    public void A_tenant_is_reminded_only_when_no_owner_is_on_record_and_family_never()
    {
        var tenant = new FeeContact("租客", "+8613900000009", Language.Chinese, "tenant", false);
        var family = new FeeContact("家人", "+8613900000008", Language.Chinese, "family", false);
        Assert.Equal(tenant, Policy.Decide([Fee("2026-12-03")], [tenant, family], TenAm).Recipient);
        Assert.Equal(FeeReminderOutcome.NoContact, Policy.Decide([Fee("2026-12-03")], [family], TenAm).Outcome);
    }

    [Theory]
    [InlineData("-3,7,30", new[] { -3, 7, 30 })]
    [InlineData(" 30, -3 ,7,7", new[] { -3, 7, 30 })]
    [InlineData("0", new[] { 0 })]
    public void Stages_are_read_from_configuration(string text, int[] expected) =>
        Assert.Equal(expected, FeeReminderOptions.ParseStages(text));

    [Theory]
    [InlineData("")]
    [InlineData("a,7")]
    [InlineData("-3;7")]
    [InlineData("1000")]
    public void Bad_stage_settings_are_refused(string text) => Assert.Null(FeeReminderOptions.ParseStages(text));

    [Fact]
    public void The_reminder_says_what_for_how_much_which_period_and_how_to_pay()
    {
        var due = Policy.Decide([Fee("2026-12-03", 260m, 100m)], [Owner], TenAm).Due;
        var composer = SmsCatalogueTests.Composer;
        var zh = composer.Render(FeeSms.Reminder(composer, new UnitAddress("3", "2", "501"), due, "微信公众号“阳光物业”", Language.Chinese));
        Assert.Equal("【阳光物业】您好，温馨提醒：3栋2单元501，2026年11月物业费尚余160.00元，已逾期7天。缴费方式：微信公众号“阳光物业”。如已缴请忽略，谢谢！回TD退订", zh);
        var en = composer.Render(FeeSms.Reminder(composer, new UnitAddress("3", null, "501"), Policy.Decide([Fee("2026-12-13")], [Owner], TenAm).Due, null,
            Language.English));
        Assert.True(en.Contains("Bldg 3 Rm 501", StringComparison.Ordinal), en);
        Assert.True(en.Contains("Nov 2026 property fee ¥260.00, due 13 Dec", StringComparison.Ordinal), en);
        Assert.Contains("service centre", en);
        Assert.Contains("STOP", en);
    }
}
