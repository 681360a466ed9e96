using System.Text;
using NetIdentity.Bench.Driver;

// The load driver (bench/README.md):
//   dotnet bench/NetIdentity.Bench.Driver/bin/Release/net10.0/NetIdentity.Bench.Driver.dll --start-sandbox --scenario all
Console.OutputEncoding = Encoding.UTF8;
return await DriverCommand.Create().Parse(args).InvokeAsync();
