namespace NetIdentity.Broker.Ssf;

/// <summary>The transmitter's URLs under the broker's issuer (which ends with '/').</summary>
internal static class SsfPaths
{
    public static Uri PollEndpoint(Uri issuer, string streamId) => new(issuer, SharedSignals.PollPath + "/" + Uri.EscapeDataString(streamId));

    public static Uri Of(Uri issuer, string path) => new(issuer, path);
}
