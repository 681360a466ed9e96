using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Oidc;
using NetIdentity.Data;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>
/// <see cref="InsertTokenEntryOnce"/>: an authorization code's entry, and a pushed request's, is
/// written with one INSERT holding its payload and the hash of its reference, not inserted and
/// then updated (issue 10); what is stored and what the platform can do with the code are as
/// before. Each test has its own broker on SQLite.
/// </summary>
public sealed class TokenEntryInsertTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    private static readonly Dictionary<string, string?> StatementLog = new()
    {
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
    };

    [Fact]
    public async Task Code_IsStoredWithOneInsert_HoldingItsPayloadAndTheHashOfTheCode()
    {
        using var broker = mock.StartBroker(settings: StatementLog);
        var driver = mock.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.A);

        var started = DateTimeOffset.UtcNow;
        var code = LoginDriver.Query(await driver.LoginAsync(request))["code"];

        Assert.Equal(1, TokenStatements(broker, "INSERT INTO \"OpenIddictTokens\""));
        Assert.Equal(0, TokenStatements(broker, "UPDATE \"OpenIddictTokens\""));

        // Nor a read: the check that no other entry has the reference finds this one, tracked.
        Assert.Equal(0, TokenStatements(broker, ".\"ReferenceId\" = @"));

        await using var scope = broker.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var entry = await db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking()
            .Include(t => t.Application).Include(t => t.Authorization)
            .SingleAsync(t => t.Type == OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode, Ct);

        Assert.True(Guid.TryParseExact(entry.Id, "D", out _), entry.Id);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(code))), entry.ReferenceId);
        Assert.False(string.IsNullOrEmpty(entry.Payload));
        Assert.DoesNotContain(code, entry.Payload!, StringComparison.Ordinal);
        Assert.Equal(OpenIddictConstants.Statuses.Valid, entry.Status);
        Assert.Equal(TestPlatforms.A.ClientId, entry.Application!.ClientId);
        Assert.NotNull(entry.Authorization);
        Assert.False(string.IsNullOrEmpty(entry.Subject));
        Assert.Equal(entry.Subject, entry.Authorization!.Subject);
        Assert.Null(entry.RedemptionDate);
        Assert.InRange(entry.CreationDate!.Value, started.UtcDateTime.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(OidcServerRegistration.AuthorizationCodeLifetime, entry.ExpirationDate!.Value - entry.CreationDate.Value);
    }

    [Fact]
    public async Task Code_StoredWithOneInsert_IsRedeemedOnce()
    {
        using var broker = mock.StartBroker(settings: StatementLog);
        var driver = mock.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.A);
        var code = LoginDriver.Query(await driver.LoginAsync(request))["code"];

        var first = await driver.RedeemAsync(request, code);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.NotNull(first.AccessToken);

        // The redemption is the code entry's only update; the access token's entry is one insert.
        Assert.Equal(1, TokenStatements(broker, "UPDATE \"OpenIddictTokens\""));
        Assert.Equal(2, TokenStatements(broker, "INSERT INTO \"OpenIddictTokens\""));

        var second = await driver.RedeemAsync(request, code);

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("invalid_grant", second.Error);
        Assert.Null(second.AccessToken);
    }

    [Fact]
    public async Task PushedRequest_IsStoredWithOneInsert_AndStartsOneLogin()
    {
        using var broker = mock.StartBroker(settings: StatementLog);
        var driver = mock.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Par);

        var url = await driver.PushAsync(request);

        Assert.Equal(1, TokenStatements(broker, "INSERT INTO \"OpenIddictTokens\""));
        Assert.Equal(0, TokenStatements(broker, "UPDATE \"OpenIddictTokens\""));
        Assert.Equal(0, TokenStatements(broker, ".\"ReferenceId\" = @"));
        var requestUri = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), url).Query)["request_uri"].ToString();
        const string prefix = "urn:ietf:params:oauth:request_uri:";
        Assert.StartsWith(prefix, requestUri, StringComparison.Ordinal);

        await using (var scope = broker.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
            var entry = await db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking()
                .SingleAsync(t => t.Type == OpenIddictConstants.TokenTypeIdentifiers.Private.RequestToken, Ct);
            Assert.Equal(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(requestUri[prefix.Length..]))), entry.ReferenceId);
            Assert.False(string.IsNullOrEmpty(entry.Payload));
        }

        var login = await driver.StartAsync(url);
        await mock.Mock.ApproveAsync(await driver.ChooseNetIdAsync(login), "adult");
        var code = LoginDriver.Query(await driver.FinishAsync(login))["code"];
        Assert.Equal(HttpStatusCode.OK, (await driver.RedeemAsync(request, code)).Status);
    }

    [Fact]
    public async Task Insert_ForATokenOtherThanTheOneReserved_StoresAndIssuesNothing()
    {
        using var broker = mock.StartBroker();
        await using var scope = broker.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var transaction = new OpenIddictServerTransaction();
        var code = CodeContext(transaction);
        await ActivatorUtilities.CreateInstance<InsertTokenEntryOnce.Reserve>(services).HandleAsync(code);
        Assert.False(code.CreateTokenEntry);
        Assert.False(code.PersistTokenPayload);

        // Another token of the same transaction, generated after the code's reservation was made.
        var other = CodeContext(transaction);
        other.Principal.SetTokenId(Guid.NewGuid().ToString());
        other.Token = "generated";
        var insert = ActivatorUtilities.CreateInstance<InsertTokenEntryOnce.Insert>(services);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => insert.HandleAsync(other).AsTask());

        Assert.Equal("A token entry was reserved for another token, or no token was generated; nothing was stored or issued.", refused.Message);
        Assert.Equal("generated", other.Token);
        Assert.Equal(0, await services.GetRequiredService<BrokerDbContext>().Set<OpenIddictEntityFrameworkCoreToken>().CountAsync(Ct));

        // The reservation was used up by the refusal: the code it was made for gets no entry from it either.
        code.Token = "generated";
        await insert.HandleAsync(code);
        Assert.Equal("generated", code.Token);
        Assert.Equal(0, await services.GetRequiredService<BrokerDbContext>().Set<OpenIddictEntityFrameworkCoreToken>().CountAsync(Ct));
    }

    [Fact]
    public async Task Insert_WhenNoTokenWasGenerated_StoresAndIssuesNothing()
    {
        using var broker = mock.StartBroker();
        await using var scope = broker.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var code = CodeContext(new OpenIddictServerTransaction());
        await ActivatorUtilities.CreateInstance<InsertTokenEntryOnce.Reserve>(services).HandleAsync(code);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ActivatorUtilities.CreateInstance<InsertTokenEntryOnce.Insert>(services).HandleAsync(code).AsTask());

        Assert.Contains("nothing was stored or issued", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await services.GetRequiredService<BrokerDbContext>().Set<OpenIddictEntityFrameworkCoreToken>().CountAsync(Ct));
    }

    /// <summary>An authorization code about to be generated, as OpenIddict's sign-in asks for one (no platform, to need no lookup).</summary>
    private static OpenIddictServerEvents.GenerateTokenContext CodeContext(OpenIddictServerTransaction transaction)
    {
        var identity = new System.Security.Claims.ClaimsIdentity("test");
        identity.AddClaim(new System.Security.Claims.Claim(OpenIddictConstants.Claims.Subject, "pairwise-subject"));
        return new OpenIddictServerEvents.GenerateTokenContext(transaction)
        {
            CreateTokenEntry = true,
            IsReferenceToken = true,
            PersistTokenPayload = true,
            Principal = new System.Security.Claims.ClaimsPrincipal(identity),
            TokenType = OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode,
        };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The statements EF Core logged on the token table that start with <paramref name="start"/>.</summary>
    private static int TokenStatements(BrokerHost broker, string start) =>
        broker.Logs.Lines.Count(l => l.Contains("Executed DbCommand", StringComparison.Ordinal) && l.Contains(start, StringComparison.Ordinal));
}
