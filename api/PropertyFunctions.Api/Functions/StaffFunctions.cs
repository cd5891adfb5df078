using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.StaffConsole;

namespace PropertyFunctions.Api.Functions;

/// <summary>The signed-in staff member.</summary>
public sealed class StaffFunctions(DeskOptions options)
{
    /// <summary>Who the console is signed in as, with which roles, and the words and time zone it shows codes and dates in.</summary>
    [Function("StaffMe")]
    [StaffRole(StaffRoles.Staff)]
    public IActionResult Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/me")] HttpRequest req)
    {
        var principal = req.Staff();
        return ApiResult.Ok(new
        {
            principal.Id, principal.Name, Roles = principal.Roles.Order().ToArray(), Vocabulary = ConsoleVocabulary.For(options.TimeZone),
        });
    }
}
