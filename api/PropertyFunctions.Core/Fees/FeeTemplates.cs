using System.Globalization;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Fees;

/// <summary>
/// Fee reminders in Chinese and English: polite, saying what each fee is for, the period, the amount still
/// owed and its due date or how late it is, how to pay, and how to opt out.
/// </summary>
public static class FeeTemplates
{
    public static string FeeName(string feeType, bool english) => (feeType, english) switch
    {
        (FeeTypes.Parking, false) => "停车费",
        (FeeTypes.Parking, true) => "parking fee",
        (_, false) => "物业费",
        _ => "property fee",
    };

    /// <summary>The default "how to pay" when <c>Desk:PaymentInstructions</c> is not set.</summary>
    public static string DefaultPaymentInstructions(bool english) => english
        ? "at the service centre (物业服务中心) or through the usual payment channel"
        : "请到物业服务中心或通过物业缴费渠道缴纳";

    public static string Reminder(UnitAddress unit, IReadOnlyList<DueFee> due, string? paymentInstructions, string language)
    {
        var english = language == Language.English;
        var how = string.IsNullOrWhiteSpace(paymentInstructions) ? DefaultPaymentInstructions(english) : paymentInstructions.Trim();
        var items = string.Join(english ? "; " : "；", due.Select(d => Item(d, english)));
        return english
            ? $"Property desk: Hello, a friendly reminder for {EnglishAddress(unit)}: {items}. How to pay: {how}. If you have paid, please ignore this. Thank you! Reply STOP to opt out"
            : $"【物业客服】您好，温馨提醒，{unit}：{items}。缴费方式：{how}。如已缴纳请忽略，谢谢！回复TD退订";
    }

    private static string Item(DueFee d, bool english)
    {
        var fee = d.Fee;
        var period = FeePeriod.Describe(fee.Period, english);
        var owed = Money.Format(fee.Owed);
        var partly = fee.Paid > 0m;
        if (english)
        {
            var when = d.DaysPastDue switch
            {
                < 0 => $"due on {fee.DueDate.ToString("d MMM", CultureInfo.InvariantCulture)}",
                0 => "due today",
                _ => $"{d.DaysPastDue} days overdue",
            };
            return $"{period} {FeeName(fee.FeeType, true)} CNY {owed} {(partly ? "still " : "")}outstanding, {when}";
        }
        var whenZh = d.DaysPastDue switch
        {
            < 0 => $"缴费截止{fee.DueDate.Month}月{fee.DueDate.Day}日",
            0 => "今天到期",
            _ => $"已逾期{d.DaysPastDue}天",
        };
        return $"{period}{FeeName(fee.FeeType, false)}{(partly ? "尚余" : "")}{owed}元待缴，{whenZh}";
    }

    private static string EnglishAddress(UnitAddress unit) =>
        string.IsNullOrEmpty(unit.Unit) ? $"Bldg {unit.Building} Rm {unit.Room}" : $"Bldg {unit.Building} Unit {unit.Unit} Rm {unit.Room}";
}
