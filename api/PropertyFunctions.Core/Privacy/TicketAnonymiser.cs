using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Privacy;

/// <summary>
/// What a ticket keeps when its contact details go (retention after the records period, or an erasure): its id, community,
/// building, kind, category, department, channel, times, status, escalation, rating and the staff who handled it — what the
/// monthly report counts. The name, phone, unit and room, the owner's text, the preferred time, the other party, the
/// feedback comment, watchers, the mediation outcome's words and the photos go.
/// </summary>
public static class TicketAnonymiser
{
    public static Ticket Anonymise(Ticket t, DateTimeOffset at) => t with
    {
        Address = new UnitAddress(t.Address.Building, null, ""),
        Name = "",
        Phone = "",
        // Nobody to text: an erased person's open ticket goes on without SMS to its owner.
        NotifyOwner = false,
        Description = "",
        PreferredTime = null,
        OtherParty = null,
        FeedbackComment = null,
        Watchers = [],
        Outcome = t.Outcome is null ? null : new MediationOutcome(t.Outcome.Responsibility, "", null),
        Photos = [],
        WorkPhotos = [],
        AnonymisedAt = at,
    };

    /// <summary>True once a ticket is closed or cancelled and its records period has run out.</summary>
    public static bool RecordsPeriodOver(Ticket t, DateTimeOffset cutoff) =>
        t.AnonymisedAt is null
        && t.Status is TicketStatuses.Closed or TicketStatuses.Cancelled
        && (t.ClosedAt ?? t.UpdatedAt) < cutoff;
}
