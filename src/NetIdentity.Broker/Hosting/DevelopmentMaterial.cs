using NetIdentity.Cryptography;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Keys, ids and secrets published in this repository for the sandbox (the appsettings.Development.json
/// files of the broker, the mock authority and the demo platform). Anyone can read them, so outside
/// Development the broker refuses every one of them (issue 9 §4). A test keeps this list equal to
/// what those files publish.
/// </summary>
public static class DevelopmentMaterial
{
    /// <summary>The organisation id the mock authority registers for the sandbox broker.</summary>
    public const string MockOrganisationId = "ORG-SANDBOX";

    /// <summary>The demo platform's client secret (demo-forum).</summary>
    public const string DemoPlatformSecret = "demo-forum-development-secret-0123456789";

    /// <summary>
    /// The sandbox's secret-based script client's secret (sandbox-script, registered by
    /// src/NetIdentity.Sandbox/ChildSpec.cs). The demo forum itself is on FAPI 2.0 in the sandbox,
    /// with a key the sandbox makes in its data folder: no private key of it is published.
    /// </summary>
    public const string SandboxScriptSecret = "sandbox-script-development-secret-0123456789";

    /// <summary>The client secrets published in this repository.</summary>
    public static IReadOnlyList<string> PublishedSecrets { get; } = [DemoPlatformSecret, SandboxScriptSecret];

    /// <summary>The mock authority's response-signing public key (kid mock-sig-2026).</summary>
    public const string MockSigningPublicKeyPem =
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEbYGyovuv0LUIAdSbUTC1byH71LQx\nRNTtIo4h5uH1SBS3r16mWAEzCk00GX4PbibgswIm9NULKKesziR2Z5olEw==\n-----END PUBLIC KEY-----\n";

    /// <summary>The mock authority's envelope public key (kid mock-enc-2026).</summary>
    public const string MockEncryptionPublicKeyPem =
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEbdHZxnSF9NTKUvOmyBYQ8A194mlB\ng8H8o/CWxqZ2fDFPi5glbdixs9FIPXfNSr8SZVu9kwHKd9urSzZNggNR9w==\n-----END PUBLIC KEY-----\n";

    /// <summary>The public half of the sandbox organisation key, whose private half the broker's development settings publish.</summary>
    public const string SandboxOrganisationPublicKeyPem =
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEmih8tf3ZB3GnccG1fJg3570CR30m\nPXhD4iAGCh5Kqrnz34elCnyIGYkAlAbff0Ro0Ck9lQXB2G9l0PffM12M2w==\n-----END PUBLIC KEY-----\n";

    private static readonly Sm2PublicKey[] MockAuthorityKeys =
        [Sm2PublicKey.FromPem(MockSigningPublicKeyPem), Sm2PublicKey.FromPem(MockEncryptionPublicKeyPem)];

    private static readonly Sm2PublicKey SandboxOrganisationKey = Sm2PublicKey.FromPem(SandboxOrganisationPublicKeyPem);

    /// <summary>Whether a PEM public key is one the mock authority publishes. Compared as keys, not as text.</summary>
    public static bool IsMockAuthorityKey(string? pem) =>
        Sm2PublicKey.TryFromPem(pem, out var key) && Array.Exists(MockAuthorityKeys, known => known.Equals(key));

    /// <summary>Whether a PEM private key is the sandbox organisation's published key.</summary>
    public static bool IsSandboxOrganisationKey(string? pem) =>
        Sm2PrivateKey.TryFromPem(pem, out var key) && SandboxOrganisationKey.Equals(key!.PublicKey);
}
