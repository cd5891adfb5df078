using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Api.Startup;
using PropertyFunctions.Api.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HttpPipelineMiddleware>();
// Queue Functions continue the trace their message carries (the local host does the same in its invoker).
builder.UseMiddleware<QueueTraceMiddleware>();
builder.Services.AddPropertyFunctions(builder.Configuration);
builder.Build().Run();
