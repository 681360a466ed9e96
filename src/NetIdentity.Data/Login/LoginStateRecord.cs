using NetIdentity.Core.Login;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Login;

/// <summary>One row of <c>login_states</c>: a <see cref="StoredLogin"/> as stored.</summary>
internal sealed class LoginStateRecord
{
    public required string Key { get; init; }

    public required string LoginId { get; init; }

    public required string ClientId { get; init; }

    public required long Version { get; set; }

    public required string State { get; set; }

    public required string Payload { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <exception cref="ArgumentException">A field is missing or too long, or the login expires before it starts.</exception>
    public static LoginStateRecord From(StoredLogin login)
    {
        const string Parameter = "login";
        Field.Required(login.Key, ColumnLengths.LoginKey, "A login's Key", Parameter);
        Field.Required(login.LoginId, ColumnLengths.LoginId, "A login's LoginId", Parameter);
        Field.Required(login.ClientId, ColumnLengths.ClientId, "A login's ClientId", Parameter);
        Field.Required(login.State, ColumnLengths.LoginState, "A login's State", Parameter);
        ArgumentException.ThrowIfNullOrEmpty(login.Payload, Parameter);
        var createdAt = StoredTime.Normalize(login.CreatedAt);
        var expiresAt = StoredTime.Normalize(login.ExpiresAt);
        if (expiresAt <= createdAt)
        {
            throw new ArgumentException($"A login expires after it starts; this one starts at {createdAt:O} and expires at {expiresAt:O}.", Parameter);
        }

        return new LoginStateRecord
        {
            Key = login.Key,
            LoginId = login.LoginId,
            ClientId = login.ClientId,
            Version = login.Version,
            State = login.State,
            Payload = login.Payload,
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
        };
    }

    public StoredLogin ToLogin() => new()
    {
        Key = Key,
        LoginId = LoginId,
        ClientId = ClientId,
        Version = Version,
        State = State,
        Payload = Payload,
        CreatedAt = CreatedAt,
        ExpiresAt = ExpiresAt,
    };
}
