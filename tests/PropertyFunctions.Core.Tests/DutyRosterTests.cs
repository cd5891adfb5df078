using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Imports;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Core.Tests;

public class DutyRosterTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly OfficeHours Hours = OfficeHours.Default(Shanghai);
    private static DateTimeOffset Local(int hour, int minute = 0) => new(2026, 11, 28, hour, minute, 0, TimeSpan.FromHours(8));

    private static readonly IReadOnlyList<StaffMember> Roster = RosterImport.Validate(ImportReader.Read("""
        community,name,phone,department,role,onCall,shifts
        sunshine-garden,张师傅,13900000001,engineering,staff,true,
        sunshine-garden,李师傅,13900000002,engineering,staff,false,08:00-17:00
        sunshine-garden,夜班刘,13900000005,engineering,staff,false,20:00-08:00
        sunshine-garden,赵保安,13900000003,security,staff,true,00:00-23:59
        sunshine-garden,钱阿姨,13900000006,cleaning,staff,false,mon-fri 07:00-15:00
        sunshine-garden,王主管,13900000004,service,supervisor,true,
        """u8, isCsv: true)).Accepted;

    private static string[] Names(DispatchRecipients r) => r.People.Select(p => p.Name).ToArray();

    [Fact]
    public void An_emergency_at_two_in_the_morning_reaches_on_call_engineering_security_and_the_supervisor()
    {
        var picked = DutyRoster.Pick(Roster, Departments.Engineering, emergency: true, Local(2), Hours);
        Assert.Equal(["张师傅", "赵保安", "夜班刘", "王主管"], Names(picked));
    }

    [Fact]
    public void Managers_are_not_dispatched_but_are_the_ladders_second_level_and_a_roster_without_one_is_flagged()
    {
        var withManager = Roster.Append(new StaffMember("sunshine-garden", "孙经理", "+8613900000007", Departments.Engineering,
            StaffRolesOnRoster.Manager, OnCall: true, [])).ToList();
        Assert.Equal(["张师傅", "赵保安", "夜班刘", "王主管"], Names(DutyRoster.Pick(withManager, Departments.Engineering, emergency: true, Local(2), Hours)));
        Assert.Equal("孙经理", DutyRoster.Manager(withManager, Local(2), Hours)?.Name);
        Assert.Null(DutyRoster.Manager(Roster, Local(2), Hours));

        Assert.Equal([("sunshine-garden", StaffRolesOnRoster.Manager)], DutyRoster.LadderGaps(Roster));
        Assert.Empty(DutyRoster.LadderGaps(withManager));
        var alone = new StaffMember("quiet-garden", "周师傅", "+8613900000009", Departments.Engineering, StaffRolesOnRoster.Staff, true, []);
        Assert.Equal([("quiet-garden", StaffRolesOnRoster.Supervisor), ("quiet-garden", StaffRolesOnRoster.Manager)],
            DutyRoster.LadderGaps(withManager.Append(alone)));
    }

    [Fact]
    public void Ordinary_work_goes_to_the_department_staff_on_duty()
    {
        // Office hours (no shifts) and the 08:00-17:00 shift both cover 10:00.
        Assert.Equal(["张师傅", "李师傅"], Names(DutyRoster.Pick(Roster, Departments.Engineering, false, Local(10), Hours)));
        // At 18:30 the office has closed and only the night shift (from 20:00) is not yet on: nobody.
        Assert.Equal(["王主管"], Names(DutyRoster.Pick(Roster, Departments.Engineering, false, Local(18, 30), Hours)));
    }

    [Fact]
    public void Nobody_on_duty_sends_it_to_the_supervisor_and_says_why()
    {
        // 2026-11-28 is a Saturday: the cleaner works Monday to Friday.
        var picked = DutyRoster.Pick(Roster, Departments.Cleaning, false, Local(10), Hours);
        Assert.Equal(["王主管"], Names(picked));
        Assert.Contains("nobody on duty", picked.Reason);
    }

    [Fact]
    public void An_empty_roster_picks_nobody() =>
        Assert.Empty(DutyRoster.Pick([], Departments.Engineering, true, Local(2), Hours).People);

    [Theory]
    [InlineData(21, true)]
    [InlineData(3, true)]
    [InlineData(8, false)]
    [InlineData(12, false)]
    public void A_night_shift_crosses_midnight(int hour, bool covered) =>
        Assert.Equal(covered, new Shift(new TimeOnly(20, 0), new TimeOnly(8, 0)).Covers(new DateTime(2026, 11, 28, hour, 0, 0)));

    [Fact]
    public void The_early_part_of_a_night_shift_belongs_to_the_day_it_started()
    {
        var fridayNights = new Shift(new TimeOnly(20, 0), new TimeOnly(8, 0), new HashSet<DayOfWeek> { DayOfWeek.Friday });
        Assert.True(fridayNights.Covers(new DateTime(2026, 11, 28, 3, 0, 0))); // Saturday 03:00, Friday's shift
        Assert.False(fridayNights.Covers(new DateTime(2026, 11, 28, 21, 0, 0))); // Saturday evening
    }
}

public class RosterImportTests
{
    [Fact]
    public void Every_bad_row_is_named_with_its_reasons()
    {
        var rows = ImportReader.Read("""
            community,name,phone,department,role,onCall,shifts
            sunshine-garden,张师傅,13900000001,engineering,staff,true,
            sunshine-garden,,12345,plumbing,boss,maybe,9-5
            sunshine-garden,张师傅二号,13900000001,engineering,,,
            """u8, isCsv: true);
        var result = RosterImport.Validate(rows);
        Assert.False(result.Ok);
        Assert.Equal([2, 3], result.Rejected.Select(r => r.Row));
        Assert.Equal(["department", "name", "onCall", "phone", "role", "shifts"], result.Rejected[0].Errors.Select(e => e.Field).Order());
        Assert.Equal("duplicate_row", Assert.Single(result.Rejected[1].Errors).Code);
    }

    [Fact]
    public void A_community_must_be_a_slug_as_everywhere_else()
    {
        var rows = ImportReader.Read("""
            community,name,phone,department,role
            Sunshine Garden,张师傅,13900000001,engineering,staff
            """u8, isCsv: true);
        var rejected = Assert.Single(RosterImport.Validate(rows).Rejected);
        Assert.Equal(("community", "community_format"), (rejected.Errors[0].Field, rejected.Errors[0].Code));
    }

    [Fact]
    public void Json_rows_and_csv_rows_read_the_same()
    {
        var json = ImportReader.Read("""[{"community":"a-b","name":"张","phone":"+86 139 0000 0001","department":"Engineering","onCall":true,"shifts":["mon-fri 08:00-17:00","20:00-08:00"]}]"""u8, isCsv: false);
        var member = Assert.Single(RosterImport.Validate(json).Accepted);
        Assert.Equal("+8613900000001", member.Phone);
        Assert.Equal("engineering", member.Department);
        Assert.True(member.OnCall);
        Assert.Equal("mon,tue,wed,thu,fri 08:00-17:00; 20:00-08:00", RosterImport.FormatShifts(member.Shifts));
    }

    [Fact]
    public void Csv_quotes_hold_commas_quotes_and_line_breaks()
    {
        var records = ImportReader.ParseCsv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\n");
        Assert.Equal(["x, y", "say \"hi\"\nthere"], records[1]);
    }
}
