namespace NetIdentity.Core.Sessions;

/// <summary>One logout token to send: to a platform, for a subject, naming one session or all of them.</summary>
/// <param name="ClientId">The platform (the token's <c>aud</c>).</param>
/// <param name="Subject">The person's pairwise <c>sub</c> there.</param>
/// <param name="Sid">The session, or null for every session of <paramref name="Subject"/> at the platform.</param>
public sealed record LogoutNotice(string ClientId, string Subject, string? Sid);

/// <summary>
/// Which logout tokens a sign-out sends to one platform (OpenID Connect Back-Channel Logout 1.0
/// §2.4: a token names <c>sub</c>, <c>sid</c> or both; without <c>sid</c> it means every session of
/// <c>sub</c>). One token per session the broker knows, with both; when it knows none — they
/// expired from its notes, yet the platform may still hold one — one token with <c>sub</c> alone,
/// unless the platform registered <c>backchannel_logout_session_required</c>, which a token
/// without <c>sid</c> would not satisfy: then nothing can be named and nothing is sent.
/// </summary>
public static class LogoutPlan
{
    /// <param name="clientId">The platform.</param>
    /// <param name="subject">The person's pairwise <c>sub</c> at it.</param>
    /// <param name="sessions">The sessions the broker knows there (other platforms' and subjects' are ignored).</param>
    /// <param name="sessionRequired">The platform registered <c>BackChannelLogoutSessionRequired</c>.</param>
    /// <param name="whenNoneKnown">Send a <c>sub</c>-only token when no session is known (a withdrawal of everything), or nothing (a sign-out, which only ends what it knows of).</param>
    public static IReadOnlyList<LogoutNotice> For(
        string clientId, string subject, IEnumerable<PlatformSession> sessions, bool sessionRequired, bool whenNoneKnown)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(sessions);
        var known = sessions
            .Where(s => s.ClientId == clientId && s.Subject == subject)
            .Select(s => s.Sid)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(sid => new LogoutNotice(clientId, subject, sid))
            .ToList();
        if (known.Count == 0 && whenNoneKnown && !sessionRequired)
        {
            known.Add(new LogoutNotice(clientId, subject, null));
        }

        return known;
    }
}
