using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;
using NetIdentity.Core.Login;
using OpenIddict.Abstractions;

namespace NetIdentity.Broker.Login;

/// <summary>
/// Keeps each <see cref="LoginTransaction"/> on the server, in the database every instance shares
/// (<see cref="ILoginStates"/>). The browser holds only an opaque random reference in the cookie
/// <c>netid.tx.{id}</c>; the store is keyed by a hash of it, so neither a database reader nor an
/// observer of addresses can take a login over. Every write is a compare-and-set from the version
/// that was read: an older cookie, a second tab or a racing request cannot roll a login back
/// (issue 8 §5). The payload is sealed under a key derived from the browser's reference
/// (<see cref="LoginStateSeal"/>), so the row holds nothing readable without the cookie, and a
/// row's older payload put back does not open. The cookie also carries the last version this
/// browser was told of, <c>{reference}.{version}</c>, renewed on every write: a row put back whole
/// (version, state and payload from an earlier snapshot) is below it and is no login either.
/// </summary>
public sealed class LoginTransactionStore
{
    private const string CookiePrefix = "netid.tx.";

    /// <summary>
    /// The logins this request read or created, by row key: a write later in the same request
    /// seals with the key the cookie gave, which the server does not keep, and tells the browser
    /// the new version under the same reference.
    /// </summary>
    private static readonly object KeysItem = new();

    /// <summary>The longest version a cookie may carry: a <see cref="long"/> has 19 digits.</summary>
    private const int MaxVersionDigits = 19;

    private readonly ILoginStates _states;
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;

    public LoginTransactionStore(ILoginStates states, IOptions<BrokerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _states = states;
        _options = options.Value;
        _time = time;
    }

    /// <summary>
    /// The id of the login of <paramref name="request"/>: SM3 over the parameters that make the
    /// request what it is. The same request gives the same id; any other request another one.
    /// </summary>
    public static string IdFor(OpenIddictRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fingerprint = string.Join(
            '\u001f',
            request.ClientId,
            request.RedirectUri,
            request.ResponseType,
            request.Scope,
            request.State,
            request.Nonce,
            request.CodeChallenge,
            request.CodeChallengeMethod,
            request.AcrValues,
            request.RequestUri);
        var hash = Cryptography.Sm3.Hash(Encoding.UTF8.GetBytes(fingerprint));
        return Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }

    /// <summary>A fresh random login id, for logins that no authorization request names (a guardian's, "my authorizations").</summary>
    public static string NewId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static bool IsWellFormedId(string? id) => id is { Length: 22 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// The login <paramref name="id"/> this browser holds, as it stands now; null when none, not
    /// this browser's, or past <c>Broker:LoginLifetime</c> (the store finds no expired row).
    /// </summary>
    public async Task<LoginTransaction?> ReadAsync(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsWellFormedId(id)
            || !context.Request.Cookies.TryGetValue(CookiePrefix + id, out var cookie)
            || !TryParseCookie(cookie, out var reference, out var floor))
        {
            return null;
        }

        var key = KeyOf(reference);
        var stored = await _states.FindAsync(key, _time.GetUtcNow(), context.RequestAborted);
        if (stored is null || stored.LoginId != id)
        {
            return null;
        }

        // Older than this browser was last told: the row was put back whole from an earlier
        // snapshot. As if there were none.
        if (stored.Version < floor)
        {
            return null;
        }

        // Changed in the database, put back from an earlier version, or written by a version
        // of the broker that sealed otherwise: as if there were none.
        var sealingKey = LoginStateSeal.KeyFor(reference);
        var json = LoginStateSeal.Open(sealingKey, stored.Payload, id, stored.ClientId, stored.Version);
        if (json is null)
        {
            return null;
        }

        try
        {
            var transaction = JsonSerializer.Deserialize(json, LoginTransactionJson.Default.LoginTransaction);
            if (transaction is null || transaction.Id != id || transaction.ClientId != stored.ClientId)
            {
                return null;
            }

            Remember(context, key, reference, sealingKey);
            return transaction with { StoreKey = key, Version = stored.Version };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Starts keeping a new login for this browser; returns it as stored.</summary>
    public async Task<LoginTransaction> CreateAsync(HttpContext context, LoginTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        var expires = ExpiresOf(transaction);
        for (var attempt = 0; ; attempt++)
        {
            var reference = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            var sealingKey = LoginStateSeal.KeyFor(reference);
            var stored = transaction with { StoreKey = KeyOf(reference), Version = 1 };
            var created = await _states.CreateAsync(
                new StoredLogin
                {
                    Key = stored.StoreKey,
                    LoginId = stored.Id,
                    ClientId = stored.ClientId,
                    Version = stored.Version,
                    State = stored.State.ToString(),
                    Payload = Seal(sealingKey, stored),
                    CreatedAt = stored.CreatedAt,
                    ExpiresAt = expires,
                },
                context.RequestAborted);
            if (created)
            {
                Remember(context, stored.StoreKey, reference, sealingKey);
                context.Response.Cookies.Append(CookiePrefix + transaction.Id, CookieValue(reference, stored.Version), CookieOptions(expires));
                return stored;
            }

            if (attempt == 2)
            {
                throw new InvalidOperationException("Three random login references collided; the random source is broken.");
            }
        }
    }

    /// <summary>
    /// Moves the login to <paramref name="transaction"/> if it is still at the version that was
    /// read. Throws <see cref="LoginConflictException"/> when another transition came first: the
    /// caller's view is stale and must not be applied.
    /// </summary>
    public async Task<LoginTransaction> WriteAsync(HttpContext context, LoginTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.StoreKey is null)
        {
            throw new InvalidOperationException("Only a login read from or created in the store can be written; create it first.");
        }

        var held = Recall(context, transaction.StoreKey)
            ?? throw new InvalidOperationException("A login can be written only in the request that read or created it: its sealing key comes from the browser's cookie.");
        var next = transaction with { Version = transaction.Version + 1 };
        if (!await _states.TryReplaceAsync(transaction.StoreKey, transaction.Version, next.State.ToString(), Seal(held.SealingKey, next), context.RequestAborted))
        {
            throw new LoginConflictException(transaction.Id);
        }

        // The browser now holds the version it was moved to. Of two writes in one request the
        // later Set-Cookie replaces the earlier (RFC 6265 §5.3, step 11), higher version last.
        context.Response.Cookies.Append(
            CookiePrefix + transaction.Id,
            CookieValue(held.Reference, next.Version),
            CookieOptions(ExpiresOf(transaction)));
        return next;
    }

    /// <summary>
    /// The login's last transition: claims it and ends keeping it in one compare-and-delete, if it
    /// is still at the version that was read. Of two requests finishing the same login (a double
    /// click, a replayed cookie, two instances) exactly one gets it back, as
    /// <see cref="LoginState.Completed"/>; the other gets <see cref="LoginConflictException"/>.
    /// A later read, with any copy of the cookie, finds nothing.
    /// </summary>
    public async Task<LoginTransaction> ClaimAsync(HttpContext context, LoginTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.StoreKey is null)
        {
            throw new InvalidOperationException("Only a login read from or created in the store can be claimed.");
        }

        if (!await _states.TryDeleteAsync(transaction.StoreKey, transaction.Version, context.RequestAborted))
        {
            throw new LoginConflictException(transaction.Id);
        }

        ForgetCookie(context, transaction);
        return transaction with { State = LoginState.Completed, Version = transaction.Version + 1 };
    }

    /// <summary>Ends keeping the login: a later read, with any copy of the cookie, finds nothing.</summary>
    public async Task DeleteAsync(HttpContext context, LoginTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.StoreKey is not null)
        {
            await _states.DeleteAsync(transaction.StoreKey, context.RequestAborted);
        }

        ForgetCookie(context, transaction);
    }

    private void ForgetCookie(HttpContext context, LoginTransaction transaction) =>
        context.Response.Cookies.Delete(CookiePrefix + transaction.Id, CookieOptions(null));

    private static string Seal(byte[] sealingKey, LoginTransaction transaction) =>
        LoginStateSeal.Seal(
            sealingKey,
            JsonSerializer.SerializeToUtf8Bytes(transaction, LoginTransactionJson.Default.LoginTransaction),
            transaction.Id,
            transaction.ClientId,
            transaction.Version);

    private static void Remember(HttpContext context, string storeKey, string reference, byte[] sealingKey)
    {
        if (context.Items[KeysItem] is not Dictionary<string, HeldLogin> held)
        {
            context.Items[KeysItem] = held = new Dictionary<string, HeldLogin>(StringComparer.Ordinal);
        }

        held[storeKey] = new HeldLogin(reference, sealingKey);
    }

    private static HeldLogin? Recall(HttpContext context, string storeKey) =>
        context.Items[KeysItem] is Dictionary<string, HeldLogin> held && held.TryGetValue(storeKey, out var login) ? login : null;

    /// <summary>When the login, its row and its cookie end: <c>Broker:LoginLifetime</c> after it began.</summary>
    private DateTimeOffset ExpiresOf(LoginTransaction transaction) => transaction.CreatedAt + _options.LoginLifetime;

    private static string CookieValue(string reference, long version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reference}.{version}");

    /// <summary>
    /// <c>{reference}.{version}</c>: a 43-character base64url reference (256 bits) and the version
    /// the browser was last told, decimal digits only. Anything else, the reference alone
    /// included (as the tenth round of issue 10 set it), is no login.
    /// </summary>
    private static bool TryParseCookie(string? cookie, out string reference, out long version)
    {
        reference = string.Empty;
        version = 0;
        if (cookie is not { Length: > 44 and <= 44 + MaxVersionDigits } || cookie[43] != '.')
        {
            return false;
        }

        // NumberStyles.None: ASCII digits only, no sign, no space, no separator.
        if (!long.TryParse(cookie.AsSpan(44), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version)
            || version < 1
            || !Base64Url.IsValid(cookie.AsSpan(0, 43)))
        {
            return false;
        }

        reference = cookie[..43];
        return true;
    }

    /// <summary>What a request holds of a login it read or created: never stored, never logged.</summary>
    private sealed record HeldLogin(string Reference, byte[] SealingKey)
    {
        public override string ToString() => nameof(HeldLogin);
    }

    /// <summary>SHA-256 of the reference: the store never sees what the browser holds.</summary>
    private static string KeyOf(string reference) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(reference)));

    private CookieOptions CookieOptions(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = _options.RequireHttps,
        // Lax, not Strict (issue 9 §5): the national app returns the person to /login/{id}/netid/return
        // by a top-level navigation from outside the broker's site, which must carry this cookie.
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}

/// <summary>Another transition of the login came first; the stale one was not applied.</summary>
public sealed class LoginConflictException(string loginId)
    : InvalidOperationException($"The login '{loginId}' moved on while this request was deciding; nothing was changed.")
{
    public string LoginId { get; } = loginId;
}
