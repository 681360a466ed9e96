using System.Security.Cryptography;
using System.Text;

namespace NetIdentity.Sandbox;

/// <summary>
/// The demo forum's client assertion key (<c>private_key_jwt</c>, FAPI 2.0): an EC P-256 key made
/// on the sandbox's first start and kept in its data folder, never in the repository, so there is
/// no published private key for anyone to reuse. The broker is given its public half as the
/// forum's <c>JsonWebKeySet</c>; the forum, the file's path.
/// </summary>
/// <param name="Path">The PEM file (PKCS#8) with the private key.</param>
/// <param name="KeyId">Its <c>kid</c>: the RFC 7638 thumbprint, so a new key gets a new id.</param>
/// <param name="JsonWebKeySet">The public JWKS the broker registers for the forum.</param>
internal sealed record DemoPlatformKey(string Path, string KeyId, string JsonWebKeySet)
{
    public const string FileName = "demo-forum-client-assertion.pem";

    /// <summary>The key in <paramref name="dataDir"/>, made there first if it is not.</summary>
    public static DemoPlatformKey LoadOrCreate(string dataDir)
    {
        var path = System.IO.Path.Combine(dataDir, FileName);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new StreamWriter(path, Encoding.ASCII, options);
            file.Write(key.ExportPkcs8PrivateKeyPem());
        }

        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var (x, y) = (Base64Url(point.X!), Base64Url(point.Y!));

        // RFC 7638 §3.2: the required members in lexicographic order, no whitespace.
        var thumbprint = Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));
        var keyId = "demo-forum-" + thumbprint[..16];
        var jwks = $$"""{"keys":[{"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":"{{keyId}}","x":"{{x}}","y":"{{y}}"}]}""";
        return new DemoPlatformKey(path, keyId, jwks);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
