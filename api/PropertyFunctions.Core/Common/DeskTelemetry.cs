using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// The desk's one trace source and one meter, both named <see cref="Name"/>. They are the platform's own types
/// (System.Diagnostics), so Core needs no telemetry package: the hosts subscribe to them with OpenTelemetry
/// (PropertyFunctions.Api.Startup.TelemetryRegistration). Spans carry ids and codes only: never a phone number
/// (at most <see cref="PhoneNumber.Mask"/>), a name or the text of an SMS. Names are listed in docs/operations.md.
/// </summary>
public static class DeskTelemetry
{
    public const string Name = "PropertyFunctions";

    /// <summary>The span attribute that holds a ticket's id (e.g. <c>261128-K7QF</c>).</summary>
    public const string TicketIdTag = "ticket.id";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Marks the current span as working on this ticket.</summary>
    public static void TagTicket(string ticketId) => Activity.Current?.SetTag(TicketIdTag, ticketId);
}
