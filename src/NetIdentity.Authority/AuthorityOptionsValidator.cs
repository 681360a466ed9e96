using Microsoft.Extensions.Options;
using NetIdentity.Cryptography;

namespace NetIdentity.Authority;

/// <summary>Refuses to start with an incomplete authority configuration, saying how to fix it.</summary>
internal sealed class AuthorityOptionsValidator : IValidateOptions<AuthorityOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthorityOptions options)
    {
        var failures = new List<string>();
        if (options.BaseAddress is null || !options.BaseAddress.IsAbsoluteUri)
        {
            failures.Add("Authority:BaseAddress must be an absolute URL, e.g. http://127.0.0.1:5300/ for the mock authority.");
        }

        if (string.IsNullOrWhiteSpace(options.OrgId) || string.IsNullOrWhiteSpace(options.AppId))
        {
            failures.Add("Authority:OrgId and Authority:AppId must name the organisation and app registered with the authority.");
        }

        if (!Sm2PrivateKey.TryFromPem(options.OrganisationPrivateKeyPem, out _))
        {
            failures.Add("Authority:OrganisationPrivateKeyPem must be the organisation's SM2 private key in PKCS#8 PEM (openssl genpkey -algorithm SM2).");
        }

        if (options.SigningKeys.Count == 0)
        {
            failures.Add("Authority:SigningKeys must pin at least one authority signing key (KeyId and PublicKeyPem).");
        }

        foreach (var key in options.SigningKeys)
        {
            if (string.IsNullOrWhiteSpace(key.KeyId) || !Sm2PublicKey.TryFromPem(key.PublicKeyPem, out _))
            {
                failures.Add($"Authority:SigningKeys entry '{key.KeyId}' needs a KeyId and an SM2 public key in PEM.");
            }
        }

        if (!Sm2PublicKey.TryFromPem(options.EncryptionPublicKeyPem, out _))
        {
            failures.Add("Authority:EncryptionPublicKeyPem must be the authority's SM2 encryption public key in PEM (GET /v1/keys, use 'enc').");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add("Authority:AttemptTimeout must be positive and not longer than Authority:TotalTimeout.");
        }

        ValidateResilience(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Polly checks its own ranges only when the pipeline is first built, at the first call to the
    // authority: these say it at start-up instead (Polly.Core CircuitBreakerStrategyOptions).
    private static void ValidateResilience(AuthorityOptions options, List<string> failures)
    {
        if (options.MaxRetries < 0)
        {
            failures.Add("Authority:MaxRetries must be 0 (no retries) or more; the default is 2.");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.RetryDelay >= options.TotalTimeout)
        {
            failures.Add("Authority:RetryDelay must be positive and shorter than Authority:TotalTimeout; the default is 00:00:00.200.");
        }

        var breaker = options.CircuitBreaker;
        if (!(breaker.FailureRatio > 0 && breaker.FailureRatio <= 1))
        {
            failures.Add("Authority:CircuitBreaker:FailureRatio must be above 0 and at most 1; the default, 0.5, opens the breaker when half the sampled calls failed.");
        }

        if (breaker.MinimumThroughput < 2)
        {
            failures.Add("Authority:CircuitBreaker:MinimumThroughput must be 2 or more; the default is 10.");
        }

        if (!InBreakerRange(breaker.SamplingDuration))
        {
            failures.Add("Authority:CircuitBreaker:SamplingDuration must be from 00:00:00.5 to 1.00:00:00; the default is 00:00:30.");
        }

        if (!InBreakerRange(breaker.BreakDuration))
        {
            failures.Add("Authority:CircuitBreaker:BreakDuration must be from 00:00:00.5 to 1.00:00:00; the default is 00:00:15.");
        }
    }

    private static bool InBreakerRange(TimeSpan value) => value >= TimeSpan.FromMilliseconds(500) && value <= TimeSpan.FromDays(1);
}
