using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Routing;

/// <summary>
/// The ticket-route message: ids only; the handler re-reads the ticket. With <see cref="PageBuilding"/> it is instead the end
/// of a building's emergency page window: the emergencies gathered since its last page go out as one page.
/// </summary>
public sealed record RouteMessage(string Community, string TicketId, string? PageBuilding = null);

/// <summary>The ticket-route queue: new tickets and tickets whose dispatch time has come.</summary>
public interface IRouteQueue
{
    Task EnqueueRouteAsync(RouteMessage message, TimeSpan? delay, CancellationToken ct);
}

/// <summary>
/// A building's emergency page window (the abuse policy): the first emergency pages at once and opens the window; the
/// ones after it wait in <see cref="Pending"/> for one page when the window ends. <see cref="Paged"/> keeps the ids
/// already paged, so a retried routing pages its ticket again (same SMS ids: sent once) instead of queueing it.
/// </summary>
public sealed record PageWindow(DateTimeOffset OpenedAt, IReadOnlyList<string> Paged, IReadOnlyList<string> Pending);

/// <summary>Page windows (table PageWindows, PartitionKey community, RowKey building), changed under ETags.</summary>
public interface IPageWindows
{
    Task<Versioned<PageWindow>?> GetAsync(string community, string building, CancellationToken ct);

    /// <summary>Stores the window under <paramref name="current"/>'s ETag (or as new when null); false when someone changed it meanwhile.</summary>
    Task<bool> TrySaveAsync(string community, string building, Versioned<PageWindow>? current, PageWindow window, CancellationToken ct);
}
