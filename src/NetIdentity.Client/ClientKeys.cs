using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Client;

/// <summary>
/// Reads the platform's keys from <see cref="NetIdentityOptions"/>: the client assertion key
/// (ES256 on P-256 or PS256 on RSA ≥ 2048 bits, the algorithms the broker accepts for
/// <c>private_key_jwt</c>) and the DPoP key (ES256). Each read either gives a usable key or says
/// what is wrong and how to fix it; the options validator reports the same words at start-up.
/// </summary>
internal static class ClientKeys
{
    private const string Section = NetIdentityOptions.SectionName;

    /// <summary>The object identifier of NIST P-256 (secp256r1, RFC 5480 §2.1.1.1).</summary>
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>The client assertion signing credentials, or null when no key is configured.</summary>
    /// <exception cref="InvalidOperationException">The key cannot be used; the message says why.</exception>
    public static SigningCredentials? AssertionCredentials(NetIdentityOptions options)
    {
        var (credentials, problem) = TryAssertionCredentials(options);
        return problem is null ? credentials : throw new InvalidOperationException(problem);
    }

    /// <summary>The client assertion signing credentials (null when none is configured), or why they cannot be had.</summary>
    public static (SigningCredentials? Credentials, string? Problem) TryAssertionCredentials(NetIdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sources = new[] { options.ClientAssertionKey is not null, !string.IsNullOrWhiteSpace(options.ClientAssertionKeyPath), !string.IsNullOrWhiteSpace(options.ClientAssertionJwk) }.Count(set => set);
        if (sources == 0)
        {
            return (null, null);
        }

        if (sources > 1)
        {
            return (null, $"{Section}: set only one of ClientAssertionKeyPath, ClientAssertionJwk and ClientAssertionKey (code).");
        }

        try
        {
            var key = options.ClientAssertionKey
                ?? (options.ClientAssertionKeyPath is { Length: > 0 } path ? FromPemFile(path, options.ClientAssertionKeyId, "ClientAssertionKeyPath") : FromJwk(options.ClientAssertionJwk!));
            return Credentials(key);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException or FormatException)
        {
            return (null, exception.Message);
        }
    }

    /// <summary>The DPoP key: the configured one, or a fresh P-256 key for this application instance.</summary>
    /// <exception cref="InvalidOperationException">The configured key cannot be used; the message says why.</exception>
    public static ECDsa DpopKey(NetIdentityOptions options)
    {
        var (key, problem) = TryDpopKey(options);
        return problem is null ? key! : throw new InvalidOperationException(problem);
    }

    /// <summary>The DPoP key, or why the configured one cannot be used.</summary>
    public static (ECDsa? Key, string? Problem) TryDpopKey(NetIdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DpopKey is { } given)
        {
            return IsP256(given)
                ? (given, null)
                : (null, $"{Section}: DpopKey must be an EC P-256 key (ES256, the DPoP algorithm the broker and this client use).");
        }

        if (string.IsNullOrWhiteSpace(options.DpopKeyPath))
        {
            return (ECDsa.Create(ECCurve.NamedCurves.nistP256), null);
        }

        try
        {
            var key = FromPemFile(options.DpopKeyPath, keyId: null, "DpopKeyPath");
            return key is ECDsaSecurityKey { ECDsa: var ecdsa } && IsP256(ecdsa)
                ? (ecdsa, null)
                : (null, $"{Section}:DpopKeyPath \"{options.DpopKeyPath}\" is not an EC P-256 key. Make one with openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out dpop.pem.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return (null, exception.Message);
        }
    }

    private static (SigningCredentials?, string?) Credentials(SecurityKey key)
    {
        string? algorithm = key switch
        {
            ECDsaSecurityKey ec when IsP256(ec.ECDsa) => SecurityAlgorithms.EcdsaSha256,
            RsaSecurityKey { Rsa: { } rsa } when rsa.KeySize >= 2048 => SecurityAlgorithms.RsaSsaPssSha256,
            RsaSecurityKey { Rsa: null } rsa when rsa.Parameters.Modulus?.Length >= 256 => SecurityAlgorithms.RsaSsaPssSha256,
            JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve, Crv: JsonWebKeyECTypes.P256 } => SecurityAlgorithms.EcdsaSha256,
            JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.RSA } jwk when Base64UrlEncoder.DecodeBytes(jwk.N ?? string.Empty).Length >= 256 => SecurityAlgorithms.RsaSsaPssSha256,
            _ => null,
        };
        if (algorithm is null)
        {
            return (null, $"{Section}: the client assertion key must be an EC P-256 key (ES256) or an RSA key of 2048 bits or more (PS256); " +
                "the broker refuses other algorithms for private_key_jwt.");
        }

        if (!HasPrivateKey(key))
        {
            return (null, $"{Section}: the client assertion key is a public key; give the private key (its public half is what the broker registers).");
        }

        return (new SigningCredentials(key, algorithm), null);
    }

    private static bool HasPrivateKey(SecurityKey key)
    {
        try
        {
            return key switch
            {
                ECDsaSecurityKey ec => ec.ECDsa.ExportParameters(includePrivateParameters: true).D is { Length: > 0 },
                RsaSecurityKey { Rsa: { } rsa } => rsa.ExportParameters(includePrivateParameters: true).D is { Length: > 0 },
                RsaSecurityKey rsa => rsa.Parameters.D is { Length: > 0 },
                JsonWebKey jwk => jwk.HasPrivateKey,
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static SecurityKey FromPemFile(string path, string? keyId, string setting)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"{Section}:{setting} \"{path}\" does not exist. Make a key with " +
                "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out <file>.pem, or correct the path.");
        }

        var pem = File.ReadAllText(path);
        if (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{Section}:{setting} \"{path}\" is an encrypted PEM; give an unencrypted key, protected by the file's permissions or a secret store.");
        }

        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            return new ECDsaSecurityKey(ecdsa) { KeyId = keyId };
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            // Not an EC key: perhaps RSA.
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa) { KeyId = keyId };
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            throw new ArgumentException($"{Section}:{setting} \"{path}\" holds no EC or RSA private key in PEM form (BEGIN PRIVATE KEY or BEGIN EC PRIVATE KEY).", exception);
        }
    }

    private static JsonWebKey FromJwk(string json)
    {
        try
        {
            return new JsonWebKey(json);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"{Section}:ClientAssertionJwk is not a JSON Web Key (RFC 7517).", exception);
        }
    }

    private static bool IsP256(ECDsa key)
    {
        try
        {
            var oid = key.ExportParameters(includePrivateParameters: false).Curve.Oid;
            return oid.Value == P256Oid || oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1";
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
