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
    public static IReadOnlyList<ChildSpec> All(Repository repository, SandboxOptions options, string dataDir)
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
            }),
            new("platform", "演示平台 Demo platform", repository.DemoPlatform, options.PlatformPort, new Dictionary<string, string>
            {
                ["NetIdentity__Authority"] = broker,
                [PlatformDataDirectoryKey] = PlatformDataDirectory(dataDir, System.Environment.GetEnvironmentVariable(PlatformDataDirectoryKey)),
            }),
        ];
    }

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
