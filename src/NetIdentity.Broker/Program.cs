using NetIdentity.Broker.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.ConfigureServices();

var app = builder.Build();
await app.InitializeBrokerAsync();
app.ConfigurePipeline();
await app.RunAsync();

/// <summary>The broker's entry point, visible to in-process tests.</summary>
public partial class Program;
