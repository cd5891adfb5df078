using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.LocalHost;

/// <summary>
/// <c>dotnet run --project api/PropertyFunctions.LocalHost -- sms-catalogue</c>: the message catalogue as JSON, in the form a
/// property company submits templates for approval to a mainland provider: key, type (notification or verification code),
/// each variable with its kind and longest value, and the zh-CN and en text with <c>${name}</c> placeholders. The desk's
/// public address (Desk__PublicBaseUrl, e.g. --Desk:PublicBaseUrl=https://wy.example.cn) is written into the links, since
/// a template's link domain is fixed text; the signature is not part of the text.
/// </summary>
public static class SmsCatalogueCommand
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static string Json(IConfiguration configuration)
    {
        var desk = new DeskOptions { PublicBaseUrl = configuration["Desk:PublicBaseUrl"] ?? LocalDesk.DefaultUrl };
        var composer = new SmsComposer(desk);
        var templates = SmsCatalogue.All.Select(t => new
        {
            t.Key,
            t.Type,
            Variables = t.Variables.Select(v => new { v.Name, Kind = JsonNamingPolicy.CamelCase.ConvertName(v.Kind.ToString()), v.MaxLength }),
            Zh = composer.ForApproval(t, Language.Chinese),
            En = composer.ForApproval(t, Language.English),
        });
        return JsonSerializer.Serialize(templates, Options);
    }
}
