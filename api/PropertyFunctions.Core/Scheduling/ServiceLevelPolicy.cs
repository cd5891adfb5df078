using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Scheduling;

/// <summary>What the service-level watch must do about one ticket now.</summary>
public enum ServiceLevelStep
{
    None,
    /// <summary>Ordinary ticket not accepted within the accept target (office hours): remind the department.</summary>
    RemindDepartment,
    /// <summary>Not accepted in time (emergency: 5 minutes; ordinary: twice the target): the supervisor.</summary>
    EscalateAccept,
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
        var waitingForAcceptance = t.AcceptedAt is null && t.Status is TicketStatuses.Received or TicketStatuses.Dispatched;
        if (waitingForAcceptance && t.DispatchedAt is { } dispatched)
        {
            if (t.Emergency)
            {
                if (t.AcceptAlert < 2 && now - dispatched >= levels.EmergencyAccept)
                {
                    return ServiceLevelStep.EscalateAccept;
                }
            }
            else
            {
                var waited = hours.OpenTimeBetween(dispatched, now);
                if (t.AcceptAlert < 2 && waited >= levels.OrdinaryAccept * 2)
                {
                    return ServiceLevelStep.EscalateAccept;
                }
                if (t.AcceptAlert < 1 && waited >= levels.OrdinaryAccept)
                {
                    return ServiceLevelStep.RemindDepartment;
                }
            }
        }
        if (!t.ResolveAlerted && now - t.CreatedAt >= levels.OrdinaryResolve)
        {
            return ServiceLevelStep.EscalateResolve;
        }
        return ServiceLevelStep.None;
    }

    /// <summary>Callbacks go out between 09:00 and 20:00 local: nobody wants a survey at night.</summary>
    private bool IsDaytime(DateTimeOffset now)
    {
        var local = TimeOnly.FromDateTime(hours.ToLocal(now).DateTime);
        return local >= new TimeOnly(9, 0) && local < new TimeOnly(20, 0);
    }
}
