using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// A tripwire for PRODUCT rule 7 (plaintext identity is never stored at rest): none of our own
/// tables may grow a column that looks like a name, an ID number, a phone or a birth date.
/// </summary>
public sealed partial class PrivacyGuardTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public void Model_OwnEntities_HaveNoPersonalDataColumn(string provider)
    {
        using BrokerDbContext db = provider == TestDatabase.Sqlite ? DesignTimeContexts.Sqlite() : DesignTimeContexts.PostgreSql();
        var ours = db.Model.GetEntityTypes().Where(e => e.ClrType.Assembly == typeof(BrokerDbContext).Assembly).ToList();

        var suspicious = ours
            .SelectMany(e => e.GetProperties().SelectMany(p => new[] { $"{e.ClrType.Name}.{p.Name}", $"{e.GetTableName()}.{p.GetColumnName()}" }))
            .Where(name => PersonalData().IsMatch(name))
            .ToList();

        Assert.Equal(13, ours.Count);
        Assert.Empty(suspicious);
    }

    /// <summary>
    /// The tables that sit nearest to plaintext identity, pinned column by column: a new column
    /// fails here until someone has looked at what it may hold. The envelope is the authority's
    /// sealed SM2 envelope, the receipt and payload are signed tokens with pseudonymous keys.
    /// </summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public void Model_ConsentTables_HaveOnlyTheReviewedColumns(string provider)
    {
        using BrokerDbContext db = provider == TestDatabase.Sqlite ? DesignTimeContexts.Sqlite() : DesignTimeContexts.PostgreSql();

        Assert.Equal(
            ["client_id", "decision", "guardian_key", "id", "items", "legal_basis", "person_key", "purpose_version", "receipt", "retention", "subject", "time", "withdraws"],
            Columns(db, "consent_ledger"));
        Assert.Equal(
            ["biz_seq", "client_id", "created_at", "envelope", "expires_at", "id", "subject"],
            Columns(db, "identity_deliveries"));
        Assert.Equal(
            ["attempts", "client_id", "created_at", "dead_lettered_at", "delivered_at", "endpoint", "failing_since", "id", "kind", "last_error", "lease_expires_at", "lease_owner", "next_attempt_at", "payload", "stream_id"],
            Columns(db, "event_outbox"));
        Assert.Equal(
            ["biz_seq", "client_id", "code_issued_at", "consumed_at"],
            Columns(db, "consumed_biz_seqs"));

        // The payload is the login's state protected with Data Protection: opaque at rest.
        Assert.Equal(
            ["client_id", "created_at", "expires_at", "key", "login_id", "payload", "state", "version"],
            Columns(db, "login_states"));

        // A fingerprint names a key without revealing it (HMAC under the key); no value is stored.
        Assert.Equal(["fingerprint", "pinned_at", "setting"], Columns(db, "setting_pins"));

        // The key is an HMAC of what is counted (an address, a person key), never the value itself.
        Assert.Equal(["counter_key", "expires_at", "hits"], Columns(db, "shared_counters"));

        // Back-channel logout notes (issue 12 §2): a random sid, the pairwise sub and the person key, both HMACs.
        Assert.Equal(["client_id", "created_at", "expires_at", "person_key", "sid", "subject"], Columns(db, "platform_sessions"));

        // SSF streams (issue 12 §1): a platform's delivery settings and its own words; the push
        // Authorization header is the platform's secret, protected by Data Protection.
        Assert.Equal(
            ["authorization_header", "client_id", "created_at", "delivery", "description", "endpoint_url", "events_requested", "id", "last_verification_at", "status", "status_reason", "updated_at"],
            Columns(db, "ssf_streams"));

        // A checkpoint names a chain, a position and hashes; nothing about any person.
        Assert.Equal(
            ["chain_id", "final", "hash", "head_hash", "key_id", "position", "previous_hash", "sequence", "signature", "time"],
            Columns(db, "audit_checkpoints"));
    }

    private static IEnumerable<string> Columns(BrokerDbContext db, string table) =>
        Assert.Single(db.Model.GetEntityTypes(), e => e.GetTableName() == table)
            .GetProperties()
            .Select(p => p.GetColumnName())
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"\.\w*(name|id_?number|id_?card|id_?no|id_?type|phone|mobile|birth|address|email|plain)", RegexOptions.IgnoreCase)]
    private static partial Regex PersonalData();
}
