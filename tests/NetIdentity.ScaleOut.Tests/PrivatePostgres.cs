using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NetIdentity.Bench.Driver.Sandbox;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// A PostgreSQL server of the test's own, in a temporary folder on a free port, that a test may
/// stop and start: the shared server on 5432 serves other test projects at the same time and is
/// never touched. Trust authentication on 127.0.0.1 only. PostgreSQL refuses to run as root, so
/// as root (CI) every command runs as the <c>postgres</c> user, which then owns the folder.
/// Without the binaries the test skips, except under <c>CI=true</c>, where it fails.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private const string OsUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string bin;
    private readonly string folder;
    private readonly int port;

    private PrivatePostgres(string bin, string folder, int port)
    {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
    }

    /// <summary>The server, as the postgres role (no password: trust on 127.0.0.1), pooling left on as in production.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
    }.ConnectionString;

    private string DataDirectory => Path.Combine(folder, "data");

    private string LogFile => Path.Combine(folder, "server.log");

    /// <summary>Creates the cluster (initdb) and starts it.</summary>
    public static async Task<PrivatePostgres> StartAsync(CancellationToken cancellationToken)
    {
        var bin = FindBinaries();
        if (bin is null)
        {
            ScaleOutCluster.SkipOrFail("No PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql): the fault test restarts a server of its own.");
        }

        var folder = Directory.CreateTempSubdirectory("netid-pg-").FullName;
        var server = new PrivatePostgres(bin!, folder, FreePorts.One());
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await server.RunAsync("/bin/chown", [OsUser, folder], asPostgres: false, cancellationToken);
            }

            await server.RunAsync(Path.Combine(bin!, "initdb"), ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], asPostgres: true, cancellationToken);
            await server.StartServerAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the server with <c>pg_ctl stop -m fast</c> (sessions are disconnected and their
    /// transactions rolled back, as in a restart or a fail-over), keeps it down for
    /// <paramref name="down"/>, and starts it again.
    /// </summary>
    public async Task RestartAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        await StopServerAsync("fast", cancellationToken);
        await Task.Delay(down, cancellationToken);
        await StartServerAsync(cancellationToken);
    }

    /// <summary>What the server logged, for a failure message.</summary>
    public string Log()
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return "--- postgres ---\n" + string.Join('\n', lines.TakeLast(60));
        }
        catch (IOException)
        {
            return "--- postgres: no log ---";
        }
        catch (UnauthorizedAccessException)
        {
            return "--- postgres: log unreadable ---";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await StopServerAsync("immediate", CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder goes anyway.
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder; nothing in it is real data.
        }
        catch (UnauthorizedAccessException)
        {
            // Left to the system's temporary-file cleanup.
        }
    }

    private Task StartServerAsync(CancellationToken cancellationToken) => RunAsync(
        Path.Combine(bin, "pg_ctl"),
        ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)} -k {folder} -c listen_addresses=127.0.0.1", "start"],
        asPostgres: true,
        cancellationToken);

    private Task StopServerAsync(string mode, CancellationToken cancellationToken) => RunAsync(
        Path.Combine(bin, "pg_ctl"),
        ["-D", DataDirectory, "-w", "-t", "60", "-m", mode, "stop"],
        asPostgres: true,
        cancellationToken);

    /// <summary>Runs a PostgreSQL command, as the postgres user when this process is root.</summary>
    private async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        if (asPostgres && Environment.IsPrivilegedProcess)
        {
            start.FileName = "/usr/sbin/runuser";
            foreach (var argument in (string[])["-u", OsUser, "--", fileName, .. arguments])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = fileName;
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");

        // pg_ctl start leaves the server holding its own output handles only when -l is given, so
        // reading to the end returns once pg_ctl itself has ended.
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(CommandTimeout);
        await process.WaitForExitAsync(bounded.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}\n{Log()}");
        }
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0)
                .FirstOrDefault()
            : null;
}
