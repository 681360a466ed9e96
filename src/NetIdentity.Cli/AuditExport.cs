using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetIdentity.Core.Audit;
using NetIdentity.Cryptography;
using NetIdentity.Data;
using NetIdentity.Data.Audit;

namespace NetIdentity.Cli;

/// <summary>What an export takes: entries of one subject, of a time range [from, to), or both.</summary>
/// <param name="Subject">The subject exactly as the log stores it (the pairwise <c>sub</c>).</param>
/// <param name="From">Inclusive lower bound of the entry time.</param>
/// <param name="To">Exclusive upper bound of the entry time.</param>
internal sealed record ExportSelection(string? Subject, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>
/// Writes an export of the authentication log for an authority (issue 9 §8): <c>entries.jsonl</c>,
/// one entry per line with every field its chain hash covers; <c>manifest.json</c>, what was
/// selected, the SM3 of the entries file, the checkpoints that cover them and the signing key;
/// <c>manifest.sig</c>, the organisation key's SM2 signature over the manifest's exact bytes; and
/// <c>public-key.pem</c>, that key. docs/audit.md shows how an auditor checks it with OpenSSL.
/// </summary>
internal static class AuditExport
{
    public const string Format = "netidentity-audit-export/1";
    public const string EntriesFile = "entries.jsonl";
    public const string ManifestFile = "manifest.json";
    public const string SignatureFile = "manifest.sig";
    public const string PublicKeyFile = "public-key.pem";

    // Relaxed escaping: the files are read by people, jq and OpenSSL, never embedded in HTML, and
    // base64 signatures and PEM keys stay readable ('+' unescaped).
    private static readonly JsonWriterOptions LineOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions ManifestOptions = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the four files into <paramref name="folder"/> (which must be empty or absent); returns how many entries.</summary>
    /// <param name="db">The broker's database.</param>
    /// <param name="key">The key that signs the manifest.</param>
    /// <param name="selection">Which entries.</param>
    /// <param name="report">The verification just made of the whole log, which must be intact.</param>
    /// <param name="folder">Where to write.</param>
    /// <param name="now">The export's time.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public static async Task<long> WriteAsync(
        BrokerDbContext db,
        AuditSigningKey key,
        ExportSelection selection,
        AuditLogReport report,
        string folder,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var chains = new SortedDictionary<string, (long Count, long First, long Last)>(StringComparer.Ordinal);
        var entriesPath = Path.Combine(folder, EntriesFile);
        await using (var file = new FileStream(entriesPath, FileMode.CreateNew, FileAccess.Write))
        {
            var buffer = new ArrayBufferWriter<byte>();
            await foreach (var row in Select(db, selection).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                buffer.ResetWrittenCount();
                WriteLine(buffer, row);
                await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
                file.WriteByte((byte)'\n');
                chains[row.ChainId] = chains.TryGetValue(row.ChainId, out var seen)
                    ? (seen.Count + 1, seen.First, row.Position)
                    : (1, row.Position, row.Position);
            }
        }

        byte[] entriesHash;
        await using (var file = File.OpenRead(entriesPath))
        {
            entriesHash = await Sm3.HashAsync(file, cancellationToken);
        }

        var checkpoints = new List<AuditCheckpoint>();
        foreach (var (chainId, span) in chains)
        {
            checkpoints.AddRange(await CoveringCheckpointsAsync(db, chainId, span.Last, cancellationToken));
        }

        var manifest = Manifest(key, selection, report, now, chains, Convert.ToHexStringLower(entriesHash), checkpoints);
        await File.WriteAllBytesAsync(Path.Combine(folder, ManifestFile), manifest, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(folder, SignatureFile), key.Sign(manifest), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, PublicKeyFile), key.PublicKey.ExportPem(), cancellationToken);
        return chains.Values.Sum(c => c.Count);
    }

    /// <summary>The selected entries in chain order (chain id, then position), so runs of one chain can be followed hash to hash.</summary>
    private static IQueryable<AuthenticationLogRecord> Select(BrokerDbContext db, ExportSelection selection)
    {
        var rows = db.AuthenticationLog.AsNoTracking();
        if (selection.Subject is { } subject)
        {
            rows = rows.Where(r => r.Subject == subject);
        }

        if (selection.From is { } from)
        {
            rows = rows.Where(r => r.Time >= from);
        }

        if (selection.To is { } to)
        {
            rows = rows.Where(r => r.Time < to);
        }

        return rows.OrderBy(r => r.ChainId).ThenBy(r => r.Position);
    }

    /// <summary>
    /// One entry, with every field <see cref="AuditChain.Hash"/> covers: the hash is SM3 over previousHash,
    /// chainId, position, timeTicks, clientId, path, bizSeq, mode, resultCode, subject and acr joined by
    /// U+001F, null as empty text (docs/audit.md rebuilds it with jq or printf).
    /// </summary>
    private static void WriteLine(IBufferWriter<byte> buffer, AuthenticationLogRecord row)
    {
        using var json = new Utf8JsonWriter(buffer, LineOptions);
        json.WriteStartObject();
        json.WriteString("chainId", row.ChainId);
        json.WriteNumber("position", row.Position);
        json.WriteString("time", AuditCheckpoint.FormatTime(row.Time));

        // A string: 18-digit tick counts exceed a double's exact range, and jq reads numbers as doubles.
        json.WriteString("timeTicks", row.Time.UtcTicks.ToString(CultureInfo.InvariantCulture));
        json.WriteString("clientId", row.ClientId);
        json.WriteString("path", row.Path);
        WriteOptional(json, "bizSeq", row.BizSeq);
        WriteOptional(json, "mode", row.Mode);
        json.WriteString("resultCode", row.ResultCode);
        WriteOptional(json, "subject", row.Subject);
        WriteOptional(json, "acr", row.Acr);
        json.WriteString("previousHash", row.PreviousHash);
        json.WriteString("hash", row.Hash);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string property, string? value)
    {
        if (value is null)
        {
            json.WriteNull(property);
        }
        else
        {
            json.WriteString(property, value);
        }
    }

    /// <summary>
    /// The earliest checkpoint that covers the chain's last exported entry (so every exported entry
    /// of the chain lies at or before a signed head) and the chain's newest checkpoint.
    /// </summary>
    private static async Task<IEnumerable<AuditCheckpoint>> CoveringCheckpointsAsync(BrokerDbContext db, string chainId, long lastExported, CancellationToken cancellationToken)
    {
        var ofChain = db.AuditCheckpoints.AsNoTracking().Where(c => c.ChainId == chainId);
        var covering = await ofChain.Where(c => c.Position >= lastExported).OrderBy(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
        var newest = await ofChain.OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
        return new[] { covering, newest }.OfType<AuditCheckpointRecord>().DistinctBy(c => c.Sequence).Select(c => c.ToCheckpoint());
    }

    private static byte[] Manifest(
        AuditSigningKey key,
        ExportSelection selection,
        AuditLogReport report,
        DateTimeOffset now,
        SortedDictionary<string, (long Count, long First, long Last)> chains,
        string entriesHash,
        List<AuditCheckpoint> checkpoints)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, ManifestOptions))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("created", AuditCheckpoint.FormatTime(now));

            json.WriteStartObject("selection");
            WriteOptional(json, "subject", selection.Subject);
            WriteOptional(json, "from", selection.From is { } from ? AuditCheckpoint.FormatTime(from) : null);
            WriteOptional(json, "to", selection.To is { } to ? AuditCheckpoint.FormatTime(to) : null);
            json.WriteEndObject();

            json.WriteStartObject("entries");
            json.WriteString("file", EntriesFile);
            json.WriteNumber("count", chains.Values.Sum(c => c.Count));
            json.WriteString("sm3", entriesHash);
            json.WriteEndObject();

            var reports = report.Chains.ToDictionary(c => c.ChainId, StringComparer.Ordinal);
            json.WriteStartArray("chains");
            foreach (var (chainId, span) in chains)
            {
                var checkpointedTo = reports.TryGetValue(chainId, out var chain) ? chain.CheckpointedTo : 0;
                json.WriteStartObject();
                json.WriteString("chainId", chainId);
                json.WriteNumber("entries", span.Count);
                json.WriteNumber("firstPosition", span.First);
                json.WriteNumber("lastPosition", span.Last);
                json.WriteNumber("checkpointedTo", checkpointedTo);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartObject("verification");
            json.WriteBoolean("intact", report.IsIntact);
            json.WriteNumber("chains", report.Chains.Count);
            json.WriteNumber("checkpoints", report.Checkpoints);
            if (report.LastCheckpoint is { } last)
            {
                json.WriteNumber("newestCheckpoint", last.Sequence);
                json.WriteString("newestCheckpointSm3", last.Hash());
            }

            json.WriteEndObject();

            json.WriteStartArray("checkpoints");
            foreach (var checkpoint in checkpoints)
            {
                json.WriteStartObject();
                json.WriteNumber("sequence", checkpoint.Sequence);
                json.WriteString("chainId", checkpoint.ChainId);
                json.WriteNumber("position", checkpoint.Position);
                json.WriteString("headHash", checkpoint.HeadHash);
                json.WriteString("time", AuditCheckpoint.FormatTime(checkpoint.Time));
                json.WriteBoolean("final", checkpoint.Final);
                json.WriteString("previousCheckpointHash", checkpoint.PreviousCheckpointHash);
                json.WriteString("keyId", checkpoint.KeyId);
                json.WriteString("payload", System.Text.Encoding.UTF8.GetString(checkpoint.Payload()));
                json.WriteString("signature", Convert.ToBase64String(checkpoint.Signature));
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartObject("signingKey");
            json.WriteString("keyId", key.KeyId);
            json.WriteString("publicKeyPem", key.PublicKey.ExportPem());
            json.WriteEndObject();

            json.WriteStartObject("signature");
            json.WriteString("file", SignatureFile);
            json.WriteString("algorithm", "SM2 with SM3 (GB/T 32918.2), DER SEQUENCE { r, s }");
            json.WriteString("distinguishingId", AuditSigningKey.DistinguishingId);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return [.. buffer.WrittenSpan, (byte)'\n'];
    }
}
