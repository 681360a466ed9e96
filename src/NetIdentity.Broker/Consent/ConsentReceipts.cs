using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.Keys;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Consent;

/// <summary>
/// Consent receipts: a JWT signed with the broker's active token signing key (so it verifies against
/// the broker's JWKS while that key is published, and against the key archive for ever after),
/// recording one decision — who, for which platform, which items, under
/// which purpose, legal basis and retention, and when. The person can download it; the platform
/// receives it. It holds the pairwise subject only, no personal data.
/// </summary>
public sealed class ConsentReceipts(IActiveSigningKey keys)
{
    public const string TokenType = "consent-receipt+jwt";

    public string Issue(ConsentRecord record, PlatformOptions platform, Uri issuer)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(platform);
        var consent = new Dictionary<string, object>
        {
            ["decision"] = record.Decision.ToString().ToLowerInvariant(),
            ["items"] = record.Items.Select(ConsentScopes.Of).ToArray(),
            ["recipient"] = new Dictionary<string, object>
            {
                ["client_id"] = platform.ClientId,
                ["name_zh"] = platform.DisplayName.Zh,
                ["name_en"] = platform.DisplayName.En,
            },
            ["purpose"] = new Dictionary<string, object> { ["zh"] = platform.Purpose.Zh, ["en"] = platform.Purpose.En },
            ["purpose_version"] = record.PurposeVersion,
            ["withdraw_at"] = new Uri(issuer, "my").ToString(),
        };
        if (record.Items.Contains(ConsentItem.Identity) && platform.LegalBasis is { } legalBasis && platform.Retention is { } retention)
        {
            consent["legal_basis"] = new Dictionary<string, object> { ["zh"] = legalBasis.Zh, ["en"] = legalBasis.En };
            consent["retention"] = new Dictionary<string, object> { ["zh"] = retention.Zh, ["en"] = retention.En };
        }

        if (record.GuardianKey is not null)
        {
            consent["by_guardian"] = true;
        }

        // A receipt is a record, not a credential: it does not expire.
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.ToString(),
            Audience = platform.ClientId,
            IssuedAt = record.Time.UtcDateTime,
            TokenType = TokenType,
            SigningCredentials = keys.ActiveSigning,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = record.Subject,
                ["jti"] = record.Id,
                ["consent"] = consent,
            },
        });
    }
}
