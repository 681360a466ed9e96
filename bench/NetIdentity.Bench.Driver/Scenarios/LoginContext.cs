using NetIdentity.Bench.Driver.Running;

namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>What every login of a run shares: the options, the connection pool, the personas.</summary>
internal sealed class LoginContext(BenchOptions options, HttpClient http, PersonaPool? personas)
{
    public BenchOptions Options { get; } = options;

    public HttpClient Http { get; } = http;

    /// <summary>Null for the baseline, which has no authority.</summary>
    public PersonaPool? Personas { get; } = personas;

    public PersonaPool People => Personas ?? throw new InvalidOperationException("No personas: the mock authority was not asked.");

    /// <summary>How often the consent page was actually shown and agreed to (a consent is remembered per person and platform).</summary>
    public int ConsentPagesPosted => consentPagesPosted;

    private int consentPagesPosted;

    public void CountConsentPage() => Interlocked.Increment(ref consentPagesPosted);

    public Uri Broker(string pathAndQuery) => new(Options.Broker, pathAndQuery);

    public Uri Authority(string pathAndQuery) => new(Options.Authority, pathAndQuery);
}
