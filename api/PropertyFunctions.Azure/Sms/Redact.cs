using System.Text.RegularExpressions;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Azure.Sms;

/// <summary>Keeps phone numbers out of logs, including ones embedded in an SMS id (ticket, purpose, recipient).</summary>
internal static partial class Redact
{
    // Seven or more digits in a row, with an optional +: a phone number, never a ticket id (six-digit date).
    [GeneratedRegex(@"\+?\d{7,}")]
    private static partial Regex DigitRun();

    public static string Phones(string text) => DigitRun().Replace(text, m => PhoneNumber.Mask(m.Value));
}
