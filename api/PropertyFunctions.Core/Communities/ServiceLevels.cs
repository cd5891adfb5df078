namespace PropertyFunctions.Core.Communities;

/// <summary>Service-level targets (defaults in docs/operations.md; configuration section Desk:ServiceLevels).</summary>
public sealed class ServiceLevels
{
    public TimeSpan EmergencyAccept { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan EmergencyOnSite { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>Counted in office hours.</summary>
    public TimeSpan OrdinaryAccept { get; set; } = TimeSpan.FromHours(2);
    /// <summary>Ordinary work on site within this of its acceptance, counted in office hours: what the owner is promised then.</summary>
    public TimeSpan OrdinaryOnSite { get; set; } = TimeSpan.FromHours(2);
    public TimeSpan OrdinaryResolve { get; set; } = TimeSpan.FromDays(3);
    /// <summary>An emergency nobody has accepted pages the second level (the community's manager) this long after its dispatch.</summary>
    public TimeSpan EmergencySecondLevel { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>After the second level, the ladder pages everyone again this often until someone accepts.</summary>
    public TimeSpan EmergencyRepage { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What the owner is told when staff accept: on site within 30 minutes for an emergency, else within the ordinary on-site target.</summary>
    public TimeSpan ExpectedArrival(bool emergency) => emergency ? EmergencyOnSite : OrdinaryOnSite;
}
