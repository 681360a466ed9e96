using System.Security.Claims;

namespace NetIdentity.Client.Tests;

/// <summary>Builds the principals the tests look at.</summary>
internal static class Principals
{
    public static ClaimsPrincipal Authenticated(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    public static ClaimsPrincipal Anonymous(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value))));

    /// <summary>What the broker's ID token gives for a level-<paramref name="level"/> login.</summary>
    public static ClaimsPrincipal Verified(int level = 1) => Authenticated(
        ("sub", "Yt0wJ2m6cHh8v3o1d2JtYlF0YkZ3a3ZxSmVQb2dXcXc"),
        ("acr", $"urn:netidentity:acr:level{level}"),
        ("auth_time", "1795000000"),
        ("netid_result", "pass"),
        ("netid_verified_at", "1795000000"));
}
