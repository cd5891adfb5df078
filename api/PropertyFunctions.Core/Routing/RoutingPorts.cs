namespace PropertyFunctions.Core.Routing;

/// <summary>The ticket-route message: ids only; the handler re-reads the ticket.</summary>
public sealed record RouteMessage(string Community, string TicketId);

/// <summary>The ticket-route queue: new tickets and tickets whose dispatch time has come.</summary>
public interface IRouteQueue
{
    Task EnqueueRouteAsync(RouteMessage message, TimeSpan? delay, CancellationToken ct);
}
