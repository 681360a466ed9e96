using NetIdentity.Bench.Baseline;

// The bare code flow the benchmark compares NetIdentity with (bench/README.md):
//   dotnet bench/NetIdentity.Bench.Baseline/bin/Release/net10.0/NetIdentity.Bench.Baseline.dll --urls http://127.0.0.1:5400
var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(BaselineOptions.Section).Get<BaselineOptions>() ?? new BaselineOptions();
builder.Services.AddBaselineServer(options);

var app = builder.Build();
await BaselineServer.InitializeAsync(app.Services, options);
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], BaselineServer.Authorize);
await app.RunAsync();
