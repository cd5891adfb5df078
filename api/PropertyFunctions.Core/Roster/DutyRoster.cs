using PropertyFunctions.Core.Communities;

namespace PropertyFunctions.Core.Roster;

/// <summary>Who gets a dispatch, and why (the reason goes into the ticket's history).</summary>
public sealed record DispatchRecipients(IReadOnlyList<StaffMember> People, string Reason);

/// <summary>
/// Picks the people a ticket is dispatched to. Pure: the roster, the ticket and the instant in, names out.
/// Ordinary work goes to the department's staff on duty; emergencies go, at any hour, to the department's
/// on-call staff, security's on-call staff and the duty supervisor. Nobody available: the supervisor.
/// </summary>
public static class DutyRoster
{
    public static DispatchRecipients Pick(IReadOnlyList<StaffMember> roster, string department, bool emergency, DateTimeOffset instant,
        OfficeHours hours)
    {
        var onDuty = roster.Where(s => s.OnDutyAt(instant, hours)).ToList();
        var supervisor = DutySupervisor(roster, onDuty, emergency);
        if (emergency)
        {
            var people = roster.Where(s => s.IsStaff && s.OnCall && s.Department == department)
                .Concat(roster.Where(s => s.IsStaff && s.OnCall && s.Department == Departments.Security))
                .Concat(onDuty.Where(s => s.IsStaff && s.Department == department))
                .Append(supervisor)
                .OfType<StaffMember>()
                .DistinctBy(s => s.Phone)
                .ToList();
            return people.Count == 0
                ? new DispatchRecipients([], "emergency: nobody on the roster")
                : new DispatchRecipients(people, "emergency: on-call staff, security and the duty supervisor");
        }

        var staff = onDuty.Where(s => s.IsStaff && s.Department == department).ToList();
        if (staff.Count > 0)
        {
            return new DispatchRecipients(staff, $"{department} staff on duty");
        }
        return supervisor is null
            ? new DispatchRecipients([], $"nobody on duty in {department} and no supervisor on the roster")
            : new DispatchRecipients([supervisor], $"nobody on duty in {department}: sent to the supervisor");
    }

    /// <summary>The supervisor on duty now; for an emergency an on-call one will do; failing that any supervisor.</summary>
    public static StaffMember? DutySupervisor(IReadOnlyList<StaffMember> roster, IReadOnlyList<StaffMember> onDuty, bool emergency) =>
        onDuty.FirstOrDefault(s => s.IsSupervisor)
        ?? (emergency ? roster.FirstOrDefault(s => s.IsSupervisor && s.OnCall) : null)
        ?? roster.FirstOrDefault(s => s.IsSupervisor);

    /// <summary>The community's manager, the emergency ladder's second level: one on duty now, else one on call, else any.</summary>
    public static StaffMember? Manager(IReadOnlyList<StaffMember> roster, DateTimeOffset instant, OfficeHours hours) =>
        roster.FirstOrDefault(s => s.IsManager && s.OnDutyAt(instant, hours))
        ?? roster.FirstOrDefault(s => s.IsManager && s.OnCall)
        ?? roster.FirstOrDefault(s => s.IsManager);

    /// <summary>
    /// The roles the emergency ladder needs that a community's roster lacks (<see cref="StaffRolesOnRoster.Supervisor"/>,
    /// <see cref="StaffRolesOnRoster.Manager"/>): an import reports them at once, not at 3 a.m. when nobody is paged.
    /// </summary>
    public static IReadOnlyList<(string Community, string Role)> LadderGaps(IEnumerable<StaffMember> staff) =>
        staff.GroupBy(s => s.Community)
            .SelectMany(c => new[] { StaffRolesOnRoster.Supervisor, StaffRolesOnRoster.Manager }
                .Where(role => !c.Any(s => s.Role == role))
                .Select(role => (c.Key, role)))
            .ToList();
}
