using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Residents;

/// <summary>
/// Someone living in or owning a unit (档案): who to contact about the unit's fees, notices and disputes.
/// A unit may have several residents; a person may hold several units.
/// </summary>
public sealed record Resident(
    string Community,
    UnitAddress Unit,
    string Name,
    string Phone,
    string Language,
    string Relation)
{
    /// <summary>The key of the unit within its community: "building|unit|room" (unit may be empty).</summary>
    public string UnitKey => UnitKeys.For(Unit);

    /// <summary>The unit's floor area in m² (建筑面积), which the property fee is charged on; null when the records do not say.</summary>
    public decimal? Area { get; init; }

    /// <summary>The parking space this resident rents or owns (e.g. B1-023), which the parking fee is charged for.</summary>
    public string? ParkingSpace { get; init; }
}

public static class ResidentRelations
{
    public const string Owner = "owner";
    public const string Tenant = "tenant";
    public const string Family = "family";

    public static readonly IReadOnlyList<string> All = [Owner, Tenant, Family];
}

public static class UnitKeys
{
    /// <summary>"building|unit|room"; building, unit and room never contain '|' (imports refuse it).</summary>
    public static string For(UnitAddress unit) => $"{unit.Building}|{unit.Unit}|{unit.Room}";
}

/// <summary>The residents' records (table Owners; PartitionKey community, RowKey "building|unit|room|phone").</summary>
public interface IResidentDirectory
{
    /// <summary>Residents of the given buildings (all buildings when empty), one single-partition query per building.</summary>
    IAsyncEnumerable<Resident> InBuildingsAsync(string community, IReadOnlyCollection<string> buildings, CancellationToken ct);

    Task<IReadOnlyList<Resident>> InUnitAsync(string community, UnitAddress unit, CancellationToken ct);

    /// <summary>The records with this phone (E.164) in a community: a caller's units. One filtered query in the partition.</summary>
    Task<IReadOnlyList<Resident>> WithPhoneAsync(string community, string phone, CancellationToken ct);

    /// <summary>Up to <paramref name="max"/> residents whose name starts with <paramref name="prefix"/>. One filtered query in the partition.</summary>
    Task<IReadOnlyList<Resident>> NamedAsync(string community, string prefix, int max, CancellationToken ct);

    /// <summary>Sets the language on every record of this phone in the community (the owner's own choice on their home page).</summary>
    Task SetLanguageAsync(string community, string phone, string language, CancellationToken ct);

    /// <summary>Replaces the records of the units named in the import (all or nothing per batch of 100 rows in a community).</summary>
    Task ReplaceUnitsAsync(IReadOnlyList<Resident> residents, CancellationToken ct);
}

