using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.Keys;

namespace NetIdentity.MockAuthority.Protocol;

/// <summary>
/// Opens envelopes that callers seal to the authority's <c>enc</c> key with the ASCII
/// requestId as associated data (contract §1.4, §6, §7).
/// </summary>
internal sealed class AuthorityEnvelopes(AuthorityKeys keys)
{
    /// <summary>The JSON content, or <c>null</c> for anything that does not open or parse (A0400001).</summary>
    public T? TryOpen<T>(string? envelope, string requestId)
        where T : class
    {
        if (string.IsNullOrEmpty(envelope) || !Base64Url.IsValid(envelope))
        {
            return null;
        }

        var sealedBytes = Base64Url.DecodeFromChars(envelope);
        if (!Sm2Envelope.TryOpen(keys.Encryption, sealedBytes, out var plaintext, Encoding.ASCII.GetBytes(requestId)) || plaintext is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(plaintext, WireJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            // The content is plaintext identity: do not leave it lying in memory longer than needed.
            Array.Clear(plaintext);
        }
    }
}
