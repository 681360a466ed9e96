namespace NetIdentity.Broker.Oidc.Dpop;

/// <summary>
/// Why a DPoP proof or binding was refused: the OAuth error (RFC 9449 §12.2 registers
/// <c>invalid_dpop_proof</c> and <c>use_dpop_nonce</c>) and a stable description.
/// </summary>
public sealed record DpopError(string Error, string Description)
{
    public const string InvalidProof = "invalid_dpop_proof";
    public const string UseNonce = "use_dpop_nonce";

    public static DpopError Proof(string description) => new(InvalidProof, description);
}

/// <summary>A proof that passed every check: the thumbprint (RFC 7638) of the key that signed it.</summary>
public sealed record DpopProof(string Thumbprint);
