using System.CommandLine;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.Platforms;
using NetIdentity.Data;

namespace NetIdentity.Cli;

/// <summary>
/// <c>netidentity</c>: the operator's commands (issue 11 §4). Each builds the broker's services from
/// the broker's configuration and does one thing; none starts a web server.
/// </summary>
public static class NetIdentityCommand
{
    private static readonly Option<string?> ContentRoot = new("--content-root")
    {
        Description = "The broker's folder (where its appsettings.json is). Default: this program's folder.",
    };

    private static readonly Option<string> EnvironmentName = new("--environment", "-e")
    {
        Description = "The ASP.NET Core environment whose appsettings.{Environment}.json applies.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Production,
    };

    private static readonly Option<string[]> Settings = new("--set")
    {
        Description = "A configuration value, Key=Value (e.g. --set ConnectionStrings:NetIdentity=\"Host=…\"); repeatable. Environment variables work too.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static RootCommand Create()
    {
        var root = new RootCommand("NetIdentity operator commands. Exit codes: 0 done, 1 invalid configuration or usage, 2 a check failed, 3 database unavailable, 4 not found, 5 refused by the state of what was named.");
        root.Options.Add(ContentRoot);
        root.Options.Add(EnvironmentName);
        root.Options.Add(Settings);
        ContentRoot.Recursive = true;
        EnvironmentName.Recursive = true;
        Settings.Recursive = true;

        root.Subcommands.Add(Migrate());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(Platforms());
        root.Subcommands.Add(Purge());
        root.Subcommands.Add(OutboxCommand.Create());
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await Create().Parse(args).InvokeAsync(configuration);
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Applies the migrations the database lacks (safe while instances run: the same lock as at start-up).");
        command.SetAction((result, cancellationToken) => RunAsync(result, async (services, output, _) =>
        {
            await services.MigrateNetIdentityDatabaseAsync(cancellationToken);
            await output.WriteLineAsync("The database has every migration.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Platforms()
    {
        var validate = new Command("validate", "Checks the whole configuration as the broker would at start-up, without starting it. Exit 1 with every failure.");
        validate.SetAction((result, _) => RunAsync(result, async (services, output, _) =>
        {
            var failures = BrokerServices.ValidationFailures(services);
            foreach (var failure in failures)
            {
                await output.WriteLineAsync("invalid: " + failure);
            }

            await output.WriteLineAsync(failures.Count == 0 ? "The configuration is valid." : $"{failures.Count} problem(s).");
            return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.InvalidConfiguration;
        }, validate: false));

        var list = new Command("list", "Lists the declared platforms: client id, authentication, scopes, legal basis.");
        list.SetAction((result, _) => RunAsync(result, async (services, output, _) =>
        {
            foreach (var platform in services.GetRequiredService<PlatformCatalog>().All)
            {
                var authentication = platform.JsonWebKeySet is { Length: > 0 } ? "private_key_jwt" : "client_secret";
                var legalBasis = platform.HasLegalBasis ? "legal basis" : "no legal basis";
                await output.WriteLineAsync($"{platform.ClientId}\t{authentication}\t{string.Join(' ', platform.Scopes)}\t{legalBasis}");
            }

            return ExitCodes.Ok;
        }));

        var command = new Command("platforms", "The platforms (relying parties) in the configuration.");
        command.Subcommands.Add(list);
        command.Subcommands.Add(validate);
        return command;
    }

    private static Command Purge()
    {
        var command = new Command("purge", "Erases what outlived its use now: expired logins, uncollected sealed identity, replay entries, unusable tokens and authorizations, old used bizSeqs (the broker also does it every minute).");
        command.SetAction((result, cancellationToken) => RunAsync(result, async (services, output, _) =>
        {
            var purged = await services.GetRequiredService<ExpiredStatePurger>().PurgeOnceAsync(cancellationToken);
            await output.WriteLineAsync(
                $"Purged {purged.Logins} expired login(s), {purged.Deliveries} uncollected identity delivery(ies), {purged.ReplayEntries} replay cache entry(ies), " +
                $"{purged.Tokens} token(s), {purged.Authorizations} authorization(s) and {purged.BizSeqs} used bizSeq(s).");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Builds the broker's services, refuses an invalid configuration (exit 1), runs the work, maps a database failure to exit 3.</summary>
    internal static async Task<int> RunAsync(ParseResult result, Func<IServiceProvider, TextWriter, TextWriter, Task<int>> work, bool validate = true)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        var common = new CommonOptions(result.GetValue(ContentRoot), result.GetValue(EnvironmentName)!, result.GetValue(Settings) ?? []);
        WebApplication app;
        try
        {
            app = BrokerServices.Build(common);
        }
        catch (InvalidOperationException exception)
        {
            await error.WriteLineAsync("invalid configuration: " + exception.Message);
            return ExitCodes.InvalidConfiguration;
        }

        await using (app)
        {
            if (validate && BrokerServices.ValidationFailures(app.Services) is { Count: > 0 } failures)
            {
                foreach (var failure in failures)
                {
                    await error.WriteLineAsync("invalid configuration: " + failure);
                }

                return ExitCodes.InvalidConfiguration;
            }

            try
            {
                return await work(app.Services, output, error);
            }
            catch (Exception exception) when (DatabaseFailure(exception) is { } failure)
            {
                // The type only: a provider's message may name hosts or users.
                await error.WriteLineAsync($"database unavailable ({failure.GetType().Name}): check ConnectionStrings:NetIdentity and that the server answers.");
                return ExitCodes.DatabaseUnavailable;
            }
        }
    }

    /// <summary>The database failure in an exception's chain (EF Core wraps a provider's in InvalidOperationException), or null.</summary>
    private static Exception? DatabaseFailure(Exception? exception) => exception switch
    {
        null => null,
        DbException or DbUpdateException or TimeoutException or System.Net.Sockets.SocketException => exception,
        _ => DatabaseFailure(exception.InnerException),
    };
}
