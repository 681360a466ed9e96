namespace NetIdentity.Client.Tests;

/// <summary>Options as the sandbox's demo platform sets them.</summary>
internal static class Options
{
    public static NetIdentityOptions Sandbox(Action<NetIdentityOptions>? change = null)
    {
        var options = new NetIdentityOptions
        {
            Authority = new Uri("http://127.0.0.1:5100"),
            ClientId = "demo-forum",
            ClientSecret = "demo-forum-development-secret-0123456789",
        };
        change?.Invoke(options);
        return options;
    }

    public static void CopyTo(this NetIdentityOptions source, NetIdentityOptions target)
    {
        target.Authority = source.Authority;
        target.ClientId = source.ClientId;
        target.ClientSecret = source.ClientSecret;
        target.AcrLevel = source.AcrLevel;
        target.UiLocale = source.UiLocale;
        target.Profile = source.Profile;
        target.ClientAssertionKeyPath = source.ClientAssertionKeyPath;
        target.ClientAssertionJwk = source.ClientAssertionJwk;
        target.ClientAssertionKeyId = source.ClientAssertionKeyId;
        target.ClientAssertionKey = source.ClientAssertionKey;
        target.UseDpop = source.UseDpop;
        target.DpopKeyPath = source.DpopKeyPath;
        target.DpopKey = source.DpopKey;
        foreach (var scope in source.Scopes)
        {
            target.Scopes.Add(scope);
        }
    }
}
