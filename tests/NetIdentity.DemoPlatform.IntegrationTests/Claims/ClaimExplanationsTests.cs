using System.Text.RegularExpressions;
using NetIdentity.DemoPlatform.Claims;

namespace NetIdentity.DemoPlatform.IntegrationTests.Claims;

/// <summary>Every claim docs/claims.md lists has an explanation on <c>/me</c>, in Chinese and in English.</summary>
public sealed partial class ClaimExplanationsTests
{
    [Fact]
    public void EveryClaimOfTheClaimsContract_IsExplainedInBothLanguages()
    {
        var claims = DocumentedClaims();

        // The contract as of v3, so a docs change that drops a table does not pass unseen.
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "sub", "auth_time", "acr", "netid_result", "netid_verified_at", "netid_age_band", "netid_minor", "netid_guardian_sub",
                "netid_guardian_consented_at", "netid_masked_name", "netid_masked_id_number", "netid_name", "netid_id_type",
                "netid_id_number", "netid_consent_receipts", "iss", "aud", "exp", "iat", "nonce", "azp", "at_hash", "oi_au_id",
            },
            claims);
        Assert.All(claims, claim =>
        {
            var (explanation, known) = ClaimExplanations.For(claim);
            Assert.True(known, $"No explanation for {claim}.");
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", explanation.Zh);
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}{4}", explanation.En.Replace("网号", string.Empty, StringComparison.Ordinal).Replace("居民身份证", string.Empty, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void GuardianConsentTime_IsShownAsATime()
    {
        Assert.Contains("netid_guardian_consented_at", ClaimExplanations.Times);
    }

    /// <summary>The claims of docs/claims.md: the first column of the tables under "## Claims", and the complete list for <c>openid netid</c>.</summary>
    private static HashSet<string> DocumentedClaims()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "claims.md"));
        var start = text.IndexOf("\n## Claims", StringComparison.Ordinal);
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/claims.md has no \"## Claims\" section.");
        var section = text[start..end];
        var claims = TableClaim().Matches(section).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var list = CompleteList().Match(section);
        Assert.True(list.Success, "docs/claims.md no longer gives the complete list for openid netid.");
        claims.UnionWith(Backticked().Matches(list.Groups[1].Value).Select(m => m.Groups[1].Value));
        return claims;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "docs", "claims.md")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("docs/claims.md not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableClaim();

    [GeneratedRegex(@"complete list for `openid netid` is:([^.]+)\.")]
    private static partial Regex CompleteList();

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex Backticked();
}
