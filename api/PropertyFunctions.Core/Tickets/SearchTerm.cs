using System.Text.RegularExpressions;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>
/// What a clerk typed into a search box (the queue's, the caller lookup's): a ticket id, a phone number, a unit such as
/// "3-2-501" or "3栋2单元501", or else the start of a name.
/// </summary>
public abstract partial record SearchTerm
{
    public sealed record Id(string TicketId) : SearchTerm;
    /// <param name="E164">The number as tickets and records keep it.</param>
    public sealed record Phone(string E164) : SearchTerm;
    public sealed record Unit(UnitAddress Address) : SearchTerm;
    public sealed record Name(string Prefix) : SearchTerm;

    public const int MaxLength = 40;

    /// <summary>The term, or null for nothing usable (empty, too long, control characters).</summary>
    public static SearchTerm? Parse(string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length is 0 or > MaxLength || t.Any(char.IsControl))
        {
            return null;
        }
        if (TicketId.TryNormalize(t, out var id))
        {
            return new Id(id);
        }
        if (PhoneLike().IsMatch(t) && PhoneNumber.TryNormalize(t, out var e164))
        {
            return new Phone(e164);
        }
        if (UnitPattern().Match(t) is { Success: true } m)
        {
            return new Unit(new UnitAddress(m.Groups["b"].Value, m.Groups["u"].Success ? m.Groups["u"].Value : null, m.Groups["r"].Value));
        }
        return new Name(t);
    }

    [GeneratedRegex(@"^\+?[\d\s\-()]{7,}$")]
    private static partial Regex PhoneLike();

    /// <summary>Building, optional unit, room: "3-2-501", "3/501", "3 2 501", "3栋2单元501室", "3号楼501".</summary>
    [GeneratedRegex(@"^(?<b>[0-9A-Za-z]{1,6})\s*(?:号楼|栋|幢|座|[-/\s])\s*(?:(?<u>[0-9A-Za-z]{1,4})\s*(?:单元|[-/\s])\s*)?(?<r>[0-9A-Za-z]{1,6})\s*(?:室|号)?$")]
    private static partial Regex UnitPattern();
}
