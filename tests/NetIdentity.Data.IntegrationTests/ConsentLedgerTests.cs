using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;
using NetIdentity.Data.Consent;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>Tests share a database per provider and keep apart by their own person keys.</summary>
public sealed class ConsentLedgerTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_IdentityGrant_ReadsBackEveryField(string provider)
    {
        var ledger = await LedgerAsync(provider);
        var person = ConsentData.NewKey();
        var grant = ConsentData.Grant(person, ConsentData.NewClientId(), ConsentData.Noon, ConsentItem.Identity, ConsentItem.AgeBand) with
        {
            LegalBasis = "《网络安全法》第二十四条",
            Retention = "账号注销后三年 / three years after the account is closed",
            Receipt = "eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiJyZWNlaXB0In0.c2ln",
        };

        await ledger.AppendAsync(grant, Cancel);

        var stored = Assert.Single(await ledger.ForPlatformAsync(person, grant.ClientId, Cancel));
        Assert.Equal(grant with { Time = ConsentData.Stored(grant.Time), Items = stored.Items }, stored);
        Assert.Equal([ConsentItem.Identity, ConsentItem.AgeBand], stored.Items);
        Assert.Equal(TimeSpan.Zero, stored.Time.Offset);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ForPlatform_WithEntriesAppendedOutOfOrder_ReturnsThatPlatformsNewestFirst(string provider)
    {
        var ledger = await LedgerAsync(provider);
        var person = ConsentData.NewKey();
        var client = ConsentData.NewClientId();
        var middle = ConsentData.Grant(person, client, ConsentData.Noon);
        var newest = ConsentData.Grant(person, client, ConsentData.Noon.AddMinutes(1)) with { Decision = ConsentDecision.Withdrawn, Withdraws = middle.Id };
        var oldest = ConsentData.Grant(person, client, ConsentData.Noon.AddMinutes(-1)) with { Decision = ConsentDecision.Refused };
        var otherPlatform = ConsentData.Grant(person, ConsentData.NewClientId(), ConsentData.Noon);

        foreach (var record in new[] { middle, newest, otherPlatform, oldest })
        {
            await ledger.AppendAsync(record, Cancel);
        }

        var entries = await ledger.ForPlatformAsync(person, client, Cancel);
        Assert.Equal([newest.Id, middle.Id, oldest.Id], entries.Select(e => e.Id));
        Assert.Equal([ConsentDecision.Withdrawn, ConsentDecision.Granted, ConsentDecision.Refused], entries.Select(e => e.Decision));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ForPerson_OfAGuardian_ReturnsTheirOwnEntriesAndThoseTheyDecidedForAChild(string provider)
    {
        var ledger = await LedgerAsync(provider);
        var guardian = ConsentData.NewKey();
        var child = ConsentData.NewKey();
        var own = ConsentData.Grant(guardian, ConsentData.NewClientId(), ConsentData.Noon);
        var forChild = ConsentData.Grant(child, ConsentData.NewClientId(), ConsentData.Noon.AddSeconds(1)) with { GuardianKey = guardian };
        var childAlone = ConsentData.Grant(child, ConsentData.NewClientId(), ConsentData.Noon.AddSeconds(2));
        var stranger = ConsentData.Grant(ConsentData.NewKey(), own.ClientId, ConsentData.Noon.AddSeconds(3));

        foreach (var record in new[] { own, forChild, childAlone, stranger })
        {
            await ledger.AppendAsync(record, Cancel);
        }

        Assert.Equal([forChild.Id, own.Id], (await ledger.ForPersonAsync(guardian, Cancel)).Select(e => e.Id));
        Assert.Equal([childAlone.Id, forChild.Id], (await ledger.ForPersonAsync(child, Cancel)).Select(e => e.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ForPerson_WithNoEntries_ReturnsNone(string provider)
    {
        var ledger = await LedgerAsync(provider);

        Assert.Empty(await ledger.ForPersonAsync(ConsentData.NewKey(), Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_WithdrawalAfterGrant_KeepsBothAndEndsTheStandingGrant(string provider)
    {
        var ledger = await LedgerAsync(provider);
        var person = ConsentData.NewKey();
        var grant = ConsentData.Grant(person, ConsentData.NewClientId(), ConsentData.Noon, ConsentItem.MaskedIdentity);
        await ledger.AppendAsync(grant, Cancel);
        Assert.NotNull(ConsentState.StandingGrant(await ledger.ForPlatformAsync(person, grant.ClientId, Cancel), ConsentItem.MaskedIdentity, grant.PurposeVersion));

        await ledger.AppendAsync(grant with { Id = ConsentData.NewId(), Time = grant.Time.AddHours(1), Decision = ConsentDecision.Withdrawn, Withdraws = grant.Id }, Cancel);

        var entries = await ledger.ForPlatformAsync(person, grant.ClientId, Cancel);
        Assert.Equal(2, entries.Count);
        Assert.Null(ConsentState.StandingGrant(entries, ConsentItem.MaskedIdentity, grant.PurposeVersion));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_WithAnExistingIdAndOtherContent_ThrowsAndKeepsTheFirstEntry(string provider)
    {
        var ledger = await LedgerAsync(provider);
        var person = ConsentData.NewKey();
        var grant = ConsentData.Grant(person, ConsentData.NewClientId(), ConsentData.Noon);
        await ledger.AppendAsync(grant, Cancel);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ledger.AppendAsync(grant with { Decision = ConsentDecision.Refused }, Cancel));

        Assert.Equal(
            $"The consent ledger already holds an entry with id '{grant.Id}'. Entries are never replaced: record a new decision as a new entry with a new id.",
            exception.Message);
        Assert.Equal(ConsentDecision.Granted, Assert.Single(await ledger.ForPersonAsync(person, Cancel)).Decision);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_SameEntryTwice_StoresItOnce(string provider)
    {
        // What a retried commit whose first attempt was stored looks like to the store.
        var ledger = await LedgerAsync(provider);
        var person = ConsentData.NewKey();
        var grant = ConsentData.Grant(person, ConsentData.NewClientId(), ConsentData.Noon);
        await ledger.AppendAsync(grant, Cancel);

        await ledger.AppendAsync(grant, Cancel);

        Assert.Single(await ledger.ForPersonAsync(person, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_WithoutItems_ThrowsAndStoresNothing(string provider)
    {
        var ledger = await LedgerAsync(provider);
        var person = ConsentData.NewKey();

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => ledger.AppendAsync(ConsentData.Grant(person, ConsentData.NewClientId(), ConsentData.Noon) with { Items = [] }, Cancel));

        Assert.Equal("record", exception.ParamName);
        Assert.Empty(await ledger.ForPersonAsync(person, Cancel));
    }

    [Fact]
    public void Ledger_PublicMethods_AreAppendAndReadsOnly()
    {
        var methods = typeof(EfConsentLedger)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["AppendAsync", "ForPersonAsync", "ForPlatformAsync"], methods);
        Assert.DoesNotContain(typeof(BrokerDbContext).GetProperties(), p => p.PropertyType == typeof(DbSet<ConsentLedgerRecord>));
    }

    private async Task<IConsentLedger> LedgerAsync(string provider) =>
        (await fixture.GetAsync(provider)).BuildServices().GetRequiredService<IConsentLedger>();
}
