namespace PropertyFunctions.Core.Roster;

/// <summary>Duty rosters per community.</summary>
public interface IRosterStore
{
    Task<IReadOnlyList<StaffMember>> GetAsync(string community, CancellationToken ct);

    /// <summary>Replaces the rosters of the communities named in <paramref name="staff"/>.</summary>
    Task ReplaceAsync(IReadOnlyList<StaffMember> staff, CancellationToken ct);

    /// <summary>The roster entries of a phone number, across communities (for SMS replies).</summary>
    Task<IReadOnlyList<StaffMember>> FindByPhoneAsync(string phone, CancellationToken ct);
}
