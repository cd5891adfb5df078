namespace PropertyFunctions.Core.Reports;

/// <summary>Where the monthly report reads its tickets from (the Tickets table in production).</summary>
public interface IReportSource
{
    /// <summary>
    /// The tickets of a community whose id starts with <paramref name="idPrefix"/>: ids start with the local date (yyMMdd), so
    /// <c>2611</c> is every ticket created in November 2026. One single-partition RowKey range query, paged, reading only the
    /// columns the monthly report needs (its history rows, which share the range, are filtered out by the query).
    /// </summary>
    IAsyncEnumerable<ReportTicket> WithIdPrefixAsync(string community, string idPrefix, CancellationToken ct);
}
