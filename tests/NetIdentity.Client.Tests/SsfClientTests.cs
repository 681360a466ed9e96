namespace NetIdentity.Client.Tests;

public sealed class SsfClientTests
{
    /// <summary>SSF 1.0 §7.2: the metadata is at the host's root, followed by the issuer's path when it has one.</summary>
    [Theory]
    [InlineData("https://netid.example.com", "https://netid.example.com/.well-known/ssf-configuration")]
    [InlineData("https://netid.example.com/", "https://netid.example.com/.well-known/ssf-configuration")]
    [InlineData("https://www.example.com/netid/", "https://www.example.com/.well-known/ssf-configuration/netid")]
    [InlineData("https://www.example.com/a/b", "https://www.example.com/.well-known/ssf-configuration/a/b")]
    [InlineData("http://127.0.0.1:5100/", "http://127.0.0.1:5100/.well-known/ssf-configuration")]
    public void ConfigurationUrl_IsAtTheHostsRoot_WithTheIssuersPathAfterIt(string authority, string expected) =>
        Assert.Equal(expected, NetIdentitySsfClient.ConfigurationUrl(new Uri(authority)).AbsoluteUri);
}
