using System.Text.RegularExpressions;

namespace PropertyFunctions.Core.Common;

/// <summary>Phone numbers: mainland mobiles in any common spelling, or E.164. Stored as E.164.</summary>
public static partial class PhoneNumber
{
    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MainlandMobile();

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex E164();

    public static bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return false;
        }
        var compact = new string(input.Where(c => c is not (' ' or '-' or '(' or ')' or '.' or '\u00a0')).ToArray());
        if (compact.StartsWith("00", StringComparison.Ordinal))
        {
            compact = "+" + compact[2..];
        }
        if (compact.StartsWith("+86", StringComparison.Ordinal) && compact.Length == 14)
        {
            compact = compact[3..];
        }
        else if (compact.StartsWith("86", StringComparison.Ordinal) && compact.Length == 13)
        {
            compact = compact[2..];
        }
        if (MainlandMobile().IsMatch(compact))
        {
            e164 = "+86" + compact;
            return true;
        }
        if (E164().IsMatch(compact) && !compact.StartsWith("+86", StringComparison.Ordinal))
        {
            e164 = compact;
            return true;
        }
        return false;
    }

    /// <summary>For logs: keeps the country code and the last four digits, e.g. <c>+86*******8000</c>.</summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "";
        }
        if (phone.Length <= 4)
        {
            return new string('*', phone.Length);
        }
        var keepStart = phone.StartsWith("+86", StringComparison.Ordinal) ? 3 : Math.Min(2, phone.Length - 4);
        return phone[..keepStart] + new string('*', phone.Length - keepStart - 4) + phone[^4..];
    }
}
