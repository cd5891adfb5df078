namespace PropertyFunctions.Core.Common;

/// <summary>A unit in a community: building, optional unit (单元) and room.</summary>
public sealed record UnitAddress(string Building, string? Unit, string Room)
{
    public override string ToString() =>
        string.IsNullOrEmpty(Unit) ? $"{Building}栋{Room}" : $"{Building}栋{Unit}单元{Room}";
}
