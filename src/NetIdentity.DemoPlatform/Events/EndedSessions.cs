using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NetIdentity.Client;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// What back-channel logout ended (docs/events.md, "Back-channel logout"): sessions by their
/// <c>sid</c>, and for a token naming only a <c>sub</c>, every session of that person issued
/// before it. The forum's session is a cookie it cannot reach, so each request's cookie is checked
/// here (<see cref="IsEnded"/>) and a session found ended is signed out. In memory: a demo; a real
/// platform keeps this where all its instances see it, for as long as its sessions live.
/// </summary>
internal sealed class EndedSessions
{
    private readonly ConcurrentDictionary<string, byte> _sids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _subjects = new(StringComparer.Ordinal);

    /// <summary>The cookie's check on each request: a session back-channel logout ended is signed out.</summary>
    public static async Task SignOutIfEndedAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is { } user && context.HttpContext.RequestServices.GetRequiredService<EndedSessions>().IsEnded(user, context.Properties.IssuedUtc))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>Records a verified logout (verified and deduplicated by NetIdentity.Client's <c>MapNetIdentityBackChannelLogout</c>).</summary>
    public void End(NetIdentityLogout logout)
    {
        ArgumentNullException.ThrowIfNull(logout);
        if (logout.Sid is { } sid)
        {
            _sids[sid] = 0;
        }
        else
        {
            _subjects.AddOrUpdate(logout.Subject!, logout.IssuedAt, (_, before) => before > logout.IssuedAt ? before : logout.IssuedAt);
        }
    }

    /// <summary>Whether the session of <paramref name="user"/>, issued at <paramref name="issuedAt"/>, was ended.</summary>
    public bool IsEnded(ClaimsPrincipal user, DateTimeOffset? issuedAt)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.FindFirst("sid")?.Value is { } sid && _sids.ContainsKey(sid))
        {
            return true;
        }

        return user.FindFirst(NetIdentity.Client.NetIdentityClaimTypes.Subject)?.Value is { } subject
            && _subjects.TryGetValue(subject, out var endedAt)
            && (issuedAt is null || issuedAt <= endedAt);
    }
}
