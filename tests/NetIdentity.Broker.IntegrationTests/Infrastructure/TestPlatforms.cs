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

    /// <summary>
    /// Registered with a legal basis, a retention and every consent scope (PRODUCT rule 2), and
    /// with a back-channel event endpoint where nothing listens (port 9 on loopback): a withdrawal
    /// queues an event for it that stays undelivered.
    /// </summary>
    public static readonly TestPlatform Lawful = new("platform-lawful", "platform-lawful-secret-0123456789abcdefg", "https://lawful.example/callback", "lawful.example");

    /// <summary>Asks for the age band and masked identity only, and has no legal basis for plaintext.</summary>
    public static readonly TestPlatform Ordinary = new("platform-ordinary", "platform-ordinary-secret-0123456789abcde", "https://ordinary.example/callback", "ordinary.example");

    /// <summary>Where <see cref="Lawful"/> is told of withdrawals: a closed port, so events wait in the outbox.</summary>
    public static readonly Uri ClosedEventEndpoint = new("http://127.0.0.1:9/events");

    /// <summary>The texts a consent screen shows for <see cref="Lawful"/> (and <see cref="Ordinary"/>'s purpose).</summary>
    public static class Texts
    {
        public const string PurposeZh = "实名注册与账号安全";
        public const string PurposeEn = "Real-name registration and account security";
        public const string LegalBasisZh = "《中华人民共和国网络安全法》第二十四条";
        public const string LegalBasisEn = "Cybersecurity Law of the PRC, Art. 24";
        public const string RetentionZh = "账号存续期间及注销后六个月";
        public const string RetentionEn = "While the account exists and six months after it is closed";
        public const string OrdinaryPurposeZh = "按年龄提供服务";
        public const string OrdinaryPurposeEn = "Age-appropriate service";
    }

    /// <summary>Every consent scope of the claims contract, with openid, netid and offline_access.</summary>
    public const string LawfulScopes = "openid netid netid.age netid.age_over_14 netid.age_over_18 netid.masked netid.identity offline_access";

    /// <summary>Configuration indexes 7 and 8 are taken by Events/EventsBroker and Hosting/StartupValidationTests, 20 by OtherPath/OtherPathFixture.</summary>
    public const int LawfulIndex = 9;

    public const int OrdinaryIndex = 10;

    /// <summary><see cref="Lawful"/>'s registration, optionally with another purpose (a new purpose version).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> LawfulSettings(string purposeZh = Texts.PurposeZh, string purposeEn = Texts.PurposeEn) =>
        Lawful.Settings(LawfulIndex, LawfulScopes, new Dictionary<string, string>
        {
            ["Purpose:Zh"] = purposeZh,
            ["Purpose:En"] = purposeEn,
            ["LegalBasis:Zh"] = Texts.LegalBasisZh,
            ["LegalBasis:En"] = Texts.LegalBasisEn,
            ["Retention:Zh"] = Texts.RetentionZh,
            ["Retention:En"] = Texts.RetentionEn,
            ["BackChannelEventUri"] = ClosedEventEndpoint.AbsoluteUri,
        });

    public static IEnumerable<KeyValuePair<string, string?>> All() =>
    [
        .. A.Settings(1, "openid netid offline_access"),
        .. B.Settings(2),
        .. Par.Settings(3, extra: new Dictionary<string, string> { ["RequirePushedAuthorization"] = "true" }),
        .. R04.Settings(4, extra: new Dictionary<string, string> { ["PreferredMode"] = "R04" }),
        .. Level2.Settings(5, extra: new Dictionary<string, string> { ["MinimumAssuranceLevel"] = "2" }),
        .. Amr.Settings(6, extra: new Dictionary<string, string> { ["ReleaseAuthenticationMethods"] = "true" }),
        .. LawfulSettings(),
        .. Ordinary.Settings(OrdinaryIndex, "openid netid netid.age netid.masked", new Dictionary<string, string>
        {
            ["Purpose:Zh"] = Texts.OrdinaryPurposeZh,
            ["Purpose:En"] = Texts.OrdinaryPurposeEn,
        }),
    ];
}
