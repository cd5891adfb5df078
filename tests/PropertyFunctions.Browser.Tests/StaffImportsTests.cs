using System.Text;
using Microsoft.Playwright;

namespace PropertyFunctions.Browser.Tests;

/// <summary>The admins' imports in the staff console (资料导入): roster, residents and fees, in a community of their own.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffImportsTests(BrowserFixture fx)
{
    private const string Community = "cedar-court";

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static async Task ImportAsync(IPage page, string kind, string csv)
    {
        await page.Locator($"#import-form input[name=kind][value={kind}]").CheckAsync();
        await page.Locator("#import-text").FillAsync(csv);
        await page.Locator("#import-submit").ClickAsync();
    }

    private static async Task<IPage> OpenImportsAsync(Phone phone, string name, string roles)
    {
        var page = phone.Page;
        await StaffConsoleTests.SignInAsync(page, name, roles);
        await page.GotoAsync("/staff/#imports");
        await Expect(page.Locator("#imports")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task An_admin_sees_a_bad_roster_row_with_its_reason_nothing_applied_then_imports_the_fixed_file_and_sees_the_roster()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await StaffConsoleTests.SignInAsync(page, "管理员", "admin");
        await page.Locator("#nav-imports a").ClickAsync();
        await Expect(page.Locator("#imports")).ToBeVisibleAsync();
        await Expect(page.Locator("#import-columns")).ToContainTextAsync("shifts 班次");

        // The template: header and one example row, UTF-8 with a byte order mark.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#import-template").ClickAsync());
        Assert.Equal("roster-template.csv", download.SuggestedFilename);
        var template = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(Encoding.UTF8.GetPreamble(), template[..3]);
        Assert.StartsWith("community,name,phone,department,role,onCall,shifts\r\nsunshine-garden,张师傅,", Encoding.UTF8.GetString(template[3..]));

        const string header = "community,name,phone,department,role,onCall,shifts\n";
        await ImportAsync(page, "roster", header +
            $"{Community},张师傅,13900002001,engineering,staff,true,mon-fri 08:00-17:00\n" +
            $"{Community},李师傅,123,cleaning,staff,false,\n");
        await Expect(page.Locator("#import-error")).ToContainTextAsync("未做任何更改");
        await Expect(page.Locator("#import-error")).ToContainTextAsync("请改正下列各行后重新导入整个文件");
        var rejected = page.Locator("#import-rejected tr");
        await Expect(rejected).ToHaveCountAsync(1);
        await Expect(rejected.Locator("td")).ToHaveTextAsync(["2", "手机号 phone", "请填写正确的手机号，例如 13800138000"]);
        await Expect(page.Locator("#import-status")).ToBeEmptyAsync();
        var stored = await page.APIRequest.GetAsync($"/api/staff/roster?community={Community}");
        Assert.Equal("[]", await stored.TextAsync());
        await phone.ScreenshotAsync("staff-import-rejected");

        // Fixed, and chosen as a file the way Excel on Chinese Windows saves "CSV": GB18030 without a byte order mark.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var fixedCsv = header +
            $"{Community},张师傅,13900002001,engineering,staff,true,mon-fri 08:00-17:00\n" +
            $"{Community},李师傅,13900002002,cleaning,supervisor,false,\n";
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "值班表.csv", MimeType = "text/csv", Buffer = Encoding.GetEncoding("GB18030").GetBytes(fixedCsv),
        });
        await Expect(page.Locator("#import-text")).ToHaveValueAsync(fixedCsv);
        await page.Locator("#import-submit").ClickAsync();
        await Expect(page.Locator("#import-status")).ToHaveTextAsync("已导入 2 行。");
        // Imported, but the emergency ladder would have no second level to page: said now, not found out at 3 a.m.
        await Expect(page.Locator("#import-warnings")).ToHaveTextAsync($"⚠ {Community} 的值班表没有经理（manager）：紧急工单 10 分钟无人接单时无法呼叫第二级。");
        await Expect(page.Locator("#import-error")).ToBeEmptyAsync();
        await Expect(page.Locator("#import-rejected-box")).ToBeHiddenAsync();
        await Expect(page.Locator("#roster-form input[name=community]")).ToHaveValueAsync(Community);
        var roster = page.Locator("#roster-rows tr");
        await Expect(roster).ToHaveCountAsync(2);
        await Expect(roster.Nth(0).Locator("td")).ToHaveTextAsync(["张师傅", "+8613900002001", "工程部", "员工", "是", "mon,tue,wed,thu,fri 08:00-17:00"]);
        await Expect(page.Locator("#roster-rows")).ToContainTextAsync("主管");
        await phone.ScreenshotAsync("staff-import-roster");

        var violations = await phone.AxeAsync();
        Assert.DoesNotContain(violations, v => v.Impact is "serious" or "critical");
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task Residents_and_fees_imported_in_the_console_show_in_the_units_records()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = await OpenImportsAsync(phone, "管理员", "admin");

        // A residents file sent as the roster is caught by its header, before anything is sent.
        const string residents = $"community,building,unit,room,name,phone,language,relation\n{Community},8,1,1203,陈先生,13800001203,zh-CN,owner\n";
        await page.Locator("#import-text").FillAsync(residents);
        await page.Locator("#import-submit").ClickAsync();
        await Expect(page.Locator("#import-error")).ToContainTextAsync("标题行缺少列：department");
        Assert.DoesNotContain(phone.Requests, r => r.Contains("/api/staff/roster", StringComparison.Ordinal));

        await ImportAsync(page, "residents", residents);
        await Expect(page.Locator("#import-status")).ToHaveTextAsync("已导入 1 行。");
        await ImportAsync(page, "fees", $"community,building,unit,room,feeType,period,amount,dueDate,paidAmount\n{Community},8,1,1203,property,2026-11,260.00,2026-11-30,0\n");
        await Expect(page.Locator("#import-status")).ToHaveTextAsync("已导入 1 行。");
        await Expect(page.Locator("#roster-view")).ToBeHiddenAsync();

        await page.GotoAsync("/staff/#units");
        var form = page.Locator("#unit-form");
        await form.Locator("input[name=community]").FillAsync(Community);
        await form.Locator("input[name=building]").FillAsync("8");
        await form.Locator("input[name=unit]").FillAsync("1");
        await form.Locator("input[name=room]").FillAsync("1203");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#residents")).ToContainTextAsync("陈先生 · +8613800001203 · owner");
        await Expect(page.Locator("#fees")).ToContainTextAsync("feeType: property");
        await Expect(page.Locator("#fees")).ToContainTextAsync("period: 2026-11");
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task An_oversized_file_is_refused_before_it_is_sent()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = await OpenImportsAsync(phone, "管理员", "admin");
        await page.Locator("#import-form input[name=kind][value=residents]").CheckAsync();
        await page.Locator("#import-text").EvaluateAsync("t => { t.value = 'community,building,unit,room,name,phone\\n' + 'x'.repeat(4 * 1024 * 1024); }");
        await page.Locator("#import-submit").ClickAsync();
        await Expect(page.Locator("#import-error")).ToContainTextAsync("文件太大");
        Assert.DoesNotContain(phone.Requests, r => r.Contains("/api/staff/owners", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_staff_have_no_imports_menu_and_the_api_refuses_them()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await StaffConsoleTests.SignInAsync(page, "李师傅", "staff");
        await Expect(page.Locator("#nav-imports")).ToBeHiddenAsync();

        const string csv = $"community,name,phone,department\n{Community},赵师傅,13900002003,security\n";
        var put = await page.APIRequest.PutAsync("/api/staff/roster", new() { Headers = new Dictionary<string, string> { ["Content-Type"] = "text/csv" }, Data = csv });
        Assert.Equal(403, put.Status);

        // Reached by its address anyway, the section says who may import and shows the API's refusal.
        await page.GotoAsync("/staff/#imports");
        await Expect(page.Locator("#imports-role")).ToBeVisibleAsync();
        await ImportAsync(page, "roster", csv);
        await Expect(page.Locator("#import-error")).ToContainTextAsync("只有管理员可以导入");
        Assert.DoesNotContain("赵师傅", await (await page.APIRequest.GetAsync($"/api/staff/roster?community={Community}")).TextAsync(), StringComparison.Ordinal);
    }
}
