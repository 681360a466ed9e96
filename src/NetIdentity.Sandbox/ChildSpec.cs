namespace NetIdentity.Sandbox;

/// <summary>One service of the sandbox: what to run, where, on which port, with which settings.</summary>
/// <param name="Name">A short name, the prefix of its output lines.</param>
/// <param name="Title">What to call it in messages, Chinese and English.</param>
/// <param name="Project">Its project file.</param>
/// <param name="Port">Its port on 127.0.0.1.</param>
/// <param name="Environment">Settings passed as environment variables (ASP.NET Core configuration keys with <c>__</c>).</param>
internal sealed record ChildSpec(string Name, string Title, string Project, int Port, IReadOnlyDictionary<string, string> Environment)
{
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    /// <summary>The project's folder: its content root, so appsettings and wwwroot are found as with <c>dotnet run</c>.</summary>
    public string ContentRoot => Path.GetDirectoryName(Project)!;

    /// <summary>The demo platform's setting for where it keeps what it stores about people and the events it received.</summary>
    public const string PlatformDataDirectoryKey = "DemoPlatform__DataDirectory";

    /// <summary>
    /// The three services, told each other's addresses so that any ports work: the mock its public
    /// base URL (for QR codes and app links), the broker the mock's URL, its database (SQLite in
    /// <paramref name="dataDir"/>, or PostgreSQL with <c>--postgres</c>) and the demo platform's
    /// redirect URIs and security event endpoint, and the demo platform the broker's URL and its
    /// data folder (<see cref="PlatformDataDirectory"/>).
    /// </summary>
    /// <remarks>
    /// The demo forum is registered on the FAPI 2.0 profile with <paramref name="demoKey"/>'s public
    /// half, and logs in with PAR, <c>private_key_jwt</c> and DPoP (docs/platform-integration.md
    /// §3b); the secret of the broker's development settings is cleared. Scripts, curl and
    /// independent clients use <see cref="ScriptClientId"/>, a plain secret-based platform with the
    /// forum's redirect URI (they read the code off the redirect and never call it).
    /// </remarks>
    public static IReadOnlyList<ChildSpec> All(Repository repository, SandboxOptions options, string dataDir, DemoPlatformKey demoKey)
    {
        var database = DatabasePath(dataDir);
        var mock = $"http://127.0.0.1:{options.MockPort}/";
        var broker = $"http://127.0.0.1:{options.BrokerPort}/";
        var platform = $"http://127.0.0.1:{options.PlatformPort}/";
        return
        [
            new("mock", "模拟认证平台 Mock authority", repository.MockAuthority, options.MockPort, new Dictionary<string, string>
            {
                ["MockAuthority__PublicBaseUrl"] = mock,
            }),
            new("broker", "身份代理 Broker", repository.Broker, options.BrokerPort, new Dictionary<string, string>
            {
                ["Authority__BaseAddress"] = mock,
                ["Database__Provider"] = options.Postgres is null ? "Sqlite" : "PostgreSql",
                ["ConnectionStrings__NetIdentity"] = options.Postgres ?? $"Data Source={database}",
                ["Platforms__0__RedirectUris__0"] = platform + "signin-oidc",
                ["Platforms__0__PostLogoutRedirectUris__0"] = platform + "signout-callback-oidc",
                ["Platforms__0__BackChannelEventUri"] = platform + "events",
                ["Platforms__0__BackChannelLogoutUri"] = platform + "backchannel-logout",
                ["Platforms__0__Profile"] = "Fapi2",
                ["Platforms__0__ClientSecret"] = string.Empty,
                ["Platforms__0__JsonWebKeySet"] = demoKey.JsonWebKeySet,
                ["Platforms__1__ClientId"] = ScriptClientId,
                ["Platforms__1__ClientSecret"] = ScriptClientSecret,
                ["Platforms__1__DisplayName__Zh"] = "沙盒脚本客户端",
                ["Platforms__1__DisplayName__En"] = "Sandbox script client",
                ["Platforms__1__Purpose__Zh"] = "沙盒测试登录",
                ["Platforms__1__Purpose__En"] = "Test logins in the sandbox",
                ["Platforms__1__RedirectUris__0"] = platform + "signin-oidc",
                // The forum's sector: a person has the same pairwise sub for both, so a script can log in as
                // someone the forum knows (e.g. a guardian named in a child's login).
                ["Platforms__1__SectorIdentifier"] = "demo-forum.example",
                ["Platforms__1__Scopes__0"] = "openid",
                ["Platforms__1__Scopes__1"] = "netid",
                ["Platforms__1__Scopes__2"] = "netid.age",
                ["Platforms__1__Scopes__3"] = "netid.masked",
                ["Platforms__1__Scopes__4"] = "offline_access",
            }),
            new("platform", "演示平台 Demo platform", repository.DemoPlatform, options.PlatformPort, new Dictionary<string, string>
            {
                ["NetIdentity__Authority"] = broker,
                ["NetIdentity__Profile"] = "Fapi2",
                ["NetIdentity__ClientSecret"] = string.Empty,
                ["NetIdentity__ClientAssertionKeyPath"] = demoKey.Path,
                ["NetIdentity__ClientAssertionKeyId"] = demoKey.KeyId,

                // The forum receives its events on an SSF push stream to its registered events endpoint (docs/events.md).
                ["NetIdentity__EventStream__Endpoint"] = platform + "events",
                [PlatformDataDirectoryKey] = PlatformDataDirectory(dataDir, System.Environment.GetEnvironmentVariable(PlatformDataDirectoryKey)),
            }),
        ];
    }

    /// <summary>The secret-based platform the sandbox registers for scripts and independent clients.</summary>
    public const string ScriptClientId = "sandbox-script";

    /// <summary>Its secret, published here for the sandbox; the broker refuses it outside Development.</summary>
    public const string ScriptClientSecret = "sandbox-script-development-secret-0123456789";

    /// <summary>The broker's SQLite database in <paramref name="dataDir"/>.</summary>
    public static string DatabasePath(string dataDir) => Path.Combine(dataDir, "netidentity.db");

    /// <summary>
    /// Where the demo platform keeps the consented claims and the security events it received:
    /// <c>platform</c> in <paramref name="dataDir"/> (the <c>--data-dir</c>, default
    /// <c>.sandbox/</c>), so that deleting that folder starts the whole sandbox afresh, the
    /// forum's kept data included. A <c>DemoPlatform__DataDirectory</c> set in the sandbox's own
    /// environment (<paramref name="explicitSetting"/>) is a deliberate choice and wins.
    /// </summary>
    public static string PlatformDataDirectory(string dataDir, string? explicitSetting) =>
        string.IsNullOrWhiteSpace(explicitSetting) ? Path.Combine(dataDir, "platform") : Path.GetFullPath(explicitSetting);
}
