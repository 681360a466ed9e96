namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>A platform registered for the tests, and the configuration that declares it.</summary>
internal sealed record TestPlatform(string ClientId, string Secret, string RedirectUri, string Sector)
{
    public IEnumerable<KeyValuePair<string, string?>> Settings(int index, string scopes = "openid netid", IDictionary<string, string>? extra = null)
    {
        var prefix = $"Platforms:{index}:";
        yield return new(prefix + "ClientId", ClientId);
        yield return new(prefix + "ClientSecret", Secret);
        yield return new(prefix + "DisplayName:Zh", "测试平台 " + ClientId);
        yield return new(prefix + "DisplayName:En", "Test platform " + ClientId);
        yield return new(prefix + "RedirectUris:0", RedirectUri);
        yield return new(prefix + "PostLogoutRedirectUris:0", RedirectUri + "/logged-out");
        yield return new(prefix + "SectorIdentifier", Sector);
        var i = 0;
        foreach (var scope in scopes.Split(' '))
        {
            yield return new(prefix + $"Scopes:{i++}", scope);
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            yield return new(prefix + key, value);
        }
    }
}

/// <summary>The platforms every broker test host declares (index 0 is the demo forum from appsettings).</summary>
internal static class TestPlatforms
{
    public static readonly TestPlatform A = new("platform-a", "platform-a-secret-0123456789abcdefghij", "https://a.example/callback", "a.example");
    public static readonly TestPlatform B = new("platform-b", "platform-b-secret-0123456789abcdefghij", "https://b.example/callback", "b.example");
    public static readonly TestPlatform Par = new("platform-par", "platform-par-secret-0123456789abcdefgh", "https://par.example/callback", "par.example");
    public static readonly TestPlatform R04 = new("platform-r04", "platform-r04-secret-0123456789abcdefgh", "https://r04.example/callback", "r04.example");
    public static readonly TestPlatform Level2 = new("platform-l2", "platform-l2-secret-0123456789abcdefghi", "https://l2.example/callback", "l2.example");
    public static readonly TestPlatform Amr = new("platform-amr", "platform-amr-secret-0123456789abcdefgh", "https://amr.example/callback", "amr.example");

    public static IEnumerable<KeyValuePair<string, string?>> All() =>
    [
        .. A.Settings(1, "openid netid offline_access"),
        .. B.Settings(2),
        .. Par.Settings(3, extra: new Dictionary<string, string> { ["RequirePushedAuthorization"] = "true" }),
        .. R04.Settings(4, extra: new Dictionary<string, string> { ["PreferredMode"] = "R04" }),
        .. Level2.Settings(5, extra: new Dictionary<string, string> { ["MinimumAssuranceLevel"] = "2" }),
        .. Amr.Settings(6, extra: new Dictionary<string, string> { ["ReleaseAuthenticationMethods"] = "true" }),
    ];
}
