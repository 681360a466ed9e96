using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetIdentity.Broker.Audit;
using NetIdentity.Core.Audit;
using NetIdentity.Cryptography;
using NetIdentity.Data;
using NetIdentity.Data.Audit;

namespace NetIdentity.Cli.Tests;

/// <summary>
/// <c>netidentity audit verify|export</c> (issue 9 §8, issue 11 §4) on SQLite and PostgreSQL: the
/// verdicts, the export's files and their signature, and every refusal with its exit code.
/// </summary>
public sealed class AuditCommandTests
{
    private const string Alice = "q0Zt3b4lA2v1mWmH9cJr3xkq9o3QO4m1k3b5nWg7uQc";
    private const string Bob = "Zx9mK2pQ7rT4vW1yB8nC5dF3gH6jL0sA2eU4iO7kM9w";

    private static readonly DateTimeOffset Day = new(2025, 7, 15, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => CliDatabase.Providers;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_AfterTheChainIsTruncatedBelowItsCheckpoint_SaysSoAndExits2(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        var chainId = await WriteLogAsync(database, checkpoint: true);

        var intact = await database.RunAsync("audit", "verify");
        await SqlAsync(database, $"DELETE FROM authentication_log WHERE chain_id = '{chainId}' AND \"position\" = 4");
        var broken = await database.RunAsync("audit", "verify");

        Assert.Equal(ExitCodes.Ok, intact.Exit);
        Assert.StartsWith($"chain {chainId}: intact, 4 entry(ies), checkpointed to position 4, closed\n", intact.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CheckFailed, broken.Exit);
        Assert.StartsWith(
            $"chain {chainId}: BROKEN: checkpoint 1 covers position 4 but the chain ends at position 3: entries were removed\n1 chain(s), 1 broken; 1 checkpoint(s), newest 1 (sm3 ",
            broken.Output,
            StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_BySubject_WritesOnlyThatSubjectsEntriesWithASignedManifest(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        var chainId = await WriteLogAsync(database, checkpoint: true);
        using var export = new ExportFolder();
        var folder = export.Path;

        var run = await database.RunAsync("audit", "export", "--subject", Alice, "--out", folder);

        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.Equal($"Exported 2 entry(ies) to {folder}, manifest signed by key {OrganisationKey().KeyId}.", run.Output.Trim());
        var lines = Entries(folder);
        Assert.Equal([1L, 3L], lines.Select(l => l.GetProperty("position").GetInt64()));
        Assert.All(lines, l => Assert.Equal(Alice, l.GetProperty("subject").GetString()));
        Assert.All(lines, l => Assert.Equal(l.GetProperty("hash").GetString(), RecomputedHash(l)));

        var manifestBytes = await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.json"), Ct);
        var manifest = JsonDocument.Parse(manifestBytes).RootElement;
        var signature = await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.sig"), Ct);
        Assert.True(OrganisationKey().PublicKey.Verify(manifestBytes, signature, "1234567812345678"));
        Assert.Equal("netidentity-audit-export/1", manifest.GetProperty("format").GetString());
        Assert.Equal(Alice, manifest.GetProperty("selection").GetProperty("subject").GetString());
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("selection").GetProperty("from").ValueKind);
        Assert.Equal(2, manifest.GetProperty("entries").GetProperty("count").GetInt64());
        var entries = await File.ReadAllBytesAsync(Path.Combine(folder, "entries.jsonl"), Ct);
        Assert.Equal(
            Convert.ToHexStringLower(Sm3.Hash(entries)),
            manifest.GetProperty("entries").GetProperty("sm3").GetString());
        var chain = Assert.Single(manifest.GetProperty("chains").EnumerateArray());
        Assert.Equal((chainId, 2L, 1L, 3L, 4L), (
            chain.GetProperty("chainId").GetString(), chain.GetProperty("entries").GetInt64(), chain.GetProperty("firstPosition").GetInt64(),
            chain.GetProperty("lastPosition").GetInt64(), chain.GetProperty("checkpointedTo").GetInt64()));
        var checkpoint = Assert.Single(manifest.GetProperty("checkpoints").EnumerateArray());
        Assert.True(OrganisationKey().PublicKey.Verify(
            Encoding.UTF8.GetBytes(checkpoint.GetProperty("payload").GetString()!),
            Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!),
            "1234567812345678"));
        Assert.True(manifest.GetProperty("verification").GetProperty("intact").GetBoolean());
        Assert.Equal(OrganisationKey().PublicKey.ExportPem(), manifest.GetProperty("signingKey").GetProperty("publicKeyPem").GetString());
        Assert.Equal(OrganisationKey().PublicKey.ExportPem(), await File.ReadAllTextAsync(Path.Combine(folder, "public-key.pem"), Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_ByTimeRange_TakesFromInclusiveToExclusive(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        await WriteLogAsync(database, checkpoint: false);
        using var export = new ExportFolder();
        var folder = export.Path;

        var run = await database.RunAsync("audit", "export", "--from", "2025-07-15T09:00:00Z", "--to", "2025-07-15T11:00:00+00:00", "--out", folder);

        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.Equal(["2025-07-15T09:00:00.000000Z", "2025-07-15T10:00:00.000000Z"], Entries(folder).Select(l => l.GetProperty("time").GetString()));
        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.json"), Ct)).RootElement;
        Assert.Equal("2025-07-15T09:00:00.000000Z", manifest.GetProperty("selection").GetProperty("from").GetString());
        Assert.Equal("2025-07-15T11:00:00.000000Z", manifest.GetProperty("selection").GetProperty("to").GetString());
        Assert.Equal(0, Assert.Single(manifest.GetProperty("chains").EnumerateArray()).GetProperty("checkpointedTo").GetInt64());
        Assert.Empty(manifest.GetProperty("checkpoints").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_WhenTheLogFailsVerification_WritesNothingAndExits2(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        var chainId = await WriteLogAsync(database, checkpoint: true);
        await SqlAsync(database, $"UPDATE authentication_log SET subject = '{Bob}' WHERE chain_id = '{chainId}' AND \"position\" = 1");
        using var export = new ExportFolder();
        var folder = export.Path;

        var run = await database.RunAsync("audit", "export", "--subject", Alice, "--out", folder);

        Assert.Equal(ExitCodes.CheckFailed, run.Exit);
        Assert.Contains($"chain {chainId}: BROKEN: entry 1 does not hash to its stored hash\n", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("nothing was exported: an export must be evidence. Investigate with 'netidentity audit verify' (docs/audit.md).\n", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_IntoAFolderThatIsNotEmpty_RefusesWithExit1(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        using var export = new ExportFolder();
        var folder = export.Path;
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "entries.jsonl"), "earlier export\n", Ct);

        var run = await database.RunAsync("audit", "export", "--subject", Alice, "--out", folder);

        Assert.Equal(ExitCodes.InvalidConfiguration, run.Exit);
        Assert.Equal($"--out {folder} exists and is not empty: give a new or empty folder (an export never overwrites or joins another).", run.Error.Trim());
        Assert.Equal("earlier export\n", await File.ReadAllTextAsync(Path.Combine(folder, "entries.jsonl"), Ct));
    }

    [Theory]
    [InlineData("No selection: give --subject, or --from and/or --to, or both (docs/audit.md).")]
    [InlineData("--from '2025-07-15T09:00:00' is not an ISO 8601 time with Z or an offset, e.g. 2025-07-15T00:00:00Z.", "--from", "2025-07-15T09:00:00")]
    [InlineData("--to 'yesterday' is not an ISO 8601 time with Z or an offset, e.g. 2025-07-16T00:00:00Z.", "--to", "yesterday")]
    [InlineData("--from must be before --to (the range is [from, to)).", "--from", "2025-07-16T00:00:00Z", "--to", "2025-07-15T00:00:00Z")]
    public async Task Export_WithABadSelection_SaysWhatIsWrongAndExits1(string message, params string[] selection)
    {
        using var export = new ExportFolder();
        var folder = export.Path;

        var run = await CliRun.RunAsync(["audit", "export", .. selection, "--out", folder, "--environment", "Development"]);

        Assert.Equal((ExitCodes.InvalidConfiguration, message), (run.ExitCode, run.Error.Trim()));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Export_WithoutOut_IsAUsageError()
    {
        var run = await CliRun.RunAsync("audit", "export", "--subject", Alice, "--environment", "Development");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--out", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformsValidate_WithABadAuditSetting_SaysHowToFixIt()
    {
        var run = await CliRun.RunAsync(
            "platforms", "validate", "--environment", "Development",
            "--set", "Broker:Audit:CheckpointInterval=00:00:00", "--set", "Broker:Audit:FormerPublicKeys:0=not a key");

        Assert.Equal(ExitCodes.InvalidConfiguration, run.ExitCode);
        Assert.Contains("invalid: Broker:Audit:CheckpointInterval must be between 00:00:01 and 01:00:00 (default 00:01:00): it bounds how many recent log entries a database writer could remove unseen.", run.Lines);
        Assert.Contains("invalid: Broker:Audit:FormerPublicKeys:0 is not an SM2 public key in PEM (-----BEGIN PUBLIC KEY-----).", run.Lines);
    }

    [Fact]
    public async Task ExportHelp_DescribesTheOptions()
    {
        var run = await CliRun.RunAsync("audit", "export", "--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("--subject", run.Output, StringComparison.Ordinal);
        Assert.Contains("--from", run.Output, StringComparison.Ordinal);
        Assert.Contains("--out", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes, as one broker instance, four entries an hour apart from 08:00 (Alice, Bob, Alice, no
    /// subject) and, when asked, the final checkpoint its shutdown would write. Returns the chain.
    /// </summary>
    internal static async Task<string> WriteLogAsync(CliDatabase database, bool checkpoint)
    {
        await using var app = Services(database);
        var log = app.Services.GetRequiredService<EfAuthenticationLog>();
        string?[] subjects = [Alice, Bob, Alice, null];
        for (var i = 0; i < subjects.Length; i++)
        {
            await log.AppendAsync(
                new AuthenticationLogEntry
                {
                    Time = Day.AddHours(8 + i),
                    ClientId = "demo-forum",
                    Path = "netid",
                    BizSeq = $"BIZSEQ{i:D26}",
                    Mode = "R01",
                    ResultCode = subjects[i] is null ? "NI1005" : "C0000000",
                    Subject = subjects[i],
                    Acr = subjects[i] is null ? null : "urn:netidentity:acr:level1",
                },
                Ct);
        }

        if (checkpoint)
        {
            await app.Services.GetRequiredService<AuditCheckpointer>().CheckpointAsync(final: true, Ct);
        }

        return log.ChainId;
    }

    internal static List<JsonElement> Entries(string folder) =>
        [.. File.ReadAllLines(Path.Combine(folder, "entries.jsonl")).Select(line => JsonDocument.Parse(line).RootElement)];

    /// <summary>The hash of an exported line, recomputed from the line alone as docs/audit.md describes.</summary>
    internal static string RecomputedHash(JsonElement line)
    {
        string[] fields = ["previousHash", "chainId", "position", "timeTicks", "clientId", "path", "bizSeq", "mode", "resultCode", "subject", "acr"];
        var canonical = string.Join('\u001f', fields.Select(f => line.GetProperty(f) switch
        {
            { ValueKind: JsonValueKind.Null } => string.Empty,
            { ValueKind: JsonValueKind.Number } n => n.GetInt64().ToString(CultureInfo.InvariantCulture),
            var s => s.GetString(),
        }));
        return Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes(canonical)));
    }

    internal static AuditSigningKey OrganisationKey()
    {
        using var app = BrokerServices.Build(new CommonOptions(null, "Development", []));
        return app.Services.GetRequiredService<AuditKeys>().Signing;
    }

    internal static WebApplication Services(CliDatabase database) =>
        BrokerServices.Build(new CommonOptions(null, "Development", [$"Database:Provider={database.Provider}", $"ConnectionStrings:NetIdentity={database.ConnectionString}"]));

    private static async Task SqlAsync(CliDatabase database, string sql)
    {
        await using var app = Services(database);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<BrokerDbContext>().Database.ExecuteSqlRawAsync(sql, Ct));
    }
}

/// <summary>A fresh folder name under the temporary folder for one export; deleted with what is in it.</summary>
internal sealed class ExportFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netid-export-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
