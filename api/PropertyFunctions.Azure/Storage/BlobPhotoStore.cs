using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Owners' photos in a private blob container, reached only through SAS URLs for one blob each. Uploads land under
/// "up/{ticket}/…" (write-only URLs); attached photos are the desk's own create-only copies under "{ticket}/{n}.jpg".
/// With an account key (Azurite) the URLs are signed with it; in Azure, where shared keys are off,
/// with a user delegation key fetched with the Function app's identity and kept for a day.
/// </summary>
public sealed class BlobPhotoStore(StorageClients storage, TimeProvider time) : IPhotoStore
{
    /// <summary>Clocks differ a little between the app and storage; a delegation key is valid from a few minutes ago.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromDays(1);
    private const int HeadBytes = 16;

    private readonly BlobContainerClient _container = storage.Container(StorageNames.PhotosContainer);
    private UserDelegationKey? _delegationKey;

    public Task<Uri> UploadUrlAsync(string name, DateTimeOffset expiresOn, CancellationToken ct) =>
        SignAsync(name, BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn, ct);

    public Task<Uri> ReadUrlAsync(string name, DateTimeOffset expiresOn, CancellationToken ct) =>
        SignAsync(name, BlobSasPermissions.Read, expiresOn, ct);

    public async Task<string?> FindAsync(string prefix, CancellationToken ct)
    {
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
        {
            return blob.Name;
        }
        return null;
    }

    public async Task<(StoredPhoto Photo, ReadOnlyMemory<byte> Content)?> ReadAsync(string name, long maxBytes, CancellationToken ct)
    {
        try
        {
            // At most maxBytes come back; the Content-Range header tells the whole length.
            var download = await _container.GetBlobClient(name)
                .DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(0, maxBytes) }, ct);
            var details = download.Value.Details;
            var content = download.Value.Content.ToMemory();
            var total = TotalLength(details.ContentRange) ?? details.ContentLength;
            var photo = new StoredPhoto(total, details.ContentType, content[..Math.Min(HeadBytes, content.Length)]);
            return (photo, total <= maxBytes ? content : ReadOnlyMemory<byte>.Empty);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            // A range request on an empty blob: something was uploaded, with nothing in it.
            return (new StoredPhoto(0, null, ReadOnlyMemory<byte>.Empty), ReadOnlyMemory<byte>.Empty);
        }
    }

    public async Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct)
    {
        try
        {
            await _container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<(string Name, DateTimeOffset CreatedOn)> ListAsync(string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
        {
            yield return (blob.Name, blob.Properties.CreatedOn ?? DateTimeOffset.MinValue);
        }
    }

    public async Task DeleteAsync(string name, CancellationToken ct) =>
        await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: ct);

    private async Task<Uri> SignAsync(string name, BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken ct)
    {
        var blob = _container.GetBlobClient(name);
        var sas = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = _container.Name,
            BlobName = name,
            Resource = "b",
            // No start time: valid at once whatever the clocks say, and a read URL depends only on its expiry, so it repeats within the hour.
            // The emulator speaks plain HTTP; a real account is HTTPS only.
            Protocol = blob.Uri.IsLoopback ? SasProtocol.HttpsAndHttp : SasProtocol.Https,
        };
        if (permissions.HasFlag(BlobSasPermissions.Read))
        {
            // Served as an image whatever was uploaded, so a crafted upload can never run as a page.
            sas.ContentType = Core.Tickets.TicketPhotos.ContentType;
            sas.ContentDisposition = "inline";
        }
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }
        var key = await DelegationKeyAsync(expiresOn, ct);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, _container.AccountName) }.ToUri();
    }

    /// <summary>One key serves every URL that expires before it does; two callers racing for a new one both get a valid key.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset expiresOn, CancellationToken ct)
    {
        if (_delegationKey is { } key && key.SignedExpiresOn >= expiresOn)
        {
            return key;
        }
        var now = time.GetUtcNow();
        key = (await storage.Blobs.GetUserDelegationKeyAsync(now - ClockSkew, now + DelegationKeyLifetime, ct)).Value;
        _delegationKey = key;
        return key;
    }

    /// <summary>The blob's whole length from "bytes 0-15/12345".</summary>
    private static long? TotalLength(string? contentRange) =>
        contentRange?.LastIndexOf('/') is int slash and >= 0 &&
        long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? total
            : null;
}
