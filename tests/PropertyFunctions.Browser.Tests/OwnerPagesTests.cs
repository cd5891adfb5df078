using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class OwnerPagesTests(BrowserFixture fx)
{
    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex("^[0-9]{6}-[0-9A-Z]{4}$")]
    private static partial Regex TicketId();

    /// <param name="community">
    /// Defaults to a community with no duty roster, so its tickets stay 已受理 (received) at any hour: another test
    /// imports a roster for sunshine-garden, and in office hours its repairs are dispatched at once.
    /// </param>
    private static async Task FillRepairAsync(IPage page, string description, string community = "quiet-garden")
    {
        await page.GotoAsync($"/?community={community}");
        await page.Locator("#building").FillAsync("5");
        await page.Locator("#unit").FillAsync("1");
        await page.Locator("#room").FillAsync("302");
        await page.Locator("#name").FillAsync("李先生");
        await page.Locator("#phone").FillAsync("138 0013 8000");
        await page.Locator("#description").FillAsync(description);
        await page.Locator("#preferredTime").FillAsync("周六上午");
    }

    private async Task<int> CountTicketsAsync(string description)
    {
        var table = fx.Desk.Storage.Table("Tickets");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Type eq 'T' and Description eq {description}")))
        {
            count++;
        }
        return count;
    }

    [Fact]
    public async Task A_repair_sent_in_Chinese_shows_its_id_and_the_tracking_link_shows_its_status()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await FillRepairAsync(page, "5号楼门口的路灯坏了好几天");
        await page.Locator("#send").ClickAsync();

        await Expect(page.Locator("#done-id")).ToHaveTextAsync(TicketId());
        await Expect(page.Locator("#done-h")).ToBeFocusedAsync();
        await Expect(page.Locator("#done-msg")).ToContainTextAsync("已收到");
        var id = await page.Locator("#done-id").TextContentAsync();

        await page.Locator("#done-link").ClickAsync();
        await Expect(page.Locator("#tid")).ToHaveTextAsync(id!);
        await Expect(page.Locator("#status-now")).ToHaveTextAsync("已受理");
        await Expect(page.Locator("#steps li[aria-current=step]")).ToHaveTextAsync("✓ 已受理");
        await Expect(page.Locator("#facts")).ToContainTextAsync("+86*******8000");
        await Expect(page.Locator("#desc")).ToHaveTextAsync("5号楼门口的路灯坏了好几天");
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task A_photo_is_shrunk_stripped_of_its_exif_and_shown_on_the_tracking_page()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await FillRepairAsync(page, "卫生间天花板漏水，见照片");
        var camera = WithExif(await CameraPhotoAsync(page, 4000, 3000), "GPS 31.2304N 121.4737E");
        await page.Locator("#photos").SetInputFilesAsync(new FilePayload { Name = "IMG_0001.jpg", MimeType = "image/jpeg", Buffer = camera });
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done-photos")).ToHaveTextAsync("照片已上传", new() { Timeout = 20_000 });
        var id = (await page.Locator("#done-id").TextContentAsync())!;

        var stored = await StoredPhotoAsync(id, 1);
        Assert.True(stored.Length <= 2 * 1024 * 1024, $"{stored.Length} bytes");
        Assert.Equal((1600, 1200), JpegSize(stored));
        Assert.Equal(-1, stored.AsSpan().IndexOf("Exif"u8));
        Assert.Equal(-1, stored.AsSpan().IndexOf("GPS 31"u8));

        await page.Locator("#done-link").ClickAsync();
        var photos = page.Locator("#photos img");
        await Expect(photos).ToHaveCountAsync(1);
        await Expect(photos.First).ToHaveAttributeAsync("alt", "照片 1");
        await photos.First.EvaluateAsync("i => i.decode()"); // rejects unless the image loaded (storage, CSP)

        // A second photo from the tracking page.
        await page.Locator("#more").SetInputFilesAsync(new FilePayload { Name = "IMG_0002.jpg", MimeType = "image/jpeg", Buffer = camera });
        await Expect(photos).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await phone.ScreenshotAsync("track-photos");
        Assert.Empty(phone.ConsoleErrors);

        // Staff see them in the console, under its own CSP.
        await page.GotoAsync("/.auth/login/dev");
        await page.Locator("input[name=key]").FillAsync(DevSignIn.DefaultKey);
        await page.Locator("input[name=name]").FillAsync("李师傅");
        await page.Locator("input[name=roles]").FillAsync("staff");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.GotoAsync($"/staff/#t={id}");
        var staffPhotos = page.Locator("#photos img");
        await Expect(staffPhotos).ToHaveCountAsync(2);
        await staffPhotos.Last.EvaluateAsync("i => i.decode()");
        Assert.Empty(phone.ConsoleErrors);
    }

    /// <summary>A camera-sized JPEG drawn by the browser itself (no image library needed here).</summary>
    private static async Task<byte[]> CameraPhotoAsync(IPage page, int width, int height) =>
        Convert.FromBase64String((await page.EvaluateAsync<string>(@"([w, h]) => {
            const c = document.createElement('canvas'); c.width = w; c.height = h;
            const g = c.getContext('2d');
            const grad = g.createLinearGradient(0, 0, w, h); grad.addColorStop(0, '#3a6'); grad.addColorStop(1, '#a63');
            g.fillStyle = grad; g.fillRect(0, 0, w, h);
            return c.toDataURL('image/jpeg', 0.9).split(',')[1];
        }", new[] { width, height }))!);

    /// <summary>Inserts an APP1 "Exif" segment carrying <paramref name="secret"/> right after the start-of-image marker, as cameras do.</summary>
    private static byte[] WithExif(byte[] jpeg, string secret)
    {
        var payload = "Exif\0\0"u8.ToArray().Concat("MM\0*\0\0\0\b"u8.ToArray()).Concat(System.Text.Encoding.ASCII.GetBytes(secret)).ToArray();
        var length = payload.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }

    /// <summary>Width and height from the JPEG's start-of-frame segment.</summary>
    private static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length;)
        {
            var marker = jpeg[i + 1];
            if (marker is >= 0xC0 and <= 0xC3)
            {
                return ((jpeg[i + 7] << 8) | jpeg[i + 8], (jpeg[i + 5] << 8) | jpeg[i + 6]);
            }
            i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
        }
        throw new InvalidOperationException("No start-of-frame segment.");
    }

    private async Task<byte[]> StoredPhotoAsync(string id, int number)
    {
        var blob = fx.Desk.Storage.Container(PropertyFunctions.Azure.Storage.StorageNames.PhotosContainer).GetBlobClient($"{id}/{number}.jpg");
        return (await blob.DownloadContentAsync()).Value.Content.ToArray();
    }

    [Fact]
    public async Task Validation_errors_appear_at_their_fields_with_a_focused_summary_before_anything_is_sent()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await page.GotoAsync("/");
        await page.Locator("#name").FillAsync("李先生");
        await page.Locator("#phone").FillAsync("12345");
        await page.Locator("#send").ClickAsync();

        await Expect(page.Locator("#summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#e-room")).ToHaveTextAsync("必填");
        await Expect(page.Locator("#room")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#e-phone")).ToHaveTextAsync("请填写正确的手机号，例如 13800138000");
        await Expect(page.Locator("#summary li")).ToHaveCountAsync(4); // building, room, phone, description
        await page.Locator("#summary a", new() { HasText = "房号" }).ClickAsync();
        await Expect(page.Locator("#room")).ToBeFocusedAsync();
        Assert.DoesNotContain(phone.Requests, u => u.Contains("/api/tickets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_APIs_field_errors_are_shown_next_to_their_fields()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await FillRepairAsync(page, "楼道灯不亮");
        // The form is valid; the request is changed on its way so only the API can find the problem.
        await page.RouteAsync("**/api/tickets", async route =>
        {
            var body = JsonNode.Parse(route.Request.PostData!)!;
            body["room"] = "";
            await route.ContinueAsync(new() { PostData = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()) });
        });
        await page.Locator("#send").ClickAsync();

        await Expect(page.Locator("#e-room")).ToHaveTextAsync("必填");
        await Expect(page.Locator("#room")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#send")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task A_lost_answer_is_retried_with_the_same_key_and_a_double_tap_makes_one_ticket()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        var description = "3栋楼道灯不亮 " + Guid.NewGuid().ToString("N")[..8];
        await FillRepairAsync(page, description);
        var keys = new List<string>();
        await page.RouteAsync("**/api/tickets", async route =>
        {
            keys.Add(route.Request.Headers["idempotency-key"]);
            if (keys.Count == 1)
            {
                // The desk stores the ticket, but the answer never reaches the phone.
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });

        await page.EvaluateAsync("() => { const b = document.getElementById('send'); b.click(); b.click(); }");

        await Expect(page.Locator("#done-id")).ToHaveTextAsync(TicketId());
        Assert.Equal(2, keys.Count);
        Assert.Single(keys.Distinct());
        Assert.Equal(1, await CountTicketsAsync(description));
    }

    [Fact]
    public async Task English_is_chosen_with_the_switch_and_remembered_on_every_page()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("h1").First).ToHaveTextAsync("报事报修");
        await page.Locator("#lang").ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1").First).ToHaveTextAsync("Report a problem");
        await Expect(page.Locator("#lang")).ToHaveTextAsync("中文");
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#e-room")).ToHaveTextAsync("is required");

        await page.GotoAsync("/faq.html");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("FAQ");
        // The community's FAQ from the API, with its own emergency line and name filled in.
        await Expect(page.Locator("details")).ToHaveCountAsync(7);
        await Expect(page.Locator("#faq")).ToContainTextAsync("400-800-1234");
        await Expect(page.Locator("#faq")).ToContainTextAsync("Sunshine Garden service centre: every day 09:00–18:00.");
        await page.ReloadAsync();
        await Expect(page.Locator("nav a[aria-current=page]")).ToHaveTextAsync("FAQ");
        Assert.Equal("en", await page.EvaluateAsync<string>("() => localStorage.getItem('lang')"));
    }

    [Fact]
    public async Task Words_that_sound_like_an_emergency_prompt_a_call_to_the_24_hour_line()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator(".sos a")).ToHaveAttributeAsync("href", "tel:4008001234");
        await Expect(page.Locator("#sos-hint")).ToBeHiddenAsync();
        await page.Locator("#description").FillAsync("3栋2单元电梯困人了");
        await Expect(page.Locator("#sos-hint")).ToBeVisibleAsync();
        await Expect(page.Locator("#sos-hint a")).ToHaveTextAsync("400-800-1234");
        await page.Locator("#description").FillAsync("路灯坏了");
        await Expect(page.Locator("#sos-hint")).ToBeHiddenAsync();
        await page.Locator("input[value=emergency]").CheckAsync();
        await Expect(page.Locator("#sos-hint")).ToBeVisibleAsync();
    }

    /// <summary>The pages keep no copy of a community's settings nor of the router's emergency words: both come from the API.</summary>
    [Fact]
    public async Task The_pages_take_the_community_and_the_emergency_words_from_the_API()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, "config.json")));
        Assert.Equal(["defaultCommunity", "emergencyPhone", "timeZone"], config.RootElement.EnumerateObject().Select(p => p.Name).Order());
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("#cname")).ToHaveTextAsync("阳光花园");
        // A word only the routing rules hold: the page learnt it from the API.
        await page.Locator("#description").FillAsync("家里有煤气味");
        await Expect(page.Locator("#sos-hint")).ToBeVisibleAsync();
        Assert.Contains("煤气味", PropertyFunctions.Core.Routing.RoutingRules.Default.EmergencyKeywords);
    }

    [Fact]
    public async Task Owner_text_such_as_markup_is_shown_as_text_on_the_tracking_page()
    {
        const string Markup = "<img src=x onerror=alert(1)> 漏水 <script>alert(2)</script>";
        var body = new JsonObject
        {
            ["community"] = "sunshine-garden", ["kind"] = "repair", ["building"] = "<b>5</b>", ["room"] = "302",
            ["name"] = "<i>李</i>", ["phone"] = "13800138000", ["description"] = Markup, ["preferredTime"] = "<u>周六</u>",
        };
        using var response = await fx.Desk.Client.PostAsJsonAsync("/api/tickets", body);
        var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.GotoAsync($"/track.html?id={receipt.GetProperty("id")}&k={receipt.GetProperty("token")}");

        await Expect(page.Locator("#desc")).ToHaveTextAsync(Markup);
        await Expect(page.Locator("#facts")).ToContainTextAsync("<u>周六</u>");
        await Expect(page.Locator("#facts")).ToContainTextAsync("<b>5</b>");
        await Expect(page.Locator("main img, main script, main b, main u")).ToHaveCountAsync(0);
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task A_wrong_tracking_link_says_so()
    {
        await using var phone = await fx.NewPhoneAsync();
        await phone.Page.GotoAsync("/track.html?id=991231-ZZZZ&k=AAAAAAAAAAAAAAAAAAAAAA");
        await Expect(phone.Page.Locator("#msg")).ToHaveTextAsync("没有找到该工单，请检查链接是否完整。");
        await Expect(phone.Page.Locator("#view")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_resolved_ticket_is_rated_and_escalated_from_the_tracking_page()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        var url = await SubmitAsync("厨房水管漏水");
        await ResolveAsync(url, "已更换水管接头");
        await page.GotoAsync(url);

        await Expect(page.Locator("#status-now")).ToHaveTextAsync("已完成");
        await Expect(page.Locator("#steps li.done")).ToHaveCountAsync(4);
        await Expect(page.Locator("#history")).ToContainTextAsync("已更换水管接头");
        await page.Locator("#rate button[type=submit]").ClickAsync();
        await Expect(page.Locator("#e-score")).ToHaveTextAsync("请选择一项");
        await Expect(page.Locator("input[name=score]").First).ToBeFocusedAsync();
        await page.Locator("input[name=score][value='2']").CheckAsync();
        await page.Locator("input[name=fixed][value=false]").CheckAsync();
        await page.Locator("#comment").FillAsync("还在漏");
        await page.Locator("#rate button[type=submit]").ClickAsync();

        // A low score reopens the ticket (the API's rule); the page shows the answer it got.
        await Expect(page.Locator("#act-msg")).ToHaveTextAsync("感谢您的评价！");
        await Expect(page.Locator("#act-msg")).ToBeFocusedAsync();
        await Expect(page.Locator("#rate")).ToBeHiddenAsync();
        await Expect(page.Locator("#status-now")).ToHaveTextAsync("重新处理");

        await Expect(page.Locator("#ladder li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#contacts a").First).ToHaveAttributeAsync("href", "tel:02150001001");
        await page.Locator("#esc button[type=submit]").ClickAsync();
        await Expect(page.Locator("#e-reason")).ToHaveTextAsync("必填");
        await page.Locator("#reason").FillAsync("修了三次还在漏");
        await page.Locator("#esc button[type=submit]").ClickAsync();
        await Expect(page.Locator("#act-msg")).ToHaveTextAsync("已转交：客服中心主管");
        await Expect(page.Locator("#ladder li").First).ToHaveTextAsync("✓ 客服中心主管");
        await Expect(page.Locator("#status-now")).ToHaveTextAsync("已升级");
        await Expect(page.Locator("#history")).ToContainTextAsync("修了三次还在漏");
    }

    [Fact]
    public async Task Notices_and_events_show_an_empty_state_until_their_API_exists()
    {
        await using var phone = await fx.NewPhoneAsync();
        await phone.Page.GotoAsync("/notices.html");
        await Expect(phone.Page.Locator("#n-msg")).ToHaveTextAsync("暂无通知。");
        await Expect(phone.Page.Locator("#ev-msg")).ToHaveTextAsync("暂无活动。");
    }

    [Fact]
    public async Task Notices_put_outages_first_and_an_event_takes_a_signup()
    {
        const string community = "maple-court";
        var eventId = await PublishSamplesAsync(community);
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await page.GotoAsync($"/notices.html?community={community}");

        await Expect(page.Locator("#notices li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#notices li").First).ToHaveClassAsync("card outage");
        await Expect(page.Locator("#notices li").First.Locator(".meta")).ToContainTextAsync("–");
        await Expect(page.Locator("#notices h3").Last).ToHaveTextAsync("<b>端午节</b>活动通知");
        await Expect(page.Locator("#events .meta").First).ToContainTextAsync("中心花园 · 剩余名额 20");
        var form = page.Locator("#events form").First;
        await form.Locator("button").ClickAsync();
        await Expect(page.Locator("#e-ev0-name")).ToHaveTextAsync("必填");
        await form.GetByLabel("您的称呼").FillAsync("王女士");
        await form.GetByLabel("手机号").FillAsync("13800138000");
        await form.GetByLabel("楼栋").FillAsync("3");
        await form.GetByLabel("房号").FillAsync("501");
        await form.GetByLabel("人数").FillAsync("2");
        await form.Locator("button").ClickAsync();
        await Expect(form.Locator("[role=status]")).Not.ToBeEmptyAsync();

        using var staff = await StaffAsync();
        var signups = await staff.GetFromJsonAsync<JsonElement>($"/api/staff/events/{eventId}/signups");
        var signup = Assert.Single(signups.GetProperty("signups").EnumerateArray());
        Assert.Equal((2, "501", "confirmed"), (signup.GetProperty("people").GetInt32(), signup.GetProperty("room").GetString(), signup.GetProperty("status").GetString()));
        await Expect(form.Locator("[role=status]")).ToHaveTextAsync(new Regex("报名已收到"));

        // The confirmation SMS carries the link that cancels this sign-up, and only this one.
        var log = fx.Desk.Services.GetRequiredService<PropertyFunctions.Core.Messaging.ISmsLog>();
        var sms = await TestDesk.EventuallyAsync(() => log.ForGroupAsync($"event:{community}:{eventId}", CancellationToken.None), l => l.Count > 0);
        var link = Regex.Match(Assert.Single(sms).Text, @"https?://\S+/e/[\w-]{10}").Value;
        await page.GotoAsync(new Uri(link).PathAndQuery);
        await Expect(page.Locator("#state")).ToHaveTextAsync("已报名");
        await page.Locator("#cancel button").ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("已取消");
        await Expect(page.Locator("#cancel")).ToBeHiddenAsync();
        signups = await staff.GetFromJsonAsync<JsonElement>($"/api/staff/events/{eventId}/signups");
        Assert.Equal("cancelled", Assert.Single(signups.GetProperty("signups").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_short_link_in_the_acknowledgement_sms_opens_the_tracking_page_without_the_token_in_the_sms()
    {
        var track = await SubmitAsync("单元门禁刷卡没反应");
        var id = track.Split("id=")[1].Split('&')[0];
        var log = fx.Desk.Services.GetRequiredService<PropertyFunctions.Core.Messaging.ISmsLog>();
        var ack = await TestDesk.EventuallyAsync(async () => (await log.ForGroupAsync(id, CancellationToken.None)).FirstOrDefault(s => s.Purpose == "ack"),
            s => s is not null);
        // The SMS names the public address (Desk:PublicBaseUrl); this desk listens on a port of its own.
        var link = Regex.Match(ack!.Text, @"/t/[\w-]{10}$").Value;
        Assert.DoesNotContain("k=", ack.Text, StringComparison.Ordinal);

        await using var phone = await fx.NewPhoneAsync();
        await phone.Page.GotoAsync(link);
        await Expect(phone.Page.Locator("#tid")).ToHaveTextAsync(id);
        Assert.EndsWith(track, phone.Page.Url, StringComparison.Ordinal);
        Assert.Empty(phone.ConsoleErrors);
    }

    /// <summary>Sends a ticket through the API as the form would; answers its tracking path.</summary>
    internal async Task<string> SubmitAsync(string description)
    {
        var body = new JsonObject
        {
            ["community"] = "sunshine-garden", ["kind"] = "repair", ["scope"] = "in-home", ["building"] = "3", ["unit"] = "2",
            ["room"] = "501", ["name"] = "王女士", ["phone"] = "13900139000", ["description"] = description,
        };
        using var response = await fx.Desk.Client.PostAsJsonAsync("/api/tickets", body);
        response.EnsureSuccessStatusCode();
        var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return $"/track.html?id={receipt.GetProperty("id")}&k={receipt.GetProperty("token")}";
    }

    /// <summary>Staff accept and resolve the ticket through the staff API, signed in with the local host's development sign-in.</summary>
    internal async Task ResolveAsync(string trackUrl, string note)
    {
        var id = trackUrl.Split("id=")[1].Split('&')[0];
        using var staff = await StaffAsync();
        foreach (var action in new[] { new { action = "accept", note = (string?)null }, new { action = "resolve", note = (string?)note } })
        {
            // The router may change the ticket meanwhile: on 412 read the new ETag and try again.
            var status = await TestDesk.EventuallyAsync(async () =>
            {
                using var current = await staff.GetAsync($"/api/staff/tickets/{id}");
                current.EnsureSuccessStatusCode();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/tickets/{id}/actions") { Content = JsonContent.Create(action) };
                request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
                using var response = await staff.SendAsync(request);
                return response.StatusCode;
            }, s => s != System.Net.HttpStatusCode.PreconditionFailed);
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
        }
    }

    /// <summary>A development sign-in for the staff API.</summary>
    internal async Task<HttpClient> StaffAsync()
    {
        var staff = fx.Desk.NewClient();
        (await staff.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "李师傅", roles = new[] { "staff" } })).EnsureSuccessStatusCode();
        return staff;
    }

    /// <summary>Publishes, through the staff API, a general notice, a water outage and an event for 20 people next week; answers the event's id.</summary>
    internal async Task<string> PublishSamplesAsync(string community)
    {
        using var staff = await StaffAsync();
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        string Local(double days, int hour) =>
            TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai).Date.AddDays(days).AddHours(hour).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var notice in new object[]
        {
            new { community, type = "general", title = "<b>端午节</b>活动通知", body = "周末在中心花园包粽子。", allBuildings = true, start = Local(1, 9), sendSms = false },
            new { community, type = "water", title = "3栋停水", body = "更换水泵，期间请提前储水。", buildings = new[] { "3" }, start = Local(2, 9), expectedEnd = Local(2, 17), sendSms = false },
        })
        {
            using var published = await staff.PostAsJsonAsync("/api/staff/notices", notice);
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        }
        using var created = await staff.PostAsJsonAsync("/api/staff/events", new
        {
            community, title = "亲子包粽子", description = "材料由物业提供。", place = "中心花园",
            start = Local(7, 10), end = Local(7, 12), capacity = 20, signupDeadline = Local(6, 18),
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
