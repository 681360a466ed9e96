using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Keys;

namespace NetIdentity.Cli;

/// <summary>The <c>netidentity</c> command: operator tasks on a broker's database (docs/operations.md).</summary>
public static class NetIdentityCli
{
    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    /// <param name="args">The command line, e.g. <c>keys list</c>.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="settings">Configuration over the broker's (tests; operators use the environment).</param>
    /// <param name="environment">The host environment; by default <c>DOTNET_ENVIRONMENT</c>, as for the broker.</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings = null, string? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        WebApplication? app = null;
        try
        {
            async Task<KeyOperations> OpenAsync(CancellationToken cancellationToken)
            {
                app ??= await BrokerServices.OpenAsync(settings, environment, cancellationToken);
                return app.Services.GetRequiredService<KeyOperations>();
            }

            var root = new RootCommand("NetIdentity operator commands.") { KeysCommand.Create(OpenAsync, output, error) };
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }
}
