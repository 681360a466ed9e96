using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>
/// A broker of its own (fresh database, its own movable clock) with two FAPI 2.0 platforms, and
/// a FAPI client for the first, whose browser also carries the login.
/// </summary>
internal sealed class FapiBroker : IAsyncDisposable
{
    private readonly MockAuthorityFixture _mock;

    private FapiBroker(MockAuthorityFixture mock)
    {
        _mock = mock;
        Clock = new ManualClock(DateTimeOffset.UtcNow);
        Broker = mock.StartBroker(
            services => services.AddSingleton<TimeProvider>(Clock),
            new Dictionary<string, string?>([.. A.Settings(), .. B.Settings()]));
        Driver = mock.NewDriver(Broker);
        Client = new FapiClient(Driver.Browser, A, Clock);
    }

    public FapiPlatform A { get; } = new("platform-fapi-a", 31);

    public FapiPlatform B { get; } = new("platform-fapi-b", 32);

    public ManualClock Clock { get; }

    public BrokerHost Broker { get; }

    public LoginDriver Driver { get; }

    public FapiClient Client { get; }

    public static FapiBroker Start(MockAuthorityFixture mock) => new(mock);

    /// <summary>A pushed request for platform A, the login through it; returns the request and the code.</summary>
    public async Task<(AuthorizationRequest Request, string Code)> LoginAsync(string scope = "openid netid offline_access", string? dpopJkt = null, string? parProof = null)
    {
        var request = new AuthorizationRequest(A.Platform) { Scope = scope };
        var url = await Client.PushAsync(request, dpopJkt, parProof);
        var login = await Driver.StartAsync(url);
        var bizSeq = await Driver.ChooseNetIdAsync(login);
        await _mock.Mock.ApproveAsync(bizSeq, "adult");
        var landing = await Driver.FinishAsync(login);
        var query = LoginDriver.Query(landing);
        Assert.True(query.ContainsKey("code"), landing.ToString());
        return (request, query["code"]);
    }

    /// <summary>A whole FAPI login: pushed request, login, code redeemed with a proof; returns the tokens.</summary>
    public async Task<TokenResponse> TokensAsync(string scope = "openid netid offline_access")
    {
        var (request, code) = await LoginAsync(scope);
        await Client.PrimeNonceAsync();
        var tokens = await Client.RedeemAsync(request, code);
        Assert.True(tokens.AccessToken is not null, tokens.Body.ToString());
        return tokens;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        A.Dispose();
        B.Dispose();
        await Broker.DisposeAsync();
    }
}
