using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// Owners' photos against Azurite's real blob service: the upload URL from the API, the browser's PUT
/// straight to storage, the API's check of what arrived, and read URLs for the owner and staff.
/// Azurite checks every SAS against its own (real) clock, so these desks run on real time.
/// </summary>
public sealed class PhotoTests : IAsyncLifetime
{
    private TestDesk _desk = null!;
    private readonly HttpClient _storage = new();

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync();

    public async Task DisposeAsync()
    {
        _storage.Dispose();
        await _desk.DisposeAsync();
    }

    /// <summary>A tiny JPEG's first bytes (start of image, JFIF header) padded to <paramref name="size"/>: enough for the API's format check.</summary>
    private static byte[] Jpeg(int size = 2048)
    {
        var bytes = new byte[size];
        byte[] head = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
        head.CopyTo(bytes, 0);
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        return bytes;
    }

    private async Task<(string Id, string Token)> SubmitAsync()
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("卫生间天花板漏水，见照片", phone: $"139{Random.Shared.Next(10000000, 99999999)}")));
        return (receipt.GetProperty("id").GetString()!, receipt.GetProperty("token").GetString()!);
    }

    private Task<HttpResponseMessage> RequestUploadAsync(string id, string token, object body, string language = "zh-CN")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{id}/photos?k={token}") { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return _desk.Client.SendAsync(request);
    }

    private async Task<JsonElement> UploadUrlAsync(string id, string token, int size = 2048)
    {
        using var response = await RequestUploadAsync(id, token, new { contentType = "image/jpeg", size });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Owners.JsonAsync(response);
    }

    /// <summary>PUT as the owner's browser does, with the headers the API named.</summary>
    private async Task<HttpStatusCode> PutAsync(string url, byte[] bytes, string contentType = "image/jpeg")
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        request.Content.Headers.ContentType = new(contentType);
        using var response = await _storage.SendAsync(request);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> AttachAsync(string id, string token, int number) =>
        _desk.Client.PostAsync($"/api/tickets/{id}/photos/{number}/attach?k={token}", JsonContent.Create(new { }));

    private BlobClient Blob(string id, int number) =>
        _desk.Storage.Container(StorageNames.PhotosContainer).GetBlobClient($"{id}/{number}.jpg");

    [Fact]
    public async Task A_photo_goes_straight_to_storage_is_checked_and_then_shown_to_the_owner_and_staff()
    {
        var (id, token) = await SubmitAsync();
        var upload = await UploadUrlAsync(id, token);
        Assert.Equal(1, upload.GetProperty("number").GetInt32());
        Assert.Equal(2 * 1024 * 1024, upload.GetProperty("maxBytes").GetInt64());
        Assert.Equal("BlockBlob", upload.GetProperty("headers").GetProperty("x-ms-blob-type").GetString());
        var expires = upload.GetProperty("expiresOn").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(11));
        var url = upload.GetProperty("uploadUrl").GetString()!;
        Assert.Contains("sr=b", url);
        Assert.Contains("sp=cw", url);

        var photo = Jpeg();
        Assert.Equal(HttpStatusCode.Created, await PutAsync(url, photo));

        using var attached = await AttachAsync(id, token, 1);
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        var view = await Owners.JsonAsync(attached);
        var link = Assert.Single(view.GetProperty("photos").EnumerateArray());
        Assert.True(view.GetProperty("canAddPhotos").GetBoolean());

        using var read = await _storage.GetAsync(link.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("image/jpeg", read.Content.Headers.ContentType!.MediaType);
        Assert.Equal(photo, await read.Content.ReadAsByteArrayAsync());

        // Within the hour the page gets the same URL again, so the browser's cache serves it.
        var reloaded = await Owners.ViewAsync(_desk.Client, id, token);
        Assert.Equal(link.GetProperty("url").GetString(), reloaded.GetProperty("photos")[0].GetProperty("url").GetString());

        // Attaching again (a retried request) answers the same and attaches nothing more.
        using var again = await AttachAsync(id, token, 1);
        Assert.Single((await Owners.JsonAsync(again)).GetProperty("photos").EnumerateArray());

        var staff = await StaffClients.SignInAsync(_desk, "王师傅", "staff");
        var detail = await Owners.JsonAsync(await staff.GetAsync($"/api/staff/tickets/{id}"));
        var staffPhoto = Assert.Single(detail.GetProperty("photos").EnumerateArray());
        using var staffRead = await _storage.GetAsync(staffPhoto.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, staffRead.StatusCode);
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("note").GetString() == "业主上传照片 1");
    }

    [Fact]
    public async Task An_upload_url_writes_only_its_own_photo_and_cannot_read_or_list()
    {
        var (id, token) = await SubmitAsync();
        var url = (await UploadUrlAsync(id, token)).GetProperty("uploadUrl").GetString()!;
        Assert.Equal(HttpStatusCode.Created, await PutAsync(url, Jpeg()));

        using (var read = await _storage.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }
        // Neither another upload's name nor the attached photo's own name.
        var otherBlob = url.Replace($"/up/{id}/1-", $"/up/{id}/2-", StringComparison.Ordinal);
        Assert.NotEqual(url, otherBlob);
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(otherBlob, Jpeg()));
        var photoName = url[..url.IndexOf("/up/", StringComparison.Ordinal)] + $"/{id}/1.jpg" + url[url.IndexOf('?')..];
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(photoName, Jpeg()));
        var container = url[..url.IndexOf("/up/", StringComparison.Ordinal)] + "?restype=container&comp=list&" + url[(url.IndexOf('?') + 1)..];
        using var list = await _storage.GetAsync(container);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
    }

    private async Task<List<string>> UploadsAsync(string id)
    {
        var names = new List<string>();
        await foreach (var blob in _desk.Storage.Container(StorageNames.PhotosContainer)
                           .GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, $"up/{id}/", default))
        {
            names.Add(blob.Name);
        }
        return names;
    }

    [Fact]
    public async Task Writing_through_the_upload_url_after_the_check_does_not_change_the_attached_photo()
    {
        var (id, token) = await SubmitAsync();
        var url = (await UploadUrlAsync(id, token)).GetProperty("uploadUrl").GetString()!;
        var photo = Jpeg();
        Assert.Equal(HttpStatusCode.Created, await PutAsync(url, photo));
        using (var attached = await AttachAsync(id, token, 1))
        {
            Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        }
        // The checked photo was copied to its own name and the upload deleted.
        Assert.Empty(await UploadsAsync(id));

        // The URL is still valid for a few minutes: what it writes now is an upload nobody reads, and attaching again changes nothing.
        var swapped = "<html><script>alert(1)</script></html>"u8.ToArray();
        Assert.Equal(HttpStatusCode.Created, await PutAsync(url, swapped, "text/html"));
        using (var again = await AttachAsync(id, token, 1))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        var view = await Owners.ViewAsync(_desk.Client, id, token);
        using var read = await _storage.GetAsync(view.GetProperty("photos")[0].GetProperty("url").GetString());
        Assert.Equal(photo, await read.Content.ReadAsByteArrayAsync());
        Assert.Equal(photo, (await Blob(id, 1).DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task What_arrived_is_checked_and_a_photo_that_breaks_the_rules_is_deleted_with_a_clear_error()
    {
        var (id, token) = await SubmitAsync();

        var html = (await UploadUrlAsync(id, token)).GetProperty("uploadUrl").GetString()!;
        Assert.Equal(HttpStatusCode.Created, await PutAsync(html, "<script>alert(1)</script>"u8.ToArray(), "text/html"));
        await AssertRefusedAsync(1, "只能上传 JPEG 格式的照片");
        Assert.False((await Blob(id, 1).ExistsAsync()).Value);
        Assert.Empty(await UploadsAsync(id));

        var huge = (await UploadUrlAsync(id, token)).GetProperty("uploadUrl").GetString()!;
        Assert.Equal(HttpStatusCode.Created, await PutAsync(huge, Jpeg(2 * 1024 * 1024 + 1)));
        await AssertRefusedAsync(2, "照片不能超过 2 MB");
        Assert.False((await Blob(id, 2).ExistsAsync()).Value);

        await UploadUrlAsync(id, token);
        await AssertRefusedAsync(3, "没有收到这张照片，请重新上传");

        using var unknownSlot = await AttachAsync(id, token, 9);
        Assert.Equal(HttpStatusCode.NotFound, unknownSlot.StatusCode);
        var view = await Owners.ViewAsync(_desk.Client, id, token);
        Assert.Empty(view.GetProperty("photos").EnumerateArray());

        async Task AssertRefusedAsync(int number, string message)
        {
            using var response = await AttachAsync(id, token, number);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(message, (await Owners.JsonAsync(response)).GetProperty("errors").GetProperty("photo")[0].GetString());
        }
    }

    [Fact]
    public async Task The_declared_type_and_size_are_checked_before_any_url_is_given()
    {
        var (id, token) = await SubmitAsync();
        using var wrong = await RequestUploadAsync(id, token, new { contentType = "image/png", size = 3 * 1024 * 1024 }, "en");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var errors = (await Owners.JsonAsync(wrong)).GetProperty("errors");
        Assert.Equal("must be a JPEG photo", errors.GetProperty("contentType")[0].GetString());
        Assert.Equal("must be at most 2 MB", errors.GetProperty("size")[0].GetString());

        using var notNumber = await RequestUploadAsync(id, token, new { contentType = "image/jpeg", size = "big" });
        Assert.Equal(HttpStatusCode.BadRequest, notNumber.StatusCode);

        using var wrongToken = await RequestUploadAsync(id, "AAAAAAAAAAAAAAAAAAAAAA", new { contentType = "image/jpeg", size = 1000 });
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        using var wrongTokenAttach = await AttachAsync(id, "AAAAAAAAAAAAAAAAAAAAAA", 1);
        Assert.Equal(HttpStatusCode.NotFound, wrongTokenAttach.StatusCode);
    }

    [Fact]
    public async Task A_ticket_takes_three_photos_and_a_bounded_number_of_upload_urls()
    {
        var (id, token) = await SubmitAsync();
        for (var i = 1; i <= 3; i++)
        {
            var upload = await UploadUrlAsync(id, token);
            Assert.Equal(HttpStatusCode.Created, await PutAsync(upload.GetProperty("uploadUrl").GetString()!, Jpeg()));
            using var attached = await AttachAsync(id, token, upload.GetProperty("number").GetInt32());
            Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        }
        var view = await Owners.ViewAsync(_desk.Client, id, token);
        Assert.Equal(3, view.GetProperty("photos").GetArrayLength());
        Assert.False(view.GetProperty("canAddPhotos").GetBoolean());
        using var fourth = await RequestUploadAsync(id, token, new { contentType = "image/jpeg", size = 1000 });
        Assert.Equal(HttpStatusCode.Conflict, fourth.StatusCode);

        // Upload URLs that were never used count too, so one ticket cannot be a free file store.
        var (other, otherToken) = await SubmitAsync();
        for (var i = 0; i < 6; i++)
        {
            await UploadUrlAsync(other, otherToken);
        }
        using var seventh = await RequestUploadAsync(other, otherToken, new { contentType = "image/jpeg", size = 1000 });
        Assert.Equal(HttpStatusCode.Conflict, seventh.StatusCode);
    }

    [Fact]
    public async Task An_upload_never_attached_is_deleted_after_a_day_and_a_fresh_one_stays()
    {
        // The desk's clock decides an upload's age (the time its URL was issued is in its name), so no test waits a day.
        await using var desk = await TestDesk.StartAsync(fakeTimeStart: DateTimeOffset.UtcNow);
        async Task<(string Id, string Url)> UploadAsync()
        {
            var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(desk.Client, Owners.Repair("阳台地漏堵了", phone: $"137{Random.Shared.Next(10000000, 99999999)}")));
            var id = receipt.GetProperty("id").GetString()!;
            using var response = await desk.Client.PostAsync($"/api/tickets/{id}/photos?k={receipt.GetProperty("token").GetString()}",
                JsonContent.Create(new { contentType = "image/jpeg", size = 2048 }));
            var url = (await Owners.JsonAsync(response)).GetProperty("uploadUrl").GetString()!;
            Assert.Equal(HttpStatusCode.Created, await PutAsync(url, Jpeg()));
            return (id, url);
        }
        var container = desk.Storage.Container(StorageNames.PhotosContainer);
        async Task<List<string>> Uploads(string id)
        {
            var names = new List<string>();
            await foreach (var blob in container.GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None,
                               global::Azure.Storage.Blobs.Models.BlobStates.None, $"up/{id}/", default))
            {
                names.Add(blob.Name);
            }
            return names;
        }

        var (old, _) = await UploadAsync();
        desk.Time!.Advance(TimeSpan.FromHours(23));
        await desk.RunFunctionAsync("PhotoUploadSweep");
        Assert.Single(await Uploads(old));

        desk.Time.Advance(TimeSpan.FromHours(2));
        var (fresh, _) = await UploadAsync();
        await desk.RunFunctionAsync("PhotoUploadSweep");
        Assert.Empty(await Uploads(old));
        Assert.Single(await Uploads(fresh));
    }

    [Fact]
    public async Task An_upload_url_stops_working_when_it_expires()
    {
        // A desk whose clock is an hour behind hands out a URL that storage already sees as expired.
        await using var late = await TestDesk.StartAsync(fakeTimeStart: DateTimeOffset.UtcNow.AddHours(-1));
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(late.Client, Owners.Repair()));
        using var response = await late.Client.PostAsync(
            $"/api/tickets/{receipt.GetProperty("id").GetString()}/photos?k={receipt.GetProperty("token").GetString()}",
            JsonContent.Create(new { contentType = "image/jpeg", size = 2048 }));
        var url = (await Owners.JsonAsync(response)).GetProperty("uploadUrl").GetString()!;
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(url, Jpeg()));
    }
}
