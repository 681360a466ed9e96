using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace NetIdentity.Authority.Http;

/// <summary>
/// Which authority calls the resilience pipeline may repeat, and which answers count against the
/// shared circuit breaker (authority-contract §8, point 5). Decided per endpoint, in one place.
/// </summary>
internal static class AuthorityCallPolicy
{
    /// <summary>Set on each request by <see cref="AuthorityHttpClient"/>; absent means "never retry" (fail closed).</summary>
    public static readonly HttpRequestOptionsKey<bool> Retriable = new("NetIdentity.Authority.Retriable");

    /// <summary>
    /// Only the credential query is safe to repeat: it reads a result and changes nothing. Every
    /// other call consumes something single-use, so a repeat after a lost answer would be refused
    /// or would spend the person's attempts: opening a session and the identity query use the
    /// bizSeq once (A0409001, A0409002), the guardianship check and starting a real-name check
    /// use their requestId once (A0409001; the start also sends an SMS), and the code and face
    /// steps spend attempts (A0429001).
    /// </summary>
    public static bool IsRetriable(string path) => path == "v1/credentials/query";

    /// <summary>The retry's predicate: a transient fault of a call marked retriable.</summary>
    public static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome) =>
        context.GetRequestMessage() is { } request
        && request.Options.TryGetValue(Retriable, out var retriable)
        && retriable
        && HttpClientResiliencePredicates.IsTransient(outcome);

    /// <summary>
    /// The breaker's predicate: a transient fault, except 429. A 429 says this caller is asking
    /// too often (one noisy login, or the A0429001 of a closed real-name check), not that the
    /// authority is down; letting it open the breaker shared by every login would let one caller
    /// cut everyone off.
    /// </summary>
    public static bool CountsAgainstBreaker(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests
        && HttpClientResiliencePredicates.IsTransient(outcome);
}
