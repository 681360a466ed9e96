using System.Text;
using NetIdentity.Sandbox;

// The whole sandbox with one command:
//   dotnet run --project src/NetIdentity.Sandbox [-- --no-build --configuration C --mock-port N --broker-port N --platform-port N --data-dir PATH --postgres CS]
Console.OutputEncoding = Encoding.UTF8;
var (options, error) = SandboxOptions.Parse(args);
if (options is null)
{
    if (error is not null)
    {
        Console.Error.WriteLine("sandbox: " + error);
        Console.Error.WriteLine();
    }

    (error is null ? Console.Out : Console.Error).WriteLine(SandboxOptions.Usage);
    return error is null ? 0 : 2;
}

if (Repository.Find() is not { } repository)
{
    Console.Error.WriteLine($"sandbox: cannot find {Repository.SolutionFile} here or above; run it from inside the NetIdentity repository.");
    return 2;
}

using var sandbox = new SandboxRunner(repository, options);
return await sandbox.RunAsync();
