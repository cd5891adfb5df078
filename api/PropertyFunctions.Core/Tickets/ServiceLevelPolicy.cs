using PropertyFunctions.Core.Communities;

namespace PropertyFunctions.Core.Tickets;

/// <summary>What the service-level watch must do about one ticket now.</summary>
public enum ServiceLevelStep
{
    None,
    /// <summary>Ordinary ticket not accepted within the accept target (office hours): remind the department.</summary>
    RemindDepartment,
    /// <summary>Ordinary work not accepted within twice the target: the supervisor.</summary>
    EscalateAccept,
    /// <summary>
    /// An emergency nobody has accepted: the ladder's next page is due (5 minutes: the people dispatched and the duty supervisor
    /// again; 10 minutes: the community's manager; then everyone every 10 minutes until someone accepts).
    /// </summary>
    PageEmergency,
    /// <summary>Open past its resolution target: the supervisor.</summary>
    EscalateResolve,
    /// <summary>Resolved, no complaint, past the auto-close delay.</summary>
    AutoClose,
    /// <summary>Resolved, no rating after the callback delay: send the satisfaction callback once.</summary>
    SendCallback,
}

/// <summary>
/// The service-level rules as a pure function of a ticket and an instant. Each breach is raised once:
/// the ticket records how far its alerts have gone, so the next run moves on instead of repeating.
/// </summary>
public sealed class ServiceLevelPolicy(ServiceLevels levels, OfficeHours hours)
{
    public TimeSpan AutoCloseAfter { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan CallbackAfter { get; init; } = TimeSpan.FromHours(24);

    public ServiceLevelStep NextStep(Ticket t, DateTimeOffset now)
    {
        if (t.Status == TicketStatuses.Resolved && t.ResolvedAt is { } resolved)
        {
            if (t.Score is null && t.CallbackSentAt is null && now - resolved >= CallbackAfter && IsDaytime(now))
            {
                return ServiceLevelStep.SendCallback;
            }
            return now - resolved >= AutoCloseAfter ? ServiceLevelStep.AutoClose : ServiceLevelStep.None;
        }
        if (!Lifecycle.IsOpen(t.Status))
        {
            return ServiceLevelStep.None;
        }
        if (Lifecycle.AwaitsEmergencyAcceptance(t) && t.DispatchedAt is { } paged && now - paged >= NextPageDue(t.EmergencyPages))
        {
            return ServiceLevelStep.PageEmergency;
        }
        var waitingForAcceptance = t.AcceptedAt is null && t.Status is TicketStatuses.Received or TicketStatuses.Dispatched;
        if (!t.Emergency && waitingForAcceptance && t.DispatchedAt is { } dispatched)
        {
            var waited = AcceptWaited(emergency: false, dispatched, now);
            var target = AcceptTarget(emergency: false);
            // Ordinary work reminds the department at its target and goes to the supervisor at twice it.
            if (t.AcceptAlert < 2 && waited >= target * 2)
            {
                return ServiceLevelStep.EscalateAccept;
            }
            if (t.AcceptAlert < 1 && waited >= target)
            {
                return ServiceLevelStep.RemindDepartment;
            }
        }
        if (!t.ResolveAlerted && ResolveMissed(t.CreatedAt, now))
        {
            return ServiceLevelStep.EscalateResolve;
        }
        return ServiceLevelStep.None;
    }

    /// <summary>
    /// How long after its dispatch an emergency nobody accepted is paged for the next time, given the pages already sent: the
    /// accept target (5 minutes), then the second level (10 minutes), then every repeat interval (20, 30, … minutes). Counted
    /// from the dispatch, so a late timer run sends one page and the next falls due on the same schedule.
    /// </summary>
    public TimeSpan NextPageDue(int pagesSent) => pagesSent switch
    {
        <= 0 => levels.EmergencyAccept,
        1 => levels.EmergencySecondLevel,
        _ => levels.EmergencySecondLevel + (pagesSent - 1) * levels.EmergencyRepage,
    };

    /// <summary>How long a ticket may wait for acceptance: the emergency target (wall clock) or the ordinary one (office time).</summary>
    public TimeSpan AcceptTarget(bool emergency) => emergency ? levels.EmergencyAccept : levels.OrdinaryAccept;

    /// <summary>
    /// How long a ticket dispatched at <paramref name="dispatched"/> has waited for acceptance by <paramref name="until"/>, on the
    /// clock its target counts: wall time for an emergency, office time for ordinary work (the clock stops while the desk is closed).
    /// </summary>
    public TimeSpan AcceptWaited(bool emergency, DateTimeOffset dispatched, DateTimeOffset until) =>
        emergency ? until - dispatched : hours.OpenTimeBetween(dispatched, until);

    /// <summary>True when waiting from <paramref name="dispatched"/> to <paramref name="until"/> misses the accept target (the watch then reminds or escalates).</summary>
    public bool AcceptMissed(bool emergency, DateTimeOffset dispatched, DateTimeOffset until) =>
        AcceptWaited(emergency, dispatched, until) >= AcceptTarget(emergency);

    /// <summary>True when a ticket created at <paramref name="created"/> and not resolved by <paramref name="until"/> misses the resolution target.</summary>
    public bool ResolveMissed(DateTimeOffset created, DateTimeOffset until) => until - created >= levels.OrdinaryResolve;

    /// <summary>
    /// Past its service level: open, dispatched and not accepted in time (wall time for an emergency, office time for ordinary
    /// work), or open past the resolution target. The queue, the ticket record and the monthly report all use this rule.
    /// </summary>
    public bool IsOverdue(Ticket t, DateTimeOffset now) => Lifecycle.IsOpen(t.Status) &&
        ((t.AcceptedAt is null && t.DispatchedAt is { } dispatched && AcceptMissed(t.Emergency, dispatched, now)) || ResolveMissed(t.CreatedAt, now));

    /// <summary>The on-site target: an emergency's (wall clock from its report), or ordinary work's (office time from its acceptance, as promised then).</summary>
    public TimeSpan OnSiteTarget(bool emergency) => emergency ? levels.EmergencyOnSite : levels.OrdinaryOnSite;

    /// <summary>
    /// True when being on site at <paramref name="until"/> misses the target: for an emergency counted on the wall clock from
    /// <paramref name="from"/> (its report), for ordinary work in office time from <paramref name="from"/> (its acceptance).
    /// </summary>
    public bool OnSiteMissed(bool emergency, DateTimeOffset from, DateTimeOffset until) =>
        (emergency ? until - from : hours.OpenTimeBetween(from, until)) >= OnSiteTarget(emergency);

    /// <summary>Callbacks go out between 09:00 and 20:00 local: nobody wants a survey at night.</summary>
    private bool IsDaytime(DateTimeOffset now)
    {
        var local = TimeOnly.FromDateTime(hours.ToLocal(now).DateTime);
        return local >= new TimeOnly(9, 0) && local < new TimeOnly(20, 0);
    }
}
