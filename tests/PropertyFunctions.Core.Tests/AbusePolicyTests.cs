using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public sealed class AbusePolicyTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(20, 4)]
    [InlineData(21, 5)]
    [InlineData(100, 20)]
    [InlineData(10_000, 100)]
    public void The_waiting_list_holds_a_fifth_of_the_places_at_least_one_and_at_most_a_hundred(int capacity, int cap) =>
        Assert.Equal(cap, new AbuseOptions().WaitingListCap(capacity));

    [Fact]
    public void A_waiting_list_of_zero_percent_still_keeps_one_place_and_bad_settings_are_named()
    {
        Assert.Equal(1, new AbuseOptions { WaitingListPercent = 0 }.WaitingListCap(50));
        var options = new DeskOptions { TokenKey = Convert.ToBase64String(new byte[32]) };
        options.Abuse.SignupsPerPhonePerHour = 0;
        options.Abuse.WaitingListMax = 0;
        var problems = options.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("Desk__Abuse__SignupsPerPhonePerHour", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Desk__Abuse__WaitingListMax", StringComparison.Ordinal));
    }

    [Fact]
    public void An_upload_name_carries_the_time_its_url_was_issued_and_never_looks_like_an_attached_photo()
    {
        var issued = new DateTimeOffset(2026, 12, 2, 10, 30, 15, TimeSpan.FromHours(8));
        var name = TicketPhotos.UploadName("261202-K7QF", 2, PhotoSet.Work, issued);
        Assert.Equal("up/261202-K7QF/w2-20261202023015.jpg", name);
        Assert.StartsWith(TicketPhotos.UploadPrefix("261202-K7QF", 2, PhotoSet.Work), name, StringComparison.Ordinal);
        Assert.Equal(issued, TicketPhotos.IssuedAt(name));
        Assert.DoesNotContain(TicketPhotos.UploadRoot, TicketPhotos.BlobName("261202-K7QF", 2, PhotoSet.Work), StringComparison.Ordinal);
        // Slot 1's prefix does not take in slot 10's or the work photos'.
        Assert.False(TicketPhotos.UploadName("261202-K7QF", 10, PhotoSet.Owner, issued).StartsWith(TicketPhotos.UploadPrefix("261202-K7QF", 1), StringComparison.Ordinal));
        Assert.Null(TicketPhotos.IssuedAt("261202-K7QF/1.jpg"));
        Assert.Null(TicketPhotos.IssuedAt("up/261202-K7QF/1-notatime.jpg"));
    }
}
