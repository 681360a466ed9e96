using NetIdentity.Cryptography;

namespace NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

/// <summary>The published development keys (docs/mock-authority.md), as a tester would copy them.</summary>
internal static class TestKeys
{
    public const string SandboxOrgId = "ORG-SANDBOX";
    public const string SandboxAppId = "netidentity-broker";
    public const string SigningKeyId = "mock-sig-2026";
    public const string EncryptionKeyId = "mock-enc-2026";

    public const string SandboxPrivateKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgJHaG7gHdzhEJRDZg
        8xZ6zVsVDeQaE2Sy0MUcNnIdJ5uhRANCAASaKHy1/dkHcadxwbV8mDfnvQJHfSY9
        eEPiIAYKHkqqufPfh6UKfIgZiQCUBt9/RGjQKT2VBcHYb2XQ998zXYzb
        -----END PRIVATE KEY-----
        """;

    public const string SigningPublicKeyPem = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEbYGyovuv0LUIAdSbUTC1byH71LQx
        RNTtIo4h5uH1SBS3r16mWAEzCk00GX4PbibgswIm9NULKKesziR2Z5olEw==
        -----END PUBLIC KEY-----
        """;

    public const string EncryptionPublicKeyPem = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEbdHZxnSF9NTKUvOmyBYQ8A194mlB
        g8H8o/CWxqZ2fDFPi5glbdixs9FIPXfNSr8SZVu9kwHKd9urSzZNggNR9w==
        -----END PUBLIC KEY-----
        """;

    public static readonly Sm2PrivateKey SandboxKey = Sm2PrivateKey.FromPem(SandboxPrivateKeyPem);

    public static readonly Sm2PublicKey SigningKey = Sm2PublicKey.FromPem(SigningPublicKeyPem);

    public static readonly Sm2PublicKey EncryptionKey = Sm2PublicKey.FromPem(EncryptionPublicKeyPem);
}
