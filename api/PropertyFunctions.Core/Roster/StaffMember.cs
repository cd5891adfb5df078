using PropertyFunctions.Core.Communities;

namespace PropertyFunctions.Core.Roster;

public static class StaffRolesOnRoster
{
    public const string Staff = "staff";
    public const string Supervisor = "supervisor";
    /// <summary>The second level of the emergency ladder: paged when nobody has accepted an emergency within 10 minutes (one per community).</summary>
    public const string Manager = "manager";

    public static readonly IReadOnlyList<string> All = [Staff, Supervisor, Manager];
}

/// <summary>A working period, e.g. 08:00–17:00 or the night shift 20:00–08:00 (crosses midnight); optionally only on some weekdays.</summary>
public sealed record Shift(TimeOnly From, TimeOnly To, IReadOnlySet<DayOfWeek>? Days = null)
{
    /// <summary>True when <paramref name="local"/> (community time) falls in the shift. A night shift belongs to the day it starts.</summary>
    public bool Covers(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        if (From < To)
        {
            return time >= From && time < To && OnDay(local.DayOfWeek);
        }
        // Crosses midnight: the evening part is on the start day, the early part on the day after.
        return time >= From ? OnDay(local.DayOfWeek) : time < To && OnDay(local.AddDays(-1).DayOfWeek);
    }

    private bool OnDay(DayOfWeek day) => Days is null || Days.Contains(day);

    public override string ToString() => $"{From:HH\\:mm}-{To:HH\\:mm}";
}

/// <summary>
/// Someone on a community's duty roster. With no shifts they work the community's office hours.
/// <see cref="OnCall"/> means reachable for emergencies at any hour.
/// </summary>
public sealed record StaffMember(
    string Community,
    string Name,
    string Phone,
    string Department,
    string Role,
    bool OnCall,
    IReadOnlyList<Shift> Shifts)
{
    public bool IsSupervisor => Role == StaffRolesOnRoster.Supervisor;

    public bool IsManager => Role == StaffRolesOnRoster.Manager;

    /// <summary>Dispatched work goes to staff; supervisors and managers hear of it when it needs them.</summary>
    public bool IsStaff => Role == StaffRolesOnRoster.Staff;

    public bool OnDutyAt(DateTimeOffset instant, OfficeHours hours)
    {
        if (Shifts.Count == 0)
        {
            return hours.IsOpen(instant);
        }
        var local = hours.ToLocal(instant).DateTime;
        return Shifts.Any(s => s.Covers(local));
    }
}
