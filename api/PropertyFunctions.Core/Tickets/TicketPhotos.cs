using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>Where and how the browser uploads one photo: PUT the JPEG to <paramref name="UploadUrl"/> with <see cref="Headers"/> before <paramref name="ExpiresOn"/>.</summary>
public sealed record PhotoUpload(int Number, Uri UploadUrl, DateTimeOffset ExpiresOn)
{
    public IReadOnlyDictionary<string, string> Headers { get; } =
        new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob", ["Content-Type"] = TicketPhotos.ContentType };

    public long MaxBytes => TicketPhotos.MaxBytes;
}

/// <summary>An attached photo as a page shows it: a read-only URL that expires.</summary>
public sealed record PhotoLink(int Number, Uri Url);

/// <summary>
/// A ticket's two sets of photos, each with its own slots and limits: the owner's (what is wrong) and the work photos staff attach
/// when they finish (what was done), so neither can crowd out the other.
/// </summary>
public enum PhotoSet
{
    Owner,
    Work,
}

/// <summary>
/// Photos of a ticket: owners' (a leak, a broken lamp) and staff's of the finished work. The browser resizes each photo and
/// uploads it straight to storage through a short-lived URL for that one upload blob; the API then checks what arrived
/// (size, JPEG, declared type) before attaching it, and deletes it if it breaks the rules, because
/// an upload URL cannot limit size or content itself. Attaching copies the checked bytes to the photo's own name
/// (<see cref="BlobName"/>), which no upload URL can write, and deletes the upload: writing through the upload URL again
/// after the check changes nothing anyone sees. Uploads never attached are deleted by <see cref="PhotoUploadSweep"/> after
/// <see cref="UploadMaxAge"/>. Each <see cref="PhotoSet"/> has its own slots and limits.
/// </summary>
public sealed class TicketPhotos(ITicketStore tickets, IPhotoStore store, TimeProvider time, ILogger<TicketPhotos> logger)
{
    public const int MaxPhotos = 3;
    /// <summary>Upload URLs per ticket: one per photo plus as many for retries (a failed upload, a closed tab). Bounds what one ticket can put in storage.</summary>
    public const int MaxUploads = 2 * MaxPhotos;
    public const long MaxBytes = 2 * 1024 * 1024;
    public const string ContentType = "image/jpeg";
    public static readonly TimeSpan UploadLifetime = TimeSpan.FromMinutes(10);
    /// <summary>An upload not attached within this time is deleted (it can no longer be attached either).</summary>
    public static readonly TimeSpan UploadMaxAge = TimeSpan.FromDays(1);
    /// <summary>Every upload blob's name starts with this; attached photos never do.</summary>
    public const string UploadRoot = "up/";
    private const string StampFormat = "yyyyMMddHHmmss";

    /// <summary>Owners' photos are <c>{id}/{n}.jpg</c>, work photos <c>{id}/w{n}.jpg</c>.</summary>
    public static string BlobName(string id, int number, PhotoSet set = PhotoSet.Owner) =>
        set == PhotoSet.Work ? $"{id}/w{number}.jpg" : $"{id}/{number}.jpg";

    /// <summary>Where slot <paramref name="number"/>'s upload lands: <c>up/{id}/{n}-{issued}.jpg</c> (work: <c>up/{id}/w{n}-…</c>).</summary>
    public static string UploadPrefix(string id, int number, PhotoSet set = PhotoSet.Owner) =>
        $"{UploadRoot}{id}/{(set == PhotoSet.Work ? "w" : "")}{number}-";

    /// <summary>The upload blob's full name: the time the URL was issued (desk clock, UTC) is in it, so its age needs no storage clock.</summary>
    public static string UploadName(string id, int number, PhotoSet set, DateTimeOffset issued) =>
        UploadPrefix(id, number, set) + issued.UtcDateTime.ToString(StampFormat, System.Globalization.CultureInfo.InvariantCulture) + ".jpg";

    /// <summary>When an upload's URL was issued, from its name; null for a name this desk did not make.</summary>
    public static DateTimeOffset? IssuedAt(string uploadName)
    {
        var dash = uploadName.LastIndexOf('-');
        return uploadName.StartsWith(UploadRoot, StringComparison.Ordinal) && dash > 0 && uploadName.EndsWith(".jpg", StringComparison.Ordinal)
            && DateTime.TryParseExact(uploadName.AsSpan(dash + 1, uploadName.Length - dash - 5), StampFormat, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : null;
    }

    /// <summary>Photos may be added while the ticket is being worked on or waits for the owner's rating.</summary>
    public static bool Accepts(Ticket t) => t.MergedInto is null && (Lifecycle.IsOpen(t.Status) || t.Status == TicketStatuses.Resolved);

    /// <summary>Whether a page should offer to add a photo to the set.</summary>
    public static bool CanAdd(Ticket t, PhotoSet set = PhotoSet.Owner) =>
        Accepts(t) && Attached(t, set).Count < MaxPhotos && Uploads(t, set) < MaxUploads;

    public static IReadOnlyList<int> Attached(Ticket t, PhotoSet set) => set == PhotoSet.Work ? t.WorkPhotos : t.Photos;

    private static int Uploads(Ticket t, PhotoSet set) => set == PhotoSet.Work ? t.WorkPhotoUploads : t.PhotoUploads;

    private static Ticket WithUploads(Ticket t, PhotoSet set, int uploads) =>
        set == PhotoSet.Work ? t with { WorkPhotoUploads = uploads } : t with { PhotoUploads = uploads };

    private static Ticket WithAttached(Ticket t, PhotoSet set, int number) =>
        set == PhotoSet.Work ? t with { WorkPhotos = [.. t.WorkPhotos, number] } : t with { Photos = [.. t.Photos, number] };

    /// <summary>Hands out an upload URL for the ticket's next photo slot; the declared type and size are checked again after the upload.</summary>
    public async Task<ActionOutcome> RequestUploadAsync(string id, string? contentType, long? size, CancellationToken ct,
        PhotoSet set = PhotoSet.Owner, Func<Versioned<Ticket>, ActionOutcome?>? precondition = null)
    {
        var errors = new List<FieldError>();
        if (contentType != ContentType)
        {
            errors.Add(new FieldError("contentType", "photo_type"));
        }
        if (size is not (> 0 and <= MaxBytes))
        {
            errors.Add(new FieldError("size", "photo_size", MaxBytes / 1024 / 1024));
        }
        if (errors.Count > 0)
        {
            return new ActionOutcome.Invalid(errors);
        }
        return await UpdateAsync(id, precondition, async current =>
        {
            var t = current.Value;
            if (!CanAdd(t, set))
            {
                return new ActionOutcome.Refused("photo_limit", current);
            }
            var number = Uploads(t, set) + 1;
            var now = time.GetUtcNow();
            var expiresOn = now + UploadLifetime;
            var url = await store.UploadUrlAsync(UploadName(id, number, set, now), expiresOn, ct);
            return TicketDecision.Write(new TicketChange(WithUploads(t, set, number), []), new ActionOutcome.UploadReady(new PhotoUpload(number, url, expiresOn)));
        }, ct);
    }

    /// <summary>
    /// Checks what was uploaded to slot <paramref name="number"/> and attaches it: the checked bytes are written under the photo's
    /// own name (create-only, so a second attach cannot replace them) and the upload is deleted. Repeating it for an attached
    /// photo answers the same. The history names who attached it: the owner, or <paramref name="by"/> for a work photo.
    /// </summary>
    public async Task<ActionOutcome> AttachAsync(string id, int number, CancellationToken ct,
        PhotoSet set = PhotoSet.Owner, Actor? by = null, Func<Versioned<Ticket>, ActionOutcome?>? precondition = null)
    {
        string? upload = null;
        var outcome = await UpdateAsync(id, precondition, async current =>
        {
            var t = current.Value;
            var attached = Attached(t, set);
            if (attached.Contains(number))
            {
                return new ActionOutcome.Done(current);
            }
            if (number < 1 || number > Uploads(t, set))
            {
                return new ActionOutcome.NotFound();
            }
            if (attached.Count >= MaxPhotos)
            {
                return new ActionOutcome.Refused("photo_limit", current);
            }
            upload = await store.FindAsync(UploadPrefix(id, number, set), ct);
            // One read: what is checked is what is kept, whatever the upload URL writes meanwhile.
            var read = upload is null ? null : await store.ReadAsync(upload, MaxBytes, ct);
            if (Check(read?.Photo) is { } code)
            {
                logger.LogInformation("Ticket {TicketId}: photo {Number} refused ({Code}, {Bytes} bytes)", id, number, code, read?.Photo.Bytes);
                return new ActionOutcome.Invalid([new FieldError("photo", code, MaxBytes / 1024 / 1024)]);
            }
            await store.TryCreateAsync(BlobName(id, number, set), read!.Value.Content, ContentType, ct);
            var (updated, entry) = set == PhotoSet.Work && by is not null
                ? WithAttached(t, set, number).Append(time.GetUtcNow(), by.Id, by.Channel, t.Status, HistoryNote.Of("history.work_photo", by.Name, attached.Count + 1), isPublic: false)
                : WithAttached(t, set, number).Append(time.GetUtcNow(), "owner", Channels.Web, t.Status, HistoryNote.Of("history.owner_photo", attached.Count + 1), isPublic: false);
            return TicketDecision.Write(new TicketChange(updated, [entry]));
        }, ct);
        if (upload is not null)
        {
            // Attached (its copy is kept) or refused: the upload itself is never needed again.
            await store.DeleteAsync(upload, ct);
        }
        return outcome;
    }

    /// <summary>Read URLs for the ticket's photos. They expire on the next hour but one, so a page reloaded within the hour gets the same URLs (and the browser's cache).</summary>
    public async Task<IReadOnlyList<PhotoLink>> LinksAsync(Ticket t, CancellationToken ct, PhotoSet set = PhotoSet.Owner)
    {
        var attached = Attached(t, set);
        if (attached.Count == 0)
        {
            return [];
        }
        var now = time.GetUtcNow();
        var expiresOn = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(2);
        var links = new List<PhotoLink>();
        foreach (var number in attached)
        {
            links.Add(new PhotoLink(number, await store.ReadUrlAsync(BlobName(t.Id, number, set), expiresOn, ct)));
        }
        return links;
    }

    /// <summary>Null when the upload is a JPEG within the size limit, else the message code saying what is wrong.</summary>
    public static string? Check(StoredPhoto? stored) => stored switch
    {
        null or { Bytes: 0 } => "photo_missing",
        { Bytes: > MaxBytes } => "photo_size",
        _ when stored.ContentType != ContentType || !IsJpeg(stored.Head.Span) => "photo_type",
        _ => null,
    };

    /// <summary>Every JPEG starts with the start-of-image marker followed by another marker.</summary>
    private static bool IsJpeg(ReadOnlySpan<byte> head) => head is [0xFF, 0xD8, 0xFF, ..];

    /// <summary>
    /// An ETag-guarded change (<see cref="TicketUpdates.UpdateAsync(ITicketStore, string, string?, Func{Versioned{Ticket}, Task{TicketDecision}}, CancellationToken)"/>)
    /// of a ticket that still takes photos, after the caller's <paramref name="precondition"/>.
    /// </summary>
    private Task<ActionOutcome> UpdateAsync(string id, Func<Versioned<Ticket>, ActionOutcome?>? precondition,
        Func<Versioned<Ticket>, Task<TicketDecision>> decide, CancellationToken ct) =>
        tickets.UpdateAsync(id, ifMatch: null, current =>
            precondition?.Invoke(current) is { } refusal ? Task.FromResult<TicketDecision>(refusal)
            : Accepts(current.Value) ? decide(current)
            : Task.FromResult<TicketDecision>(new ActionOutcome.Refused("cannot_add_photo", current)), ct);
}

/// <summary>
/// The timer PhotoUploadSweep (hourly): deletes every upload older than <see cref="TicketPhotos.UploadMaxAge"/> (by the time its
/// URL was issued, from its name), i.e. one that was never attached, so unattached uploads cannot pile up as free storage.
/// </summary>
public sealed class PhotoUploadSweep(IPhotoStore store, TimeProvider time, ILogger<PhotoUploadSweep> logger)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - TicketPhotos.UploadMaxAge;
        var stale = new List<string>();
        await foreach (var (name, createdOn) in store.ListAsync(TicketPhotos.UploadRoot, ct))
        {
            if ((TicketPhotos.IssuedAt(name) ?? createdOn) < cutoff)
            {
                stale.Add(name);
            }
        }
        foreach (var name in stale)
        {
            await store.DeleteAsync(name, ct);
        }
        if (stale.Count > 0)
        {
            logger.LogInformation("PhotoUploadSweep: deleted {Count} upload(s) never attached", stale.Count);
        }
        return stale.Count;
    }
}
