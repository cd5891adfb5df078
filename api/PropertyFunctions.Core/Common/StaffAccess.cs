namespace PropertyFunctions.Core.Common;

/// <summary>The console's roles: admin includes supervisor, supervisor includes staff.</summary>
public static class StaffRoles
{
    public const string Staff = "staff";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Staff, Supervisor, Admin];

    private static int Rank(string role) => role switch { Admin => 3, Supervisor => 2, Staff => 1, _ => 0 };

    public static bool Includes(string held, string needed) => Rank(held) >= Rank(needed) && Rank(needed) > 0;
}

/// <summary>
/// What a signed-in staff member may do where. A role is company-wide (<c>supervisor</c>) or scoped to one community
/// (<c>supervisor:sunshine-garden</c>), as the identity provider's app roles or groups give it. A clerk of one community
/// cannot read another's residents, act on its tickets or text its households.
/// </summary>
public sealed record StaffAccess(IReadOnlySet<string> Roles)
{
    /// <summary>True when a role at least <paramref name="role"/> is held company-wide or for <paramref name="community"/>.</summary>
    public bool Has(string role, string community) => Roles.Any(held =>
    {
        var split = held.IndexOf(':', StringComparison.Ordinal);
        return split < 0
            ? StaffRoles.Includes(held, role)
            : held[(split + 1)..] == community && StaffRoles.Includes(held[..split], role);
    });

    /// <summary>True when <paramref name="role"/> is held anywhere: enough to reach a staff route, which then checks the community.</summary>
    public bool HasAnywhere(string role) => Roles.Any(held => StaffRoles.Includes(held.Split(':')[0], role));

    /// <summary>The communities a scoped member may see (null: every community).</summary>
    public IReadOnlySet<string>? Communities(string role) =>
        HasCompanyWide(role) ? null : Roles.Where(r => r.Contains(':', StringComparison.Ordinal) && StaffRoles.Includes(r.Split(':')[0], role))
            .Select(r => r[(r.IndexOf(':', StringComparison.Ordinal) + 1)..]).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="role"/> is held for the whole company. Privacy requests (export, erasure of one person across
    /// every community) need the admin role company-wide: <c>admin:sunshine-garden</c> is not enough.
    /// </summary>
    public bool HasCompanyWide(string role) => Roles.Any(held => !held.Contains(':', StringComparison.Ordinal) && StaffRoles.Includes(held, role));
}
