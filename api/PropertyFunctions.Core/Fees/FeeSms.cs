using System.Globalization;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Fees;

/// <summary>
/// A fee reminder: polite, saying what each fee is for, the period and the amount still owed, when it is due or how late,
/// and how to pay. Before the due date it is <see cref="SmsCatalogue.FeeUpcoming"/>, after it <see cref="SmsCatalogue.FeeOverdue"/>.
/// </summary>
public static class FeeSms
{
    public static string FeeName(string feeType, bool english) => (feeType, english) switch
    {
        (FeeTypes.Parking, false) => "停车费",
        (FeeTypes.Parking, true) => "parking fee",
        (_, false) => "物业费",
        _ => "property fee",
    };

    /// <summary>The default "how to pay" when <c>Desk:PaymentInstructions</c> is not set.</summary>
    public static string DefaultPaymentInstructions(bool english) => english ? "at the service centre" : "物业服务中心或物业缴费渠道";

    public static SmsMessage Reminder(SmsComposer composer, UnitAddress unit, IReadOnlyList<DueFee> due, string? paymentInstructions, string language)
    {
        var english = language == Language.English;
        var values = new Dictionary<string, string>
        {
            ["address"] = english ? EnglishAddress(unit) : unit.ToString(),
            ["items"] = string.Join(english ? "; " : "，", due.Select(d => Item(d.Fee, english))),
            ["payby"] = string.IsNullOrWhiteSpace(paymentInstructions) ? DefaultPaymentInstructions(english) : paymentInstructions.Trim(),
        };
        var latest = due.Max(d => d.DaysPastDue);
        if (latest > 0)
        {
            values["days"] = latest.ToString(CultureInfo.InvariantCulture);
            return composer.Compose(SmsCatalogue.FeeOverdue, language, values);
        }
        var date = due.Min(d => d.Fee.DueDate);
        values["due"] = latest == 0 && due.All(d => d.DaysPastDue == 0)
            ? (english ? "today" : "今天")
            : english ? date.ToString("d MMM", CultureInfo.InvariantCulture) : $"{date.Month}月{date.Day}日";
        return composer.Compose(SmsCatalogue.FeeUpcoming, language, values);
    }

    private static string Item(FeeEntry fee, bool english)
    {
        var period = FeePeriod.Describe(fee.Period, english);
        var owed = Money.Format(fee.Owed);
        var partly = fee.Paid > 0m;
        return english
            ? $"{period} {FeeName(fee.FeeType, true)} ¥{owed}{(partly ? " left" : "")}"
            : $"{period}{FeeName(fee.FeeType, false)}{(partly ? "尚余" : "")}{owed}元";
    }

    private static string EnglishAddress(UnitAddress unit) =>
        string.IsNullOrEmpty(unit.Unit) ? $"Bldg {unit.Building} Rm {unit.Room}" : $"Bldg {unit.Building} Unit {unit.Unit} Rm {unit.Room}";
}
