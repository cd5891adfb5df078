using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;

namespace PropertyFunctions.Core.Reports;

/// <summary>
/// GET /api/staff/reports: checks the query, reads the month's tickets (one single-partition RowKey range, since ids start
/// with the local date) and builds the figures.
/// </summary>
public sealed class ReportDesk(IReportSource tickets, CommunityDirectory communities, ServiceLevels levels, DeskOptions options, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = options.Zone();

    /// <param name="month"><c>yyyy-MM</c> in the desk's zone; empty for the current month.</param>
    public async Task<(MonthlyReport? Report, IReadOnlyList<FieldError> Errors)> MonthlyAsync(string? community, string? month, string language,
        CancellationToken ct)
    {
        var e = new ErrorList();
        var slug = e.Community(community);
        var now = time.GetUtcNow();
        var current = ReportMonth.Containing(now, _zone);
        var wanted = current;
        if (month?.Trim() is { Length: > 0 } text)
        {
            if (!ReportMonth.TryParse(text, out wanted))
            {
                e.Add("month", "month_format");
            }
            else if (wanted.IsAfter(current))
            {
                e.Add("month", "month_future");
            }
        }
        if (e.Any)
        {
            return (null, e.Errors);
        }
        var rows = new List<ReportTicket>();
        await foreach (var row in tickets.WithIdPrefixAsync(slug!, wanted.IdPrefix, ct))
        {
            rows.Add(row);
        }
        // Judged by the community's own office hours, as the service-level watch judged them.
        var builder = new MonthlyReportBuilder(levels, (await communities.GetAsync(slug!, ct)).Hours);
        return (builder.Build(slug!, wanted, rows, now, language), []);
    }
}
