using System.Buffers.Text;
using System.Security.Cryptography;

namespace NetIdentity.Core.Sessions;

/// <summary>
/// A login at a platform registered for back-channel logout (OpenID Connect Back-Channel Logout
/// 1.0 §2.3, "Remembering Logged-In RPs"): what the broker needs to sign that one login out later,
/// and nothing more. NetIdentity keeps no single sign-on session, so this is no session at the
/// broker: it is the broker's note that the platform may hold one. Pseudonyms only.
/// </summary>
public sealed record PlatformSession
{
    /// <summary>The <c>sid</c> the ID token carried: 128 random bits, base64url (22 characters).</summary>
    public required string Sid { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The person's pairwise <c>sub</c> at that platform.</summary>
    public required string Subject { get; init; }

    /// <summary>The person's key (their pairwise subject for the broker's own sector), to find every login of theirs.</summary>
    public required string PersonKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the broker forgets it: no platform session is assumed to outlive it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>A fresh <c>sid</c>: random, so it links nothing across platforms or logins.</summary>
    public static string NewSid() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}

/// <summary>The broker's notes of logins at platforms registered for back-channel logout, shared by every instance.</summary>
public interface IPlatformSessions
{
    Task AddAsync(PlatformSession session, CancellationToken cancellationToken);

    /// <summary>The person's sessions not yet expired at <paramref name="now"/>: at one platform, or at all when <paramref name="clientId"/> is null.</summary>
    /// <param name="personKey">The person.</param>
    /// <param name="clientId">One platform, or null for all.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<PlatformSession>> ForPersonAsync(string personKey, string? clientId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets the sessions named; returns how many there were.</summary>
    Task<int> RemoveAsync(IReadOnlyCollection<string> sids, CancellationToken cancellationToken);

    /// <summary>Forgets the session <paramref name="sid"/> if it belongs to <paramref name="clientId"/>; whether it did.</summary>
    /// <param name="sid">The session id the platform presented (in its <c>id_token_hint</c>).</param>
    /// <param name="clientId">The platform: one platform cannot end another's session.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> RemoveAsync(string sid, string clientId, CancellationToken cancellationToken);

    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
