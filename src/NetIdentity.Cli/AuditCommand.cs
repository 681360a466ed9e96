using System.CommandLine;
using System.Globalization;
using NetIdentity.Broker.Audit;
using NetIdentity.Core.Audit;
using NetIdentity.Data;
using NetIdentity.Data.Audit;

namespace NetIdentity.Cli;

/// <summary>
/// <c>netidentity audit verify|export</c> (issue 9 §8, issue 11 §4): verify every chain of the
/// authentication log against its signed checkpoints, and export entries for an authority with a
/// signed manifest (docs/audit.md).
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "The authentication log: verify it, export it for an authority (docs/audit.md).");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command Verify()
    {
        var verify = new Command("verify", "Verifies every hash chain of the authentication log and the signed checkpoints (PRODUCT rule 6). Exit 2 when anything is wrong.");
        verify.SetAction((result, cancellationToken) => NetIdentityCommand.RunAsync(result, async (services, output, _) =>
        {
            var report = await VerifyAsync(services, cancellationToken);
            await WriteAsync(report, output);
            return report.IsIntact ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }));
        return verify;
    }

    private static Command Export()
    {
        var subject = new Option<string?>("--subject") { Description = "Entries of this subject, exactly as the log stores it (the pairwise sub the platform received)." };
        var from = new Option<string?>("--from") { Description = "Entries at or after this UTC time, ISO 8601 with Z or an offset (e.g. 2025-07-15T00:00:00Z)." };
        var to = new Option<string?>("--to") { Description = "Entries before this UTC time, ISO 8601 with Z or an offset." };
        var folder = new Option<string>("--out") { Description = "A new or empty folder for entries.jsonl, manifest.json, manifest.sig and public-key.pem.", Required = true };
        var export = new Command("export", "Verifies the whole log, then exports the entries of a subject and/or a time range as JSON lines with a manifest signed by the organisation's SM2 key. Exit 1 for a bad selection or folder, 2 when the log fails verification (nothing is written).")
        {
            subject, from, to, folder,
        };
        export.SetAction((result, cancellationToken) => NetIdentityCommand.RunAsync(result, async (services, output, error) =>
        {
            var (selection, problem) = Selection(result.GetValue(subject), result.GetValue(from), result.GetValue(to));
            var target = Path.GetFullPath(result.GetRequiredValue(folder));
            problem ??= Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()
                ? $"--out {target} exists and is not empty: give a new or empty folder (an export never overwrites or joins another)."
                : File.Exists(target) ? $"--out {target} is a file: give a new or empty folder." : null;
            if (problem is not null)
            {
                await error.WriteLineAsync(problem);
                return ExitCodes.InvalidConfiguration;
            }

            var report = await VerifyAsync(services, cancellationToken);
            if (!report.IsIntact)
            {
                await WriteAsync(report, error);
                await error.WriteLineAsync("The authentication log fails verification, so nothing was exported: an export must be evidence. Investigate with 'netidentity audit verify' (docs/audit.md).");
                return ExitCodes.CheckFailed;
            }

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            var key = services.GetRequiredService<AuditKeys>().Signing;
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var count = await AuditExport.WriteAsync(db, key, selection!, report, target, now, cancellationToken);
            await output.WriteLineAsync($"Exported {count} entry(ies) to {target}, manifest signed by key {key.KeyId}.");
            return ExitCodes.Ok;
        }));
        return export;
    }

    /// <summary>The selection, or why the options make none.</summary>
    internal static (ExportSelection? Selection, string? Problem) Selection(string? subject, string? from, string? to)
    {
        if (string.IsNullOrWhiteSpace(subject) && from is null && to is null)
        {
            return (null, "No selection: give --subject, or --from and/or --to, or both (docs/audit.md).");
        }

        if (!TryTime(from, out var start))
        {
            return (null, $"--from '{from}' is not an ISO 8601 time with Z or an offset, e.g. 2025-07-15T00:00:00Z.");
        }

        if (!TryTime(to, out var end))
        {
            return (null, $"--to '{to}' is not an ISO 8601 time with Z or an offset, e.g. 2025-07-16T00:00:00Z.");
        }

        if (start is not null && end is not null && start >= end)
        {
            return (null, "--from must be before --to (the range is [from, to)).");
        }

        return (new ExportSelection(string.IsNullOrWhiteSpace(subject) ? null : subject, start, end), null);
    }

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        // An explicit zone only: a bare local time would select another day on another machine.
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 19 && text.LastIndexOfAny(['+', '-']) > 10);
        if (!hasZone || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        time = parsed.ToUniversalTime();
        return true;
    }

    private static Task<AuditLogReport> VerifyAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<AuthenticationLogVerifier>().VerifyAsync(services.GetRequiredService<AuditKeys>().Trusted, cancellationToken);

    private static async Task WriteAsync(AuditLogReport report, TextWriter writer)
    {
        foreach (var finding in report.CheckpointFindings)
        {
            await writer.WriteLineAsync("checkpoints: BROKEN: " + finding.Message);
        }

        foreach (var chain in report.Chains)
        {
            if (chain.IsIntact)
            {
                var closed = chain.Closed ? ", closed" : string.Empty;
                var pending = chain.NotYetCheckpointed > 0 ? $", {chain.NotYetCheckpointed} after the last checkpoint" : string.Empty;
                await writer.WriteLineAsync($"chain {chain.ChainId}: intact, {chain.Entries} entry(ies), checkpointed to position {chain.CheckpointedTo}{closed}{pending}");
            }

            foreach (var finding in chain.Findings)
            {
                await writer.WriteLineAsync($"chain {chain.ChainId}: BROKEN: {finding.Message}");
            }
        }

        var newest = report.LastCheckpoint is { } last ? $", newest {last.Sequence} (sm3 {last.Hash()})" : string.Empty;
        await writer.WriteLineAsync(
            $"{report.Chains.Count} chain(s), {report.Chains.Count(c => !c.IsIntact)} broken; {report.Checkpoints} checkpoint(s){newest}, {report.CheckpointFindings.Count} checkpoint problem(s).");
    }
}
