using NetIdentity.Core.Sessions;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Sessions;

/// <summary>One row of <c>platform_sessions</c>: a <see cref="PlatformSession"/> as stored. Pseudonyms only.</summary>
internal sealed class PlatformSessionRecord
{
    public required string Sid { get; init; }

    public required string ClientId { get; init; }

    public required string Subject { get; init; }

    public required string PersonKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <exception cref="ArgumentException">A field is missing or too long.</exception>
    public static PlatformSessionRecord From(PlatformSession session)
    {
        const string Parameter = "session";
        Field.Required(session.Sid, ColumnLengths.SessionId, "A platform session's Sid", Parameter);
        Field.Required(session.ClientId, ColumnLengths.ClientId, "A platform session's ClientId", Parameter);
        Field.Required(session.Subject, ColumnLengths.Subject, "A platform session's Subject", Parameter);
        Field.Required(session.PersonKey, ColumnLengths.Subject, "A platform session's PersonKey", Parameter);
        return new PlatformSessionRecord
        {
            Sid = session.Sid,
            ClientId = session.ClientId,
            Subject = session.Subject,
            PersonKey = session.PersonKey,
            CreatedAt = StoredTime.Normalize(session.CreatedAt),
            ExpiresAt = StoredTime.Normalize(session.ExpiresAt),
        };
    }

    public PlatformSession ToSession() => new()
    {
        Sid = Sid,
        ClientId = ClientId,
        Subject = Subject,
        PersonKey = PersonKey,
        CreatedAt = CreatedAt,
        ExpiresAt = ExpiresAt,
    };
}
