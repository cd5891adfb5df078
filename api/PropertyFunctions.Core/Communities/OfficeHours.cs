namespace PropertyFunctions.Core.Communities;

/// <summary>
/// When the service centre is open, in the community's time zone: the same hours every day
/// (property desks open at weekends), closed on listed holidays.
/// </summary>
public sealed record OfficeHours(TimeOnly Opens, TimeOnly Closes, TimeZoneInfo Zone, IReadOnlySet<DateOnly> Holidays)
{
    public static OfficeHours Default(TimeZoneInfo zone) => new(new TimeOnly(9, 0), new TimeOnly(18, 0), zone, new HashSet<DateOnly>());

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public bool IsOpen(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return !Holidays.Contains(DateOnly.FromDateTime(local.DateTime)) && time >= Opens && time < Closes;
    }

    /// <summary>Office time between two instants: the clock stops while the desk is closed (for "2 office hours" targets).</summary>
    public TimeSpan OpenTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        var day = DateOnly.FromDateTime(ToLocal(from).DateTime);
        var lastDay = DateOnly.FromDateTime(ToLocal(to).DateTime);
        for (; day <= lastDay; day = day.AddDays(1))
        {
            if (Holidays.Contains(day))
            {
                continue;
            }
            var opens = Instant(day, Opens);
            var closes = Instant(day, Closes);
            var start = opens > from ? opens : from;
            var end = closes < to ? closes : to;
            if (end > start)
            {
                total += end - start;
            }
        }
        return total;
    }

    private DateTimeOffset Instant(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The instant the desk next opens at or after <paramref name="instant"/> (the instant itself when open).</summary>
    public DateTimeOffset NextOpening(DateTimeOffset instant)
    {
        if (IsOpen(instant))
        {
            return instant;
        }
        var local = ToLocal(instant);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= Opens)
        {
            day = day.AddDays(1);
        }
        // A year of holidays back to back is a configuration error, not a reason to loop forever.
        for (var i = 0; i < 366; i++, day = day.AddDays(1))
        {
            if (!Holidays.Contains(day))
            {
                var opening = day.ToDateTime(Opens);
                return new DateTimeOffset(opening, Zone.GetUtcOffset(opening));
            }
        }
        throw new InvalidOperationException("The office never opens in the next year; check the holiday list.");
    }
}
