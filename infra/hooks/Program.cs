using PropertyFunctions.Hooks;

// The azd hooks of azure.yaml, for every platform: `dotnet run --project infra/hooks -- <hook>`. azd passes the azd
// environment's values as environment variables. A hook that cannot go on says why and what to do, and exits 1,
// which stops azd before it changes anything further.
var hook = args.FirstOrDefault() ?? "";
try
{
    var azd = new Azd(Repository.Root());
    return hook switch
    {
        "preprovision" => await Preprovision.RunAsync(azd),
        "predeploy" => OwnerPages.Predeploy(azd),
        "postdeploy" => OwnerPages.Postdeploy(azd),
        _ => throw new HookException("usage: dotnet run --project infra/hooks preprovision|predeploy|postdeploy"),
    };
}
catch (HookException ex)
{
    Console.Error.WriteLine($"{(hook.Length > 0 ? hook : "hooks")}: {ex.Message}");
    return 1;
}
