using NetIdentity.Core.Streams;

namespace NetIdentity.Core.Tests;

/// <summary>The SSF stream rules (SSF 1.0 §8; docs/events.md, "SSF streams").</summary>
public sealed class StreamRulesTests
{
    private const string Withdrawn = "https://netidentity.example/secevent/consent-withdrawn";
    private const string Revoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    private static readonly string[] Supported = [Withdrawn, Revoked];

    [Fact]
    public void EventsDelivered_IsTheRequestedSupportedOnes_InTheTransmittersOrder()
    {
        Assert.Equal([Withdrawn, Revoked], StreamRules.EventsDelivered(Supported, [Revoked, "https://example.com/other", Withdrawn]));
        Assert.Empty(StreamRules.EventsDelivered(Supported, ["https://example.com/other"]));
    }

    [Theory]
    [InlineData(StreamStatus.Enabled, true)]
    [InlineData(StreamStatus.Paused, true)]
    [InlineData(StreamStatus.Disabled, false)]
    public void Carries_ARequestedEvent_UnlessDisabled(StreamStatus status, bool carries)
    {
        var stream = Stream([Revoked]) with { Status = status };

        Assert.Equal(carries, StreamRules.Carries(stream, Supported, Revoked));
        Assert.False(StreamRules.Carries(stream, Supported, Withdrawn));
    }

    [Theory]
    [InlineData("https://forum.example/events", true)]
    [InlineData("https://forum.example/events/", false)]
    [InlineData("https://forum.example/events?x=1", false)]
    [InlineData("https://forum.example:8443/events", false)]
    [InlineData("http://forum.example/events", false)]
    [InlineData("https://forum.example.attacker.example/events", false)]
    [InlineData("http://169.254.169.254/latest/meta-data/", false)]
    public void PushEndpoint_MustBeExactlyARegisteredOne(string endpoint, bool allowed)
    {
        Uri[] registered = [new("https://forum.example/events"), new("https://forum.example/ssf")];

        Assert.Equal(allowed, StreamRules.IsRegisteredPushEndpoint(new Uri(endpoint), registered));
    }

    [Fact]
    public void PushEndpoint_WithNothingRegistered_IsRefused() =>
        Assert.False(StreamRules.IsRegisteredPushEndpoint(new Uri("https://forum.example/events"), []));

    private static StreamConfiguration Stream(IReadOnlyList<string> events) => new()
    {
        Id = "stream-1",
        ClientId = "forum",
        Delivery = StreamDelivery.Push,
        EndpointUrl = new Uri("https://forum.example/events"),
        EventsRequested = events,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };
}
