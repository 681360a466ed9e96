namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>
/// A login that did not end with tokens. <see cref="Code"/> is what the report counts errors by:
/// the NI code the broker showed or sent the platform (docs/errors/), the OAuth error of the
/// token endpoint, <c>HTTP nnn</c> for an unexpected status, or <c>timeout</c>/<c>connection</c>.
/// </summary>
public sealed class LoginFailedException : Exception
{
    public LoginFailedException()
    {
        Code = "unknown";
        Step = "unknown";
    }

    public LoginFailedException(string message)
        : base(message)
    {
        Code = "unknown";
        Step = "unknown";
    }

    public LoginFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "unknown";
        Step = "unknown";
    }

    public LoginFailedException(string code, string step, string message)
        : base($"{step}: {code}: {message}")
    {
        Code = code;
        Step = step;
    }

    public string Code { get; }

    public string Step { get; }
}
