namespace NetIdentity.Data.Keys;

/// <summary>The values of <see cref="KeyMaterial.Use"/>, as in a JWK's <c>use</c> (RFC 7517 §4.2).</summary>
public static class KeyUses
{
    public const string Signing = "sig";

    public const string Encryption = "enc";

    internal static bool IsKnown(string use) => use is Signing or Encryption;
}
