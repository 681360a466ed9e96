using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Broker.Platforms;

/// <summary>
/// Refuses to start with a FAPI 2.0 platform that could authenticate any other way than
/// <c>private_key_jwt</c> with ES256 or PS256 keys (FAPI 2.0 Security Profile §5.3.2.1, §5.4.1):
/// a configured secret would be a second, weaker way in, so it is refused rather than ignored.
/// </summary>
internal sealed class Fapi2ProfileValidator : IValidateOptions<PlatformCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformCatalogOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Platforms.Count; i++)
        {
            var platform = options.Platforms[i];
            if (!platform.IsFapi2)
            {
                continue;
            }

            var at = $"Platforms:{i} ({platform.ClientId})";
            if (!string.IsNullOrEmpty(platform.ClientSecret))
            {
                failures.Add($"{at}: a Fapi2 platform authenticates with private_key_jwt only; remove ClientSecret and register JsonWebKeySet.");
            }

            if (string.IsNullOrEmpty(platform.JsonWebKeySet))
            {
                failures.Add($"{at}: a Fapi2 platform needs JsonWebKeySet, the public keys (EC P-256 for ES256 or RSA for PS256) it signs client assertions with.");
                continue;
            }

            failures.AddRange(KeyProblems(platform.JsonWebKeySet).Select(problem => $"{at}: {problem}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static List<string> KeyProblems(string json)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (ArgumentException)
        {
            return ["JsonWebKeySet is not a JWKS document."];
        }

        var problems = new List<string>();
        if (set.Keys.Count == 0)
        {
            problems.Add("JsonWebKeySet has no keys.");
        }

        foreach (var key in set.Keys)
        {
            if (key.HasPrivateKey || !string.IsNullOrEmpty(key.K))
            {
                problems.Add($"JsonWebKeySet key '{key.Kid}' contains private or symmetric key material; register public keys only.");
            }

            var fits = (key.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve && key.Crv == JsonWebKeyECTypes.P256 && key.Alg is null or SecurityAlgorithms.EcdsaSha256)
                || (key.Kty == JsonWebAlgorithmsKeyTypes.RSA && key.Alg is null or SecurityAlgorithms.RsaSsaPssSha256);
            if (!fits)
            {
                problems.Add($"JsonWebKeySet key '{key.Kid}' is not an EC P-256 (ES256) or RSA (PS256) key: FAPI 2.0 allows ES256 and PS256 only.");
            }
        }

        return problems;
    }
}
