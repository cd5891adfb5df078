using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public sealed class PhotoCheckTests
{
    private static readonly byte[] JpegHead = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];

    [Fact]
    public void A_jpeg_within_the_limit_passes() =>
        Assert.Null(TicketPhotos.Check(new StoredPhoto(TicketPhotos.MaxBytes, "image/jpeg", JpegHead)));

    [Theory]
    [InlineData(0, "image/jpeg", "photo_missing")]
    [InlineData(TicketPhotos.MaxBytes + 1, "image/jpeg", "photo_size")]
    [InlineData(1000, "image/png", "photo_type")]
    [InlineData(1000, null, "photo_type")]
    public void What_breaks_the_rules_is_named(long bytes, string? contentType, string code) =>
        Assert.Equal(code, TicketPhotos.Check(new StoredPhoto(bytes, contentType, JpegHead)));

    [Fact]
    public void Nothing_uploaded_is_missing() => Assert.Equal("photo_missing", TicketPhotos.Check(null));

    [Fact]
    public void A_file_that_only_claims_to_be_a_jpeg_is_refused() =>
        Assert.Equal("photo_type", TicketPhotos.Check(new StoredPhoto(1000, "image/jpeg", "<html>"u8.ToArray())));

    [Theory]
    [InlineData("received", true)]
    [InlineData("resolved", true)]
    [InlineData("reopened", true)]
    [InlineData("closed", false)]
    [InlineData("cancelled", false)]
    public void Photos_are_taken_while_the_ticket_is_worked_on_or_awaits_its_rating(string status, bool accepted)
    {
        var ticket = new Ticket
        {
            Id = "261128-K7QF", Community = "sunshine-garden", Kind = "repair", Emergency = false, Address = new UnitAddress("3", "2", "501"),
            Name = "王女士", Phone = "+8613800138000", Description = "漏水", Language = "zh-CN", Status = status,
            CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, HistoryCount = 1,
        };
        Assert.Equal(accepted, TicketPhotos.Accepts(ticket));
        Assert.Equal(accepted, TicketPhotos.CanAdd(ticket));
        Assert.False(TicketPhotos.CanAdd(ticket with { Photos = [1, 2, 3] }));
        Assert.False(TicketPhotos.CanAdd(ticket with { PhotoUploads = TicketPhotos.MaxUploads }));
        // The work photos staff attach when they finish have slots and limits of their own.
        Assert.Equal(accepted, TicketPhotos.CanAdd(ticket with { Photos = [1, 2, 3], PhotoUploads = TicketPhotos.MaxUploads }, PhotoSet.Work));
        Assert.False(TicketPhotos.CanAdd(ticket with { WorkPhotos = [1, 2, 3] }, PhotoSet.Work));
        Assert.Equal(("261128-K7QF/2.jpg", "261128-K7QF/w2.jpg"), (TicketPhotos.BlobName(ticket.Id, 2), TicketPhotos.BlobName(ticket.Id, 2, PhotoSet.Work)));
    }
}
