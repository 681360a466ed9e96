using NetIdentity.DemoPlatform.Hosting;

// The demo forum: a platform that logs people in through NetIdentity. Start it alone with
//   dotnet run --project src/NetIdentity.DemoPlatform
// or with the mock authority and the broker: dotnet run --project src/NetIdentity.Sandbox
var builder = WebApplication.CreateBuilder(args);
builder.ConfigureServices();

var app = builder.Build();
app.ConfigurePipeline();
await app.RunAsync();

/// <summary>The demo platform's entry point, visible to in-process tests.</summary>
public partial class Program;
