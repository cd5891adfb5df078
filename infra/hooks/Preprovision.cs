using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PropertyFunctions.Hooks;

/// <summary>
/// Before anything is created: checks that the region can run the app and that the deployer may create the role
/// assignments the deployment makes, then prepares the values every provision needs. Nothing in Azure is changed here.
/// </summary>
public static class Preprovision
{
    /// <summary>What infra/main.bicep deploys: the Flex Consumption plan (FC1) with this runtime.</summary>
    public const string Runtime = "dotnet-isolated";
    public const string RuntimeVersion = "10.0";

    public static async Task<int> RunAsync(Azd azd)
    {
        const string ask = "Run `azd up`, which asks for it first, or `azd env set` it.";
        var subscription = Azd.Require("AZURE_SUBSCRIPTION_ID", ask);
        var location = Azd.Require("AZURE_LOCATION", ask);
        var environment = Azd.Require("AZURE_ENV_NAME", ask);
        // The names infra/main.bicep gives them.
        var resourceGroup = $"rg-{environment}";
        var budget = $"budget-{environment}";

        using var arm = Arm.Connect(azd);
        await RequireFlexRegionAsync(arm, location);
        await RequireRoleAssignmentRightAsync(arm, subscription, resourceGroup);
        var budgetStart = Azd.Get("BUDGET_CONTACT_EMAIL") is null ? null : await BudgetStartAsync(arm, subscription, resourceGroup, budget);
        var recoverVault = await DeletedVaultAsync(arm, subscription, environment, location);

        // Desk__TokenKey: 32 random bytes, made once per azd environment and never again, since a new key breaks every
        // tracking link already sent. It lives in the azd environment (.azure/<env>/.env, ignored by git) and Key Vault.
        if (Azd.Get("DESK_TOKEN_KEY") is null)
        {
            azd.Set("DESK_TOKEN_KEY", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            Console.WriteLine("preprovision: generated DESK_TOKEN_KEY for this environment");
        }
        // Desk__OwnerSessions__Key, likewise once per environment: a new key signs every owner out and voids codes in flight.
        if (Azd.Get("DESK_OWNER_SESSION_KEY") is null)
        {
            azd.Set("DESK_OWNER_SESSION_KEY", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            Console.WriteLine("preprovision: generated DESK_OWNER_SESSION_KEY for this environment");
        }
        azd.Set("BUDGET_START_DATE", budgetStart ?? "");
        azd.Set("KEY_VAULT_RECOVER", recoverVault ? "true" : "false");
        if (recoverVault)
        {
            Console.WriteLine($"preprovision: this environment's Key Vault was deleted (azd down); this provision recovers it with its secrets");
        }
        if (Azd.Get("BUDGET_CONTACT_EMAIL") is null)
        {
            Console.WriteLine("preprovision: BUDGET_CONTACT_EMAIL is not set, so no budget alert is created (azd env set BUDGET_CONTACT_EMAIL you@example.com)");
        }
        return 0;
    }

    /// <summary>The region offers Flex Consumption with .NET 10 isolated (the same list `az functionapp list-flexconsumption-runtimes` reads).</summary>
    private static async Task RequireFlexRegionAsync(Arm arm, string location)
    {
        var stacks = await arm.GetAsync($"providers/Microsoft.Web/locations/{Uri.EscapeDataString(location)}/functionAppStacks" +
            "?api-version=2020-10-01&removeHiddenStacks=true&removeDeprecatedStacks=true&stack=dotnet&sku=FC1");
        var offered = stacks is { } found && Json.Items(found, "value")
            .SelectMany(stack => Json.Items(Json.Prop(stack, "properties"), "majorVersions"))
            .SelectMany(major => Json.Items(major, "minorVersions"))
            .SelectMany(minor => Json.Items(Json.Prop(Json.Prop(minor, "stackSettings"), "linuxRuntimeSettings"), "sku"))
            .Any(sku => Json.Text(sku, "skuCode") == "FC1"
                && Json.Prop(Json.Prop(sku, "functionAppConfigProperties"), "runtime") is { } runtime
                && Json.Text(runtime, "name") == Runtime && Json.Text(runtime, "version") == RuntimeVersion);
        if (!offered)
        {
            throw new HookException(
                $"the region '{location}' does not offer Flex Consumption with {Runtime} {RuntimeVersion}. Choose one that does " +
                "(`az functionapp list-flexconsumption-locations`; e.g. eastasia, southeastasia, japaneast) and run " +
                "`azd env set AZURE_LOCATION <region>`, then `azd up` again. Nothing was created.");
        }
    }

    /// <summary>
    /// The deployment gives the app's identity, the Event Grid topic and the deployer their roles, so the deployer must be
    /// allowed Microsoft.Authorization/roleAssignments/write: Owner, User Access Administrator or Role Based Access
    /// Control Administrator on the subscription or the resource group. Contributor is not enough, and without this
    /// check the deployment would stop half-way, at the first role assignment.
    /// </summary>
    private static async Task RequireRoleAssignmentRightAsync(Arm arm, string subscription, string resourceGroup)
    {
        const string api = "providers/Microsoft.Authorization/permissions?api-version=2022-04-01";
        var permissions = await arm.ListAsync($"subscriptions/{subscription}/resourceGroups/{resourceGroup}/{api}");
        if (permissions.Count == 0)
        {
            // No resource group yet (a first provision): what the deployer may do on the subscription.
            permissions = await arm.ListAsync($"subscriptions/{subscription}/{api}");
        }
        if (!permissions.Any(p => Allows(p, "Microsoft.Authorization/roleAssignments/write")))
        {
            throw new HookException(
                $"your azd sign-in may not create role assignments in subscription {subscription}, and this deployment creates " +
                "several (the app reads storage, Key Vault and Communication Services with its identity; no keys). " +
                "Ask an Owner of the subscription to give you Owner, User Access Administrator or Role Based Access Control " +
                $"Administrator on the subscription (or on the resource group {resourceGroup} once it exists), e.g. " +
                $"`az role assignment create --assignee <your sign-in> --role \"Role Based Access Control Administrator\" --scope /subscriptions/{subscription}`, " +
                "then run `azd up` again. Nothing was created.");
        }
    }

    /// <summary>True when one permission entry's actions grant <paramref name="action"/> and its notActions do not take it away.</summary>
    public static bool Allows(JsonElement permission, string action) =>
        Json.Items(permission, "actions").Any(a => Matches(a.GetString(), action))
        && !Json.Items(permission, "notActions").Any(a => Matches(a.GetString(), action));

    private static bool Matches(string? pattern, string action) =>
        pattern is not null && Regex.IsMatch(action, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// The start of the environment's budget when it exists (Azure refuses to change it), else null: the budget is new and
    /// infra/main.bicep starts it in the current month (Azure refuses a past one).
    /// </summary>
    private static async Task<string?> BudgetStartAsync(Arm arm, string subscription, string resourceGroup, string budget)
    {
        var found = await arm.GetAsync(
            $"subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Consumption/budgets/{budget}?api-version=2023-11-01");
        var start = Json.Text(Json.Prop(Json.Prop(found, "properties"), "timePeriod"), "startDate");
        return start is { Length: >= 10 } ? start[..10] : null;
    }

    /// <summary>
    /// True when this environment's Key Vault is soft-deleted (its resource group was deleted, e.g. by azd down). Purge
    /// protection keeps its name taken for 90 days, so the next provision must recover it rather than create it.
    /// </summary>
    private static async Task<bool> DeletedVaultAsync(Arm arm, string subscription, string environment, string location)
    {
        var deleted = await arm.ListAsync($"subscriptions/{subscription}/providers/Microsoft.KeyVault/deletedVaults?api-version=2023-07-01");
        return deleted.Any(vault =>
            Json.Text(vault, "name")?.StartsWith("kv-", StringComparison.Ordinal) == true
            && Json.Prop(vault, "properties") is { } properties
            && Json.Text(Json.Prop(properties, "tags"), "azd-env-name") == environment
            && string.Equals(Json.Text(properties, "location")?.Replace(" ", "", StringComparison.Ordinal), location.Replace(" ", "", StringComparison.Ordinal),
                StringComparison.OrdinalIgnoreCase));
    }
}
