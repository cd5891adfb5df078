namespace PropertyFunctions.Core.Communities;

/// <summary>One day's opening: from <see cref="Opens"/> to <see cref="Closes"/>, local time.</summary>
public sealed record DayHours(TimeOnly Opens, TimeOnly Closes);

/// <summary>
/// When a community's service centre is open, in its time zone: hours per weekday (a weekday without hours is closed),
/// closed on <see cref="Holidays"/>, and open on <see cref="WorkingDays"/> (调休: a weekend day worked in exchange for a
/// holiday) with Monday's hours. Property desks usually open every day, which is the default.
/// </summary>
public sealed record OfficeHours(TimeZoneInfo Zone, IReadOnlyDictionary<DayOfWeek, DayHours> Week, IReadOnlySet<DateOnly> Holidays,
    IReadOnlySet<DateOnly> WorkingDays)
{
    public static readonly DayHours DefaultDay = new(new TimeOnly(9, 0), new TimeOnly(18, 0));

    /// <summary>09:00–18:00 every day, no holidays.</summary>
    public static OfficeHours Default(TimeZoneInfo zone) => Everyday(zone, DefaultDay);

    public static OfficeHours Everyday(TimeZoneInfo zone, DayHours hours) =>
        new(zone, Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => hours), new HashSet<DateOnly>(), new HashSet<DateOnly>());

    /// <summary>The hours of one local date, or null when the desk is closed all day.</summary>
    public DayHours? On(DateOnly day) =>
        Holidays.Contains(day) ? null
        : WorkingDays.Contains(day) ? Week.GetValueOrDefault(DayOfWeek.Monday) ?? DefaultDay
        : Week.GetValueOrDefault(day.DayOfWeek);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public bool IsOpen(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return On(DateOnly.FromDateTime(local.DateTime)) is { } hours && time >= hours.Opens && time < hours.Closes;
    }

    /// <summary>Office time between two instants: the clock stops while the desk is closed (for "2 office hours" targets).</summary>
    public TimeSpan OpenTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        var day = DateOnly.FromDateTime(ToLocal(from).DateTime);
        var lastDay = DateOnly.FromDateTime(ToLocal(to).DateTime);
        for (; day <= lastDay; day = day.AddDays(1))
        {
            if (On(day) is not { } hours)
            {
                continue;
            }
            var opens = Instant(day, hours.Opens);
            var closes = Instant(day, hours.Closes);
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
        var time = TimeOnly.FromDateTime(local.DateTime);
        // A year without an open day is a configuration error, not a reason to loop forever.
        for (var i = 0; i < 366; i++, day = day.AddDays(1))
        {
            if (On(day) is { } hours && (i > 0 || time < hours.Opens))
            {
                return Instant(day, hours.Opens);
            }
        }
        throw new InvalidOperationException("The office never opens in the next year; check the office hours and holidays.");
    }
}
