using NetIdentity.Broker.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.ConfigureServices();

var app = builder.Build();
await app.InitializeBrokerAsync();
app.ConfigurePipeline();
await app.RunAsync();
