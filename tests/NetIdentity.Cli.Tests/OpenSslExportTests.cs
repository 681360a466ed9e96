using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace NetIdentity.Cli.Tests;

/// <summary>
/// An auditor checks an export with OpenSSL alone (docs/audit.md): these run the documented commands
/// with the machine's <c>openssl</c> (OpenSSL 3 knows SM2 and SM3) against a real export. Without
/// <c>openssl</c> they are skipped, except under CI=true, where they fail. SQLite only: what OpenSSL
/// reads does not depend on the database the export came from (the export itself is tested on both).
/// </summary>
public sealed class OpenSslExportTests
{
    private const string Alice = "q0Zt3b4lA2v1mWmH9cJr3xkq9o3QO4m1k3b5nWg7uQc";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenSsl_VerifiesTheManifestSignatureAndTheEntriesHash()
    {
        await RequireOpenSslAsync();
        using var export = await ExportAsync();
        var manifest = Manifest(export.Path);

        var digest = await RunAsync(export.Path, "openssl", "dgst", "-sm3", "-r", "entries.jsonl");
        var verified = await RunAsync(export.Path, "openssl", "dgst", "-sm3", "-verify", "public-key.pem", "-signature", "manifest.sig", "-sigopt", "distid:1234567812345678", "manifest.json");

        Assert.Equal((0, $"{manifest.GetProperty("entries").GetProperty("sm3").GetString()} *entries.jsonl"), (digest.Exit, digest.Output.Trim()));
        Assert.Equal((0, "Verified OK"), (verified.Exit, verified.Output.Trim()));
    }

    [Fact]
    public async Task OpenSsl_RefusesAManifestChangedByOneByte()
    {
        await RequireOpenSslAsync();
        using var export = await ExportAsync();
        var path = Path.Combine(export.Path, "manifest.json");
        var text = await File.ReadAllTextAsync(path, Ct);
        await File.WriteAllTextAsync(path, text.Replace("\"count\": 2", "\"count\": 1", StringComparison.Ordinal), Ct);

        var verified = await RunAsync(export.Path, "openssl", "dgst", "-sm3", "-verify", "public-key.pem", "-signature", "manifest.sig", "-sigopt", "distid:1234567812345678", "manifest.json");

        Assert.Equal((1, "Verification failure"), (verified.Exit, verified.Output.Trim()));
    }

    [Fact]
    public async Task OpenSsl_RecomputesTheKeyIdAnEntryHashAndACheckpointSignature()
    {
        await RequireOpenSslAsync();
        using var export = await ExportAsync();
        var manifest = Manifest(export.Path);
        var line = JsonDocument.Parse((await File.ReadAllLinesAsync(Path.Combine(export.Path, "entries.jsonl"), Ct))[0]).RootElement;
        var checkpoint = manifest.GetProperty("checkpoints")[0];
        await File.WriteAllTextAsync(Path.Combine(export.Path, "checkpoint.txt"), checkpoint.GetProperty("payload").GetString(), Ct);
        await File.WriteAllBytesAsync(Path.Combine(export.Path, "checkpoint.sig"), Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!), Ct);

        // docs/audit.md, step by step.
        var keyId = await RunAsync(export.Path, "sh", "-c", "openssl pkey -pubin -in public-key.pem -outform DER | openssl dgst -sm3 -r");
        string[] fields = ["previousHash", "chainId", "position", "timeTicks", "clientId", "path", "bizSeq", "mode", "resultCode", "subject", "acr"];
        var values = fields.Select(f => line.GetProperty(f) is { ValueKind: JsonValueKind.Null } ? string.Empty : line.GetProperty(f).ToString());
        var entryHash = await RunAsync(
            export.Path,
            ["sh", "-c", "printf '%s\\037%s\\037%s\\037%s\\037%s\\037%s\\037%s\\037%s\\037%s\\037%s\\037%s' \"$@\" | openssl dgst -sm3 -r", "sh", .. values]);
        var checkpointSignature = await RunAsync(export.Path, "openssl", "dgst", "-sm3", "-verify", "public-key.pem", "-signature", "checkpoint.sig", "-sigopt", "distid:1234567812345678", "checkpoint.txt");

        Assert.Equal($"{manifest.GetProperty("signingKey").GetProperty("keyId").GetString()} *stdin", keyId.Output.Trim());
        Assert.Equal($"{line.GetProperty("hash").GetString()} *stdin", entryHash.Output.Trim());
        Assert.Equal((0, "Verified OK"), (checkpointSignature.Exit, checkpointSignature.Output.Trim()));
    }

    private static async Task<ExportFolder> ExportAsync()
    {
        await using var database = await CliDatabase.MigratedAsync(CliDatabase.Sqlite);
        await AuditCommandTests.WriteLogAsync(database, checkpoint: true);
        var export = new ExportFolder();
        var run = await database.RunAsync("audit", "export", "--subject", Alice, "--out", export.Path);
        Assert.Equal(ExitCodes.Ok, run.Exit);
        return export;
    }

    private static JsonElement Manifest(string folder) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "manifest.json"))).RootElement;

    private static async Task RequireOpenSslAsync()
    {
        try
        {
            var version = await RunAsync(Path.GetTempPath(), "openssl", "version");
            if (version.Exit == 0 && version.Output.StartsWith("OpenSSL 3", StringComparison.Ordinal))
            {
                return;
            }

            Skip($"openssl is not OpenSSL 3 ({version.Output.Trim()}), which the SM2 commands of docs/audit.md need.");
        }
        catch (Win32Exception)
        {
            Skip("openssl is not installed.");
        }
    }

    private static void Skip(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + " CI=true (Debian's base image has OpenSSL 3), so this fails instead of skipping.");
        }

        Assert.Skip(reason);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string folder, params string[] command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }
}
