using System.Security.Cryptography;
using NetIdentity.Core.Consent;

namespace NetIdentity.Data.IntegrationTests.Infrastructure;

/// <summary>Consent entries, deliveries and outbox messages as the broker would write them.</summary>
internal static class ConsentData
{
    /// <summary>A fixed instant with sub-microsecond ticks, so every test also checks the rounding.</summary>
    public static readonly DateTimeOffset Noon = new DateTimeOffset(2025, 7, 15, 12, 0, 0, TimeSpan.FromHours(8)).AddTicks(1_234_567);

    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>A pairwise subject: 43 base64url characters.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string NewClientId() => $"platform-{Guid.NewGuid():N}";

    public static ConsentRecord Grant(string personKey, string clientId, DateTimeOffset time, params ConsentItem[] items) => new()
    {
        Id = NewId(),
        Time = time,
        PersonKey = personKey,
        Subject = NewKey(),
        ClientId = clientId,
        Items = items.Length == 0 ? [ConsentItem.AgeBand] : items,
        PurposeVersion = "3f2a9c0d1e4b5a67",
        Decision = ConsentDecision.Granted,
    };

    public static IdentityDelivery Delivery(string clientId, string subject, DateTimeOffset createdAt) => new()
    {
        Id = NewId(),
        ClientId = clientId,
        Subject = subject,
        BizSeq = NewId(),
        Envelope = RandomNumberGenerator.GetBytes(161),
        CreatedAt = createdAt,
        ExpiresAt = createdAt + IIdentityDeliveries.Lifetime,
    };

    public static OutboxMessage Message(string clientId, DateTimeOffset createdAt) => new()
    {
        Id = NewId(),
        ClientId = clientId,
        Endpoint = new Uri("https://platform.example/events?tenant=a%20b"),
        Payload = "eyJhbGciOiJTTTIiLCJ0eXAiOiJzZWNldmVudCtqd3QifQ.eyJqdGkiOiIxIn0.c2ln",
        CreatedAt = createdAt,
        NextAttemptAt = createdAt,
    };

    /// <summary>An instant as the database keeps it: UTC, whole microseconds.</summary>
    public static DateTimeOffset Stored(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
}
