using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Api.Startup;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.LocalHost;

/// <summary>
/// Runs the Function app's own Function classes on one machine, without Core Tools: it reads the
/// SDK-generated functions.metadata, maps HTTP triggers under the route prefix, polls trigger queues,
/// fires timers, serves web/ at / (the staff console, like in Azure, at /api/console/staff/ through its Function)
/// and offers the admin endpoint <c>POST /admin/functions/{name}</c>.
/// Services come from the same <see cref="ServiceRegistration.AddPropertyFunctions"/> as the Function app.
/// </summary>
public static class LocalDesk
{
    public const string DefaultUrl = "http://127.0.0.1:7071";
    public const string AllowRemoteFlag = "--allow-remote";

    /// <summary>The first of the semicolon-separated URLs that would listen beyond this machine (any host but a loopback one), or null.</summary>
    public static string? NonLoopback(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .FirstOrDefault(url => !Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal),
            UriKind.Absolute, out var uri) || !(uri.IsLoopback && uri.Host != "0.0.0.0"));

    /// <summary>The owner pages' Content-Security-Policy: the same as the meta tag in each owner page of web/.</summary>
    public const string WebContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' http://127.0.0.1:*; connect-src 'self' http://127.0.0.1:*; form-action 'self'; base-uri 'none'";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Local defaults sit under every other source, so environment variables and --Key=value arguments win.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
                ["Sms:Provider"] = "log",
                ["Desk:PublicBaseUrl"] = DefaultUrl,
                // The demo community the README's first ticket goes to; more are created in the console.
                ["Desk:Communities"] = "sunshine-garden",
                ["urls"] = DefaultUrl,
            },
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Azure.Core", LogLevel.Warning);
        configure?.Invoke(builder);
        // This host strips client copies of the principal header itself (DevSignIn), so the API may trust it.
        builder.Configuration["Auth:TrustPrincipalHeader"] = "true";

        builder.Services.AddPropertyFunctions(builder.Configuration);
        var webRoot = builder.Configuration["LocalHost:WebRoot"] ?? Path.Combine(RepositoryPaths.Root(), "web");
        // The console's files straight from web/ (edits show on reload), through the same Function and filter as in Azure.
        builder.Services.AddSingleton(sp => new StaffConsole(webRoot, sp.GetRequiredService<StorageClients>().Blobs.Uri));
        var functions = FunctionCatalog.Load(AppContext.BaseDirectory);
        var settings = HostSettings.Read(Path.Combine(AppContext.BaseDirectory, "host.json"));
        if (!string.Equals(settings.Queues.MessageEncoding, "base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("host.json queues.messageEncoding must be base64: the app sends base64 messages.");
        }
        builder.Services.AddSingleton<FunctionInvoker>();
        foreach (var function in functions)
        {
            FunctionInvoker.EnsureBindable(function);
            // The Functions host's own switch (app setting AzureWebJobs.<name>.Disabled): the trigger does not fire.
            if (bool.TryParse(builder.Configuration[$"AzureWebJobs.{function.Name}.Disabled"], out var disabled) && disabled)
            {
                continue;
            }
            switch (function.Trigger.Type)
            {
                case "queueTrigger":
                    builder.Services.AddSingleton<IHostedService>(sp => new QueueListener(function, settings.Queues,
                        sp.GetRequiredService<StorageClients>(), sp.GetRequiredService<FunctionInvoker>(), sp.GetRequiredService<ILogger<QueueListener>>()));
                    break;
                case "timerTrigger":
                    TimerScheduler.Parse(function.Trigger.Schedule!);
                    builder.Services.AddSingleton<IHostedService>(sp => new TimerScheduler(function, sp.GetRequiredService<FunctionInvoker>(),
                        sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TimerScheduler>>()));
                    break;
                case "httpTrigger":
                    break;
                default:
                    throw new NotSupportedException($"Function {function.Name}: trigger {function.Trigger.Type} is not supported by the local host.");
            }
        }

        var app = builder.Build();
        app.MapDevSignIn(builder.Configuration["LocalHost:DevSignInKey"] ?? DevSignIn.DefaultKey);
        MapHttpFunctions(app, functions, settings.RoutePrefix);
        MapAdmin(app, functions);
        MapSmsLog(app);
        ServeWeb(app, webRoot);
        return app;
    }

    private static void MapHttpFunctions(WebApplication app, IReadOnlyList<LocalFunction> functions, string prefix)
    {
        var invoker = app.Services.GetRequiredService<FunctionInvoker>();
        foreach (var function in functions.Where(f => f.Trigger.Type == "httpTrigger"))
        {
            var pattern = $"/{prefix}/{function.Trigger.Route ?? function.Name}".Replace("//", "/", StringComparison.Ordinal);
            var methods = (function.Trigger.Methods ?? ["get", "post", "put", "delete", "patch"]).Select(m => m.ToUpperInvariant());
            app.MapMethods(pattern, methods, (HttpContext context) =>
                invoker.InvokeAsync(function, new TriggerInput(Http: context), context.RequestAborted)).WithDisplayName(function.Name);
        }
        app.Map($"/{prefix}/{{**rest}}", (HttpContext context) =>
            Problem.Of(StatusCodes.Status404NotFound, "not_found", RequestReader.LanguageOf(context.Request))
                .ExecuteResultAsync(new Microsoft.AspNetCore.Mvc.ActionContext { HttpContext = context }));
    }

    /// <summary>Like the Functions host's admin API: runs a non-HTTP Function now. This host answers once the run has finished.</summary>
    private static void MapAdmin(WebApplication app, IReadOnlyList<LocalFunction> functions)
    {
        var invoker = app.Services.GetRequiredService<FunctionInvoker>();
        app.MapPost("/admin/functions/{name}", async (string name, HttpContext context) =>
        {
            var function = functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (function is null || function.Trigger.Type == "httpTrigger")
            {
                return Results.Problem(statusCode: 404, title: "No such non-HTTP Function", detail: name);
            }
            string? input = null;
            if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                using var doc = await JsonDocument.ParseAsync(context.Request.Body);
                input = doc.RootElement.TryGetProperty("input", out var i) ? i.ToString() : null;
            }
            await invoker.InvokeAsync(function, new TriggerInput(Message: input), context.RequestAborted);
            return Results.Accepted();
        });
    }

    /// <summary>The SMS the desk has sent, newest first (full numbers: this is the developer's own machine). <c>?group=</c> narrows to one ticket.</summary>
    private static void MapSmsLog(WebApplication app) =>
        app.MapGet("/dev/sms", async (string? group, ISmsLog log, CancellationToken ct) =>
            Results.Json(group is { Length: > 0 } ? await log.ForGroupAsync(group, ct) : await log.RecentAsync(200, ct), ApiResult.Json));

    private static void ServeWeb(WebApplication app, string webRoot)
    {
        if (!Directory.Exists(webRoot))
        {
            return;
        }
        // The console lives where it lives in Azure; an old /staff/ link is sent there.
        app.MapGet("/staff/{**rest}", (string? rest, HttpContext context) =>
            Results.Redirect(StaffConsole.BasePath + StaffConsole.Start + rest + context.Request.QueryString));
        var files = new PhysicalFileProvider(webRoot);
        // SMS short links: the tracking page (/t/), the technician's task page (/w/) and an owner's event sign-up (/e/) are served as
        // they are and find their ticket or sign-up from the code through the API (web/staticwebapp.config.json does the same in Azure).
        foreach (var (prefix, page) in new[] { ("t", "track.html"), ("w", "task.html"), ("e", "event.html") })
        {
            app.MapGet($"/{prefix}/{{code}}", (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = WebContentSecurityPolicy;
                return Results.File(Path.Combine(webRoot, page), "text/html; charset=utf-8");
            });
        }
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c => c.Context.Response.Headers.ContentSecurityPolicy = WebContentSecurityPolicy,
        });
    }
}
