using System.Globalization;

namespace NetIdentity.Sandbox;

/// <summary>
/// The command line: <c>[--no-build] [--configuration NAME] [--mock-port N] [--broker-port N]
/// [--platform-port N] [--data-dir PATH] [--postgres CONNECTION-STRING]</c>.
/// </summary>
internal sealed record SandboxOptions(bool NoBuild, int MockPort, int BrokerPort, int PlatformPort, string? DataDir)
{
    public const string Usage = """
        Starts the NetIdentity sandbox: mock authority, broker and demo platform on 127.0.0.1.

        Usage: dotnet run --project src/NetIdentity.Sandbox [-- options]

          --no-build           start what was built last; do not build first
          --mock-port N        the mock authority's port (default 5300)
          --broker-port N      the broker's port (default 5100)
          --platform-port N    the demo platform's port (default 5200)
          --data-dir PATH      where the sandbox's data lives (default <repo>/.sandbox): the broker's
                               SQLite database and, in platform/, what the demo platform keeps;
                               delete the folder to start afresh
          --postgres CS        run the broker on PostgreSQL with this connection string instead of
                               SQLite (the database must exist or be creatable; it is migrated)
          --configuration C    the build configuration to build and start (default: Debug)
          --help               this text
        """;

    public static readonly SandboxOptions Defaults = new(false, 5300, 5100, 5200, null);

    /// <summary>The broker's PostgreSQL connection string; null for SQLite in <see cref="DataDir"/>.</summary>
    public string? Postgres { get; init; }

    /// <summary>The build configuration (<c>Debug</c>, <c>Release</c>); null for MSBuild's default.</summary>
    public string? Configuration { get; init; }

    /// <summary>The options, or why the command line is wrong; null options and null error mean "show help".</summary>
    public static (SandboxOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = Defaults;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = Split(args[i]);
            if (name is "--help" or "-h" or "-?")
            {
                return (null, null);
            }

            if (name == "--no-build" && inline is null)
            {
                options = options with { NoBuild = true };
                continue;
            }

            if (name is not ("--mock-port" or "--broker-port" or "--platform-port" or "--data-dir" or "--postgres" or "--configuration"))
            {
                return (null, $"Unknown option '{args[i]}'.");
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (string.IsNullOrWhiteSpace(value))
            {
                return (null, $"{name} needs a value.");
            }

            if (name is "--data-dir" or "--postgres" or "--configuration")
            {
                options = name switch
                {
                    "--data-dir" => options with { DataDir = value },
                    "--postgres" => options with { Postgres = value },
                    _ => options with { Configuration = value },
                };
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return (null, $"{name} must be a port number between 1 and 65535, not '{value}'.");
            }

            options = name switch
            {
                "--mock-port" => options with { MockPort = port },
                "--broker-port" => options with { BrokerPort = port },
                _ => options with { PlatformPort = port },
            };
        }

        return new[] { options.MockPort, options.BrokerPort, options.PlatformPort }.Distinct().Count() == 3
            ? (options, null)
            : (null, "The three ports must differ.");
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }
}
