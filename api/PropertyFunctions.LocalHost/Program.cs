using System.Security.Cryptography;
using PropertyFunctions.LocalHost;

// The whole desk on one machine: Azurite (started if nothing listens on its ports), the Functions,
// the web pages and SMS written to a local log. See README "Run it locally".
if (args.FirstOrDefault() == "sms-catalogue")
{
    // Every SMS template as a company submits it for approval (README "Mainland SMS"), then exit.
    Console.WriteLine(SmsCatalogueCommand.Json(new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[1..]).Build()));
    return 0;
}
var root = RepositoryPaths.Root();
// The host serves the development sign-in, the SMS log and the admin API: never to the network unless asked to.
var allowRemote = args.Contains(LocalDesk.AllowRemoteFlag);
args = args.Where(a => a != LocalDesk.AllowRemoteFlag).ToArray();
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
if (!allowRemote && LocalDesk.NonLoopback(configuration["urls"] ?? LocalDesk.DefaultUrl) is { } exposed)
{
    Console.Error.WriteLine($"Refusing to listen on {exposed}: the local host serves /admin/functions, /dev/sms and a development sign-in " +
        $"to anyone who can reach it. Bind to 127.0.0.1, or start it with {LocalDesk.AllowRemoteFlag} if you really mean to.");
    return 2;
}
var storage = configuration["AzureWebJobsStorage"];
await using var azurite = storage is null or "UseDevelopmentStorage=true"
    ? await Azurite.StartAsync(root, Path.Combine(root, ".azurite"), 10000, 10001, 10002, Console.WriteLine)
    : null;

var app = LocalDesk.Build(args, builder =>
{
    if (string.IsNullOrEmpty(builder.Configuration["Desk:TokenKey"]))
    {
        builder.Configuration["Desk:TokenKey"] = LocalTokenKey(root);
    }
});
app.Lifetime.ApplicationStarted.Register(() =>
{
    var url = app.Urls.FirstOrDefault() ?? LocalDesk.DefaultUrl;
    Console.WriteLine($"PropertyFunctions desk is running at {url}/  (API {url}/api, SMS log {url}/dev/sms). Ctrl+C stops it.");
});
await app.RunAsync();
return 0;

// A random token key kept in the ignored .local/ folder, so tracking links survive restarts and no key is committed.
static string LocalTokenKey(string root)
{
    var path = Path.Combine(root, ".local", "token-key");
    if (!File.Exists(path))
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }
    return File.ReadAllText(path).Trim();
}
