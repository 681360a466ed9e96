using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NetIdentity.Data.Audit;
using NetIdentity.Data.Consent;
using NetIdentity.Data.Keys;
using NetIdentity.Data.Limits;
using NetIdentity.Data.Login;
using NetIdentity.Data.Model;
using NetIdentity.Data.Protocol;
using NetIdentity.Data.Settings;

namespace NetIdentity.Data;

/// <summary>
/// The broker's database: OpenIddict's applications, authorizations, scopes and tokens; the
/// shared Data Protection key ring; shared signing and encryption keys; consumed bizSeqs; the
/// authentication log and its signed checkpoints; the consent ledger, sealed identity deliveries and the back-channel event
/// outbox; the platforms' SSF event streams; the current state of every login under way; fingerprints of settings that must not change silently; counters every instance shares; the replay cache of client assertions,
/// DPoP proofs and pushed request URIs. Register it with <c>AddNetIdentityData</c>, which maps this type to the
/// configured provider's subclass, so OpenIddict (<c>UseDbContext&lt;BrokerDbContext&gt;()</c>) and
/// Data Protection (<c>PersistKeysToDbContext&lt;BrokerDbContext&gt;()</c>) work on either provider.
/// </summary>
/// <remarks>
/// Nothing here holds a name, an ID number or a phone (PRODUCT rule 7): plaintext identity is
/// never stored at rest. Our own tables use snake_case names; OpenIddict's and Data Protection's
/// keep theirs.
/// </remarks>
public abstract class BrokerDbContext : DbContext, IDataProtectionKeyContext
{
    protected BrokerDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<KeyMaterial> KeyMaterial => Set<KeyMaterial>();

    public DbSet<ConsumedBizSeq> ConsumedBizSeqs => Set<ConsumedBizSeq>();

    public DbSet<AuthenticationLogRecord> AuthenticationLog => Set<AuthenticationLogRecord>();

    public DbSet<AuditCheckpointRecord> AuditCheckpoints => Set<AuditCheckpointRecord>();

    // Internal: the consent stores are reached through their Core ports only, so nothing outside
    // this assembly gets an update path to the append-only ledger.
    internal DbSet<ConsentLedgerRecord> ConsentLedger => Set<ConsentLedgerRecord>();

    internal DbSet<IdentityDeliveryRecord> IdentityDeliveries => Set<IdentityDeliveryRecord>();

    internal DbSet<EventOutboxRecord> EventOutbox => Set<EventOutboxRecord>();

    internal DbSet<LoginStateRecord> LoginStates => Set<LoginStateRecord>();

    internal DbSet<SettingPinRecord> SettingPins => Set<SettingPinRecord>();

    internal DbSet<SharedCounterRecord> SharedCounters => Set<SharedCounterRecord>();
    internal DbSet<ReplayEntryRecord> ReplayEntries => Set<ReplayEntryRecord>();

    internal DbSet<Sessions.PlatformSessionRecord> PlatformSessions => Set<Sessions.PlatformSessionRecord>();

    internal DbSet<Streams.EventStreamRecord> EventStreams => Set<Streams.EventStreamRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
        modelBuilder.ApplyConfiguration(new KeyMaterialConfiguration());
        modelBuilder.ApplyConfiguration(new ConsumedBizSeqConfiguration());
        modelBuilder.ApplyConfiguration(new AuthenticationLogConfiguration());
        modelBuilder.ApplyConfiguration(new AuditCheckpointConfiguration());
        modelBuilder.ApplyConfiguration(new ConsentLedgerConfiguration());
        modelBuilder.ApplyConfiguration(new IdentityDeliveryConfiguration());
        modelBuilder.ApplyConfiguration(new EventOutboxConfiguration());
        modelBuilder.ApplyConfiguration(new LoginStateConfiguration());
        modelBuilder.ApplyConfiguration(new SettingPinConfiguration());
        modelBuilder.ApplyConfiguration(new SharedCounterConfiguration());
        modelBuilder.ApplyConfiguration(new ReplayEntryConfiguration());
        modelBuilder.ApplyConfiguration(new PlatformSessionConfiguration());
        modelBuilder.ApplyConfiguration(new EventStreamConfiguration());
    }
}
