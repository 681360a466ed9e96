using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// The micro-benchmarks (bench/README.md):
//   dotnet run -c Release --project bench/NetIdentity.Bench.Micro -- --filter '*'
// In process (no generated project to restore and build), short runs by default; any
// BenchmarkDotNet option (--job, --filter, --memory…) still applies.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(NetIdentity.Bench.Micro.CryptographyBenchmarks).Assembly).Run(args, config);
