using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>
/// The owner's escalation ladder: staff, the service-centre supervisor, the owners' committee (业委会), then the public offices
/// (街道办、居委会、住建部门). The desk contacts the first level; the others are shown to the owner as contacts.
/// </summary>
public static class EscalationLadder
{
    public const int Top = 3;

    public static string Name(int level, string language) => Messages.Get("ladder." + Math.Clamp(level, 0, Top), language);
}
