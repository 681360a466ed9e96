using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;
using OpenIddict.Abstractions;

namespace NetIdentity.Broker.Login;

/// <summary>
/// Keeps each <see cref="LoginTransaction"/> in its own cookie, <c>netid.tx.{id}</c>, protected
/// (encrypted and authenticated) and time-limited with Data Protection. The id is derived from
/// the authorization request itself, so the authorization endpoint finds the login of the very
/// request it is handling, including a pushed one (RFC 9126) resolved from its request_uri.
/// </summary>
public sealed class LoginTransactionStore
{
    private const string CookiePrefix = "netid.tx.";

    private readonly ITimeLimitedDataProtector _protector;
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;

    public LoginTransactionStore(IDataProtectionProvider dataProtection, IOptions<BrokerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        ArgumentNullException.ThrowIfNull(options);
        _protector = dataProtection.CreateProtector("NetIdentity.Broker.LoginTransaction.v1").ToTimeLimitedDataProtector();
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

    public static bool IsWellFormedId(string? id) => id is { Length: 22 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public LoginTransaction? Read(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsWellFormedId(id) || !context.Request.Cookies.TryGetValue(CookiePrefix + id, out var value) || value is null)
        {
            return null;
        }

        try
        {
            var json = _protector.Unprotect(value, out _);
            var transaction = JsonSerializer.Deserialize(json, LoginTransactionJson.Default.LoginTransaction);
            return transaction?.Id == id ? transaction : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            // Tampered, expired, or from a retired key: as if there were none.
            return null;
        }
    }

    public void Write(HttpContext context, LoginTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        var expires = transaction.CreatedAt + _options.LoginLifetime;
        var json = JsonSerializer.Serialize(transaction, LoginTransactionJson.Default.LoginTransaction);
        context.Response.Cookies.Append(CookiePrefix + transaction.Id, _protector.Protect(json, expires), CookieOptions(expires));
    }

    public void Delete(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(CookiePrefix + id, CookieOptions(null));
    }

    public bool IsExpired(LoginTransaction transaction) =>
        transaction.CreatedAt + _options.LoginLifetime <= _time.GetUtcNow();

    private CookieOptions CookieOptions(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = _options.RequireHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
