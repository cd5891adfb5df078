using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Api.Startup;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HttpPipelineMiddleware>();
builder.Services.AddPropertyFunctions(builder.Configuration);
builder.Build().Run();
