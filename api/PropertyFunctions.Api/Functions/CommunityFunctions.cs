using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Routing;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// The communities the desk serves and how each one's service centre works. Owners' pages read the public part; admins edit
/// the settings under their ETag. Edits reach every instance within <see cref="CommunityDirectory.CacheFor"/>.
/// </summary>
public sealed class CommunityFunctions(CommunityDirectory communities, CommunityFaqs faqs, Classifier classifier)
{
    /// <summary>
    /// What the owner pages show: name, opening hours, phones and the contacts of the escalation ladder, and the words that make the
    /// form suggest the 24-hour line (the router's own emergency words, so the page and the desk never disagree).
    /// </summary>
    [Function("GetCommunity")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communities/{community}")] HttpRequest req,
        string community)
    {
        if (!ErrorList.IsCommunitySlug(community) || await communities.FindAsync(community, req.HttpContext.RequestAborted) is not { } c)
        {
            return Problem.Of(StatusCodes.Status404NotFound, "community_not_found", RequestReader.LanguageOf(req));
        }
        var settings = CommunitySettings.Write(c);
        return ApiResult.Ok(new
        {
            c.Slug, settings.Name, settings.Hours, settings.Holidays, settings.WorkingDays, settings.EmergencyPhone, settings.ServiceCentrePhone,
            settings.Contacts, settings.CountryCodes, TimeZone = c.Hours.Zone.Id, classifier.EmergencyKeywords,
        });
    }

    /// <summary>The community's FAQ (小百科) in one language (zh-CN or en), with its own name, hours and phones filled in.</summary>
    [Function("GetCommunityFaq")]
    public async Task<IActionResult> Faq(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "communities/{community}/faq/{language}")] HttpRequest req,
        string community, string language) =>
        ErrorList.IsCommunitySlug(community) && CommunityFaqs.Languages.Contains(language)
            && await faqs.ForOwnersAsync(community, language, req.HttpContext.RequestAborted) is { } items
            ? ApiResult.Ok(items)
            : Problem.Of(StatusCodes.Status404NotFound, "community_not_found", RequestReader.LanguageOf(req));

    /// <summary>One language's FAQ as admins edit it (placeholders such as {phone} unfilled); <c>etag</c> is null while the default is in use.</summary>
    [Function("GetStaffCommunityFaq")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> GetFaq(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/communities/{community}/faq/{language}")] HttpRequest req,
        string community, string language) =>
        ErrorList.IsCommunitySlug(community) && CommunityFaqs.Languages.Contains(language)
            && await faqs.GetAsync(community, language, req.HttpContext.RequestAborted) is { } faq
            ? StaffScope.Refuse(req, community) ?? FaqAnswer(community, language, faq)
            : Problem.Of(StatusCodes.Status404NotFound, "community_not_found", RequestReader.LanguageOf(req));

    /// <summary>Replaces one language's FAQ: <c>{ items: [{ q, a: [paragraphs] }] }</c>, with the ETag read as <c>If-Match</c> (none while the default is in use).</summary>
    [Function("PutStaffCommunityFaq")]
    [StaffRole(StaffRoles.Admin)]
    public async Task<IActionResult> PutFaq(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "staff/communities/{community}/faq/{language}")] HttpRequest req,
        string community, string language)
    {
        var requestLanguage = RequestReader.LanguageOf(req);
        if (!ErrorList.IsCommunitySlug(community) || !CommunityFaqs.Languages.Contains(language))
        {
            return Problem.Of(StatusCodes.Status404NotFound, "community_not_found", requestLanguage);
        }
        if (StaffScope.Refuse(req, community, StaffRoles.Admin) is { } refusal)
        {
            return refusal;
        }
        var body = await RequestReader.ReadJsonAsync<FaqDocument>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var ifMatch = req.Headers.IfMatch.ToString();
        return await faqs.SaveAsync(community, language, body.Value!, ifMatch.Length == 0 ? null : ifMatch, req.HttpContext.RequestAborted) switch
        {
            FaqOutcome.Saved saved => FaqAnswer(community, language, saved.Faq),
            FaqOutcome.Invalid invalid => Problem.Validation(invalid.Errors, requestLanguage),
            FaqOutcome.Stale stale => new ApiResult(StatusCodes.Status412PreconditionFailed, new
            {
                type = "https://propertyfunctions.dev/problems/conflict", title = Messages.Get("title.faq_stale", requestLanguage),
                status = StatusCodes.Status412PreconditionFailed, detail = Messages.Get("detail.faq_stale", requestLanguage),
                current = new { stale.Current.Items, etag = stale.Current.ETag },
            }, Problem.ContentType),
            _ => Problem.Of(StatusCodes.Status404NotFound, "community_not_found", requestLanguage),
        };
    }

    private static ApiResult FaqAnswer(string community, string language, StoredFaq faq)
    {
        var answer = ApiResult.Ok(new { community, language, faq.Items, etag = faq.ETag, isDefault = faq.ETag is null });
        return faq.ETag is null ? answer : answer.WithHeader("ETag", faq.ETag);
    }

    [Function("ListCommunities")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/communities")] HttpRequest req) =>
        ApiResult.Ok((await communities.ListAsync(req.HttpContext.RequestAborted))
            .Where(c => req.Staff().Access.Has(StaffRoles.Staff, c)).Order(StringComparer.Ordinal).ToList());

    [Function("GetStaffCommunity")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> GetForStaff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/communities/{community}")] HttpRequest req, string community) =>
        ErrorList.IsCommunitySlug(community) && await communities.FindVersionedAsync(community, req.HttpContext.RequestAborted) is { } found
            ? StaffScope.Refuse(req, community) ?? Settings(found.Value, found.ETag)
            : Problem.Of(StatusCodes.Status404NotFound, "community_not_found", RequestReader.LanguageOf(req));

    /// <summary>Changes a community's settings under <c>If-Match</c>; without it, creates a new community (412 when it exists).</summary>
    [Function("PutStaffCommunity")]
    [StaffRole(StaffRoles.Admin)]
    public async Task<IActionResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "staff/communities/{community}")] HttpRequest req, string community)
    {
        var language = RequestReader.LanguageOf(req);
        if (!ErrorList.IsCommunitySlug(community))
        {
            return Problem.Validation([new FieldError("community", "community_format")], language);
        }
        if (StaffScope.Refuse(req, community, StaffRoles.Admin) is { } refusal)
        {
            return refusal;
        }
        var body = await RequestReader.ReadJsonAsync<CommunityDocument>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var ifMatch = req.Headers.IfMatch.ToString();
        return await communities.SaveAsync(community, body.Value!, ifMatch.Length == 0 ? null : ifMatch, req.HttpContext.RequestAborted) switch
        {
            CommunityOutcome.Saved saved => Settings(saved.Community, saved.ETag, ifMatch.Length == 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK),
            CommunityOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            CommunityOutcome.Stale stale => new ApiResult(StatusCodes.Status412PreconditionFailed, new
            {
                type = "https://propertyfunctions.dev/problems/conflict", title = Messages.Get("title.community_stale", language),
                status = StatusCodes.Status412PreconditionFailed, detail = Messages.Get("detail.community_stale", language),
                current = CommunitySettings.Write(stale.Current), etag = stale.ETag,
            }, Problem.ContentType).WithHeader("ETag", stale.ETag),
            _ => Problem.Of(StatusCodes.Status404NotFound, "community_not_found", language),
        };
    }

    /// <summary>The settings with their ETag in the body too: the console reads it there.</summary>
    private static ApiResult Settings(Community c, string etag, int status = StatusCodes.Status200OK) =>
        new ApiResult(status, new { community = c.Slug, settings = CommunitySettings.Write(c), etag }).WithHeader("ETag", etag);
}
