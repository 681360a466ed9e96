using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NetIdentity.Authority.Tests.Infrastructure;

/// <summary>
/// A WireMock authority on a free loopback port and the adapter built through its real
/// registration (<c>AddNationalAuthority</c>), with the test keys pinned, a fixed clock, and
/// bounded timeouts. The defaults leave room for a cold start on a busy two-core machine, so
/// that a test about something else never sees a retry; tests of the timeouts themselves set
/// <see cref="ShortAttemptTimeout"/> and <see cref="ShortTotalTimeout"/>.
/// </summary>
internal sealed class AuthorityHarness : IDisposable
{
    public static readonly TimeSpan ShortAttemptTimeout = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan ShortTotalTimeout = TimeSpan.FromMilliseconds(1500);
    public const int MaxRetries = 2;

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(20);

    private readonly ServiceProvider _provider;

    public AuthorityHarness(TestKeys keys, Action<AuthorityOptions>? configure = null, Uri? baseAddress = null)
    {
        Keys = keys;
        Server = WireMockServer.Start();
        var services = new ServiceCollection();
        Clock = new ManualTimeProvider(Sample.Now);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddLogging().AddNationalAuthority(o =>
        {
            Configure(o, keys, baseAddress ?? new Uri(Server.Url + "/"));
            configure?.Invoke(o);
        });
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Authority = _provider.GetRequiredService<INationalAuthority>();
    }

    public TestKeys Keys { get; }

    /// <summary>The clock the adapter and its resilience pipeline read; only the test moves it.</summary>
    public ManualTimeProvider Clock { get; }

    public WireMockServer Server { get; }

    public INationalAuthority Authority { get; }

    /// <summary>A complete, valid configuration for <paramref name="keys"/>.</summary>
    public static void Configure(AuthorityOptions options, TestKeys keys, Uri baseAddress)
    {
        options.BaseAddress = baseAddress;
        options.OrgId = Sample.OrgId;
        options.AppId = Sample.AppId;
        options.OrganisationPrivateKeyPem = keys.Organisation.ExportPkcs8Pem();
        options.SigningKeys.Add(new AuthorityKey { KeyId = TestKeys.SigningKeyId, PublicKeyPem = keys.AuthoritySigning.PublicKey.ExportPem() });
        options.EncryptionPublicKeyPem = keys.AuthorityEncryption.PublicKey.ExportPem();
        options.AttemptTimeout = AttemptTimeout;
        options.TotalTimeout = TotalTimeout;
        options.MaxRetries = MaxRetries;
    }

    /// <summary>Answers every POST to <paramref name="path"/> with a fixed status and body.</summary>
    public void Answer(string path, int status, string body, string contentType = "application/json", TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);
        if (delay is { } value)
        {
            response = response.WithDelay(value);
        }

        Server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(response);
    }

    /// <summary>Answers with <paramref name="payload"/> signed by the pinned authority key.</summary>
    public void AnswerSigned(string path, int status, JsonObject payload) =>
        Answer(path, status, SignedAnswer.Create(payload, Keys.AuthoritySigning));

    /// <summary>Answers with an RFC 9457 problem carrying an authority error code (contract §1.3).</summary>
    public void AnswerProblem(string path, int status, string code) =>
        Answer(path, status, Problem(status, code), "application/problem+json");

    /// <summary>Answers each request with a body computed from that request's JSON body.</summary>
    public void AnswerFromRequest(string path, int status, Func<JsonElement, string> respond) =>
        Server.Given(Request.Create().WithPath(path).UsingPost())
            .RespondWith(Response.Create()
                .WithStatusCode(status)
                .WithHeader("Content-Type", "application/json")
                .WithBody(request => respond(BodyOf(request))));

    /// <summary>The requests WireMock received on <paramref name="path"/>, oldest first.</summary>
    public IReadOnlyList<IRequestMessage> Received(string path) =>
        [.. Server.LogEntries.Select(e => e.RequestMessage).OfType<IRequestMessage>().Where(r => r.Path == path).OrderBy(r => r.DateTime)];

    public IRequestMessage SingleReceived(string path) => Assert.Single(Received(path));

    public static JsonElement BodyOf(IRequestMessage request)
    {
        using var document = JsonDocument.Parse(RawBody(request));
        return document.RootElement.Clone();
    }

    /// <summary>The exact bytes that arrived, which the organisation signature covers (contract §1.1).</summary>
    public static byte[] RawBody(IRequestMessage request) =>
        request.BodyAsBytes ?? throw new InvalidOperationException("WireMock kept no raw body for this request.");

    public static string? Header(IRequestMessage request, string name)
    {
        var match = request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        return match?.Value is { Count: > 0 } values ? string.Join(",", values) : null;
    }

    public static string Problem(int status, string code) => new JsonObject
    {
        ["type"] = "https://netidentity.example/authority-errors/" + code,
        ["title"] = "An authority error.",
        ["status"] = status,
        ["code"] = code,
    }.ToJsonString();

    public void Dispose()
    {
        _provider.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
