using System.Net;
using System.Text;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class RosterTests : IAsyncLifetime
{
    private TestDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task A_roster_with_a_bad_row_is_rejected_whole_with_the_reasons()
    {
        using var admin = await StaffClients.SignInAsync(_desk, "admin", "admin");
        using var bad = new StringContent("community,name,phone,department\nsunshine-garden,张师傅,13900000001,engineering\nsunshine-garden,李,123,plumbing\n",
            Encoding.UTF8, "text/csv");
        using var response = await admin.PutAsync("/api/staff/roster", bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Owners.JsonAsync(response);
        var row = Assert.Single(problem.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, row.GetProperty("row").GetInt32());
        Assert.True(row.GetProperty("errors").TryGetProperty("phone", out _));
        Assert.True(row.GetProperty("errors").TryGetProperty("department", out _));

        var roster = await Owners.JsonAsync(await admin.GetAsync("/api/staff/roster?community=sunshine-garden"));
        Assert.Equal(0, roster.GetArrayLength());
    }

    [Fact]
    public async Task An_import_replaces_the_roster_and_staff_can_read_it()
    {
        await StaffClients.ImportRosterAsync(_desk);
        await StaffClients.ImportRosterAsync(_desk, "community,name,phone,department,role\nsunshine-garden,王主管,13900000004,service,supervisor\n");
        using var staff = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        var roster = await Owners.JsonAsync(await staff.GetAsync("/api/staff/roster?community=sunshine-garden"));
        var only = Assert.Single(roster.EnumerateArray());
        Assert.Equal("王主管", only.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Only_admins_import_and_only_staff_read()
    {
        using var csv = new StringContent(StaffClients.Roster, Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _desk.Client.PutAsync("/api/staff/roster", csv)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _desk.Client.GetAsync("/api/staff/roster?community=sunshine-garden")).StatusCode);
        using var staff = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        using var csv2 = new StringContent(StaffClients.Roster, Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsync("/api/staff/roster", csv2)).StatusCode);
    }
}
