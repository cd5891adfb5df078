using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>Who is acting and through which channel; recorded on every history entry.</summary>
/// <param name="Access">A console user's roles, checked against the ticket's community; null for SMS replies and the system (rostered).</param>
public sealed record Actor(string Id, string Name, string Channel, string? Phone = null, StaffAccess? Access = null)
{
    public static Actor System { get; } = new("system", "system", Channels.System);
}

/// <summary>A staff action (POST /api/staff/tickets/{id}/actions, or the task page's POST /api/tasks/{code}/actions).</summary>
public sealed record ActionRequest(
    string Action,
    string? Department = null,
    string? Assignee = null,
    string? Note = null,
    bool Public = false,
    string? MergeInto = null,
    MediationOutcome? Outcome = null,
    int? EtaMinutes = null);

public abstract record ActionOutcome
{
    /// <param name="Record">The ticket as written with its whole history and SMS, when the update read them: the answer needs no second read.</param>
    public sealed record Done(Versioned<Ticket> Ticket, TicketRecord? Record = null) : ActionOutcome;
    public sealed record NotFound : ActionOutcome;
    /// <summary>The caller's ETag is stale: here is the current state.</summary>
    public sealed record Stale(Versioned<Ticket> Current) : ActionOutcome;
    /// <summary>Not allowed from the current status (or already taken); <paramref name="Code"/> is a message code.</summary>
    public sealed record Refused(string Code, Versioned<Ticket> Current) : ActionOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : ActionOutcome;
    /// <summary>An owner may now upload a photo (<see cref="TicketPhotos"/>).</summary>
    public sealed record UploadReady(PhotoUpload Upload) : ActionOutcome;
}
