namespace PropertyFunctions.Core.Roster;

public static class Departments
{
    public const string Engineering = "engineering";
    public const string Cleaning = "cleaning";
    public const string Security = "security";
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [Engineering, Cleaning, Security, Service];
}
