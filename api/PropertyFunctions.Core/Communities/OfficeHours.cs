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

    /// <summary>The week as owners read it: "周一至周五 08:00–17:00，周六 09:00–12:00，周日休息" (days with the same hours run together).</summary>
    public string Describe(string language)
    {
        var english = language == Common.Language.English;
        DayOfWeek[] order = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
        string[] names = english ? ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] : ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        var parts = new List<string>();
        for (var i = 0; i < order.Length;)
        {
            var hours = Week.GetValueOrDefault(order[i]);
            var last = i;
            while (last + 1 < order.Length && Week.GetValueOrDefault(order[last + 1]) == hours)
            {
                last++;
            }
            var days = (i, last) == (0, order.Length - 1) ? (english ? "every day" : "每天")
                : i == last ? names[i] : names[i] + (english ? "–" : "至") + names[last];
            parts.Add(hours is null ? days + (english ? " closed" : "休息")
                : $"{days} {hours.Opens:HH\\:mm}–{(hours.Closes == new TimeOnly(23, 59, 59) ? "24:00" : hours.Closes.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture))}");
            i = last + 1;
        }
        var text = string.Join(english ? "; " : "，", parts);
        return Holidays.Count == 0 ? text : text + (english ? "; closed on public holidays" : "，法定节假日休息");
    }

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
