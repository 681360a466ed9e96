using System.Buffers;
using System.Text.Json;
using NetIdentity.MockAuthority.Hosting;
using NetIdentity.MockAuthority.Organisations;

namespace NetIdentity.MockAuthority.Protocol;

/// <summary>The members every signed request body carries (contract §1.1).</summary>
internal abstract record SignedBody
{
    public required string OrgId { get; init; }

    public required string AppId { get; init; }

    public required DateTimeOffset Timestamp { get; init; }
}

/// <summary>A request whose signature, organisation, app and timestamp have been checked.</summary>
internal sealed record SignedRequest<T>(Organisation Organisation, T Body)
    where T : SignedBody;

/// <summary>
/// Checks a signed <c>POST /v1/...</c> request (contract §1.1) in a fixed order: the headers,
/// the organisation, the signature over the exact body bytes, then the body's shape (a
/// <see cref="JsonException"/> escapes to the exception handler as A0400001), the
/// <c>orgId</c>/header match, the app and the timestamp window.
/// </summary>
internal sealed class SignedRequestReader(
    OrganisationRegistry organisations,
    TimeProvider time,
    MockAuthorityOptions options,
    ILogger<SignedRequestReader> logger)
{
    public const string OrgHeader = "X-NetId-Org";
    public const string SignatureHeader = "X-NetId-Signature";

    /// <summary>Bodies are small JSON documents; anything larger is refused unread.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    public async Task<Checked<SignedRequest<T>>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : SignedBody
    {
        var result = await CheckAsync<T>(request, cancellationToken);
        if (!result.Succeeded)
        {
            Log.RequestRefused(logger, request.Path.ToString(), result.Error.Code);
        }

        return result;
    }

    private async Task<Checked<SignedRequest<T>>> CheckAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : SignedBody
    {
        var orgId = request.Headers[OrgHeader].ToString();
        var signatureText = request.Headers[SignatureHeader].ToString();
        if (orgId.Length == 0 || signatureText.Length == 0)
        {
            return AuthorityErrors.BadSignature;
        }

        var organisation = organisations.Find(orgId);
        if (organisation is null)
        {
            return AuthorityErrors.UnknownOrganisation;
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return AuthorityErrors.Malformed;
        }

        var signature = new byte[signatureText.Length];
        if (!Convert.TryFromBase64String(signatureText, signature, out var length) || !organisation.PublicKey.Verify(body, signature.AsSpan(0, length)))
        {
            return AuthorityErrors.BadSignature;
        }

        var parsed = JsonSerializer.Deserialize<T>(body, WireJson.Options)
            ?? throw new JsonException("The request body is null.");
        if (!string.Equals(parsed.OrgId, orgId, StringComparison.Ordinal))
        {
            return AuthorityErrors.BadSignature;
        }

        if (!organisation.AppIds.Contains(parsed.AppId))
        {
            return AuthorityErrors.UnknownOrganisation;
        }

        var skew = (time.GetUtcNow() - parsed.Timestamp).Duration();
        if (skew > TimeSpan.FromSeconds(options.TimestampToleranceSeconds))
        {
            return AuthorityErrors.StaleTimestamp;
        }

        return new SignedRequest<T>(organisation, parsed);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(total, MaxBodyBytes + 1 - total), cancellationToken)) > 0)
            {
                total += read;
                if (total > MaxBodyBytes)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
