using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace NetIdentity.Client.Tests;

/// <summary>The back-channel DPoP handler against a scripted server: which requests get proofs, and the nonce retry at a resource.</summary>
public sealed class DpopHandlerTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    private HttpClient Client(Func<HttpRequestMessage, int, HttpResponseMessage> server, List<HttpRequestMessage> seen) =>
        new(new DpopHandler(new DpopProofs(_key, TimeProvider.System), assertions: null, NullLogger.Instance) { InnerHandler = new Scripted(server, seen) });

    [Fact]
    public async Task UserInfo_WhenAnswered401UseDpopNonce_RetriesOnceWithTheNonceAndTheDpopScheme()
    {
        var seen = new List<HttpRequestMessage>();
        using var client = Client((request, n) =>
        {
            var response = new HttpResponseMessage(n == 0 ? HttpStatusCode.Unauthorized : HttpStatusCode.OK);
            response.Headers.Add("DPoP-Nonce", "nonce-" + n);
            if (n == 0)
            {
                response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("DPoP", "error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\""));
            }

            return response;
        }, seen);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://broker.example/connect/userinfo?x=1#f");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token-1");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, seen.Count);
        var first = new JsonWebToken(seen[0].Headers.GetValues("DPoP").Single());
        var second = new JsonWebToken(seen[1].Headers.GetValues("DPoP").Single());
        Assert.False(first.TryGetPayloadValue<string>("nonce", out _));
        Assert.Equal("nonce-0", second.GetPayloadValue<string>("nonce"));
        Assert.Equal("https://broker.example/connect/userinfo", second.GetPayloadValue<string>("htu"));
        Assert.Equal(first.GetPayloadValue<string>("ath"), second.GetPayloadValue<string>("ath"));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("DPoP token-1", seen[1].Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task UserInfo_WhenAnswered401ForAnotherReason_DoesNotRetry()
    {
        var seen = new List<HttpRequestMessage>();
        using var client = Client((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            response.Headers.Add("DPoP-Nonce", "n");
            response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("DPoP", "error=\"invalid_dpop_proof\""));
            return response;
        }, seen);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://broker.example/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token-1");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(seen);
    }

    [Fact]
    public async Task Discovery_AndPushedRequests_GetNoProof()
    {
        var seen = new List<HttpRequestMessage>();
        using var client = Client((_, _) => new HttpResponseMessage(HttpStatusCode.OK), seen);
        using var push = new FormUrlEncodedContent(new Dictionary<string, string> { ["response_type"] = "code" });

        using var a = await client.GetAsync(new Uri("https://broker.example/.well-known/openid-configuration"), TestContext.Current.CancellationToken);
        using var b = await client.PostAsync(new Uri("https://broker.example/connect/par"), push, TestContext.Current.CancellationToken);

        Assert.All(seen, request => Assert.False(request.Headers.Contains("DPoP")));
    }

    private sealed class Scripted(Func<HttpRequestMessage, int, HttpResponseMessage> server, List<HttpRequestMessage> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // A copy of what was sent this time: the handler sends the same message again on a retry.
            var copy = new HttpRequestMessage(request.Method, request.RequestUri);
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            seen.Add(copy);
            return Task.FromResult(server(request, seen.Count - 1));
        }
    }
}
