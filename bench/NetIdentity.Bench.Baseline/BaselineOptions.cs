namespace NetIdentity.Bench.Baseline;

/// <summary>The configuration section <c>Baseline</c>: where the database is, and the one client's registration.</summary>
internal sealed class BaselineOptions
{
    public const string Section = "Baseline";

    /// <summary>The SQLite file (created at start-up, like the broker's sandbox database).</summary>
    public string DatabasePath { get; set; } = Path.Combine(Path.GetTempPath(), "netidentity-bench-baseline.db");

    /// <summary>The same client id and secret as the sandbox's script client, so the driver sends the same requests.</summary>
    public string ClientId { get; set; } = "sandbox-script";

    public string ClientSecret { get; set; } = "sandbox-script-development-secret-0123456789";

    public Uri RedirectUri { get; set; } = new("http://127.0.0.1:5200/signin-oidc");
}
