namespace PropertyFunctions.Core.Communities;

/// <summary>Service-level targets (DESIGN.md §2 defaults; configuration section Desk:ServiceLevels).</summary>
public sealed class ServiceLevels
{
    public TimeSpan EmergencyAccept { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan EmergencyOnSite { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>Counted in office hours.</summary>
    public TimeSpan OrdinaryAccept { get; set; } = TimeSpan.FromHours(2);
    public TimeSpan OrdinaryResolve { get; set; } = TimeSpan.FromDays(3);
    /// <summary>
    /// How long an emergency may stay unaccepted after its supervisor escalation (at <see cref="EmergencyAccept"/>) before the
    /// watch reports it unanswered (metric <c>propertyfunctions.emergencies.unanswered</c>, which pages the operators).
    /// </summary>
    public TimeSpan EmergencyUnanswered { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What the owner is told when staff accept: on site within 30 minutes for an emergency, else within the accept target.</summary>
    public TimeSpan ExpectedArrival(bool emergency) => emergency ? EmergencyOnSite : OrdinaryAccept;
}
