using System.Diagnostics.CodeAnalysis;

namespace NetIdentity.MockAuthority.Protocol;

/// <summary>
/// A value, or the error that stopped it. The default instance is an error (STYLE 5: fail
/// closed): nothing passes without a value having been set.
/// </summary>
internal readonly struct Checked<T>
    where T : class
{
    private readonly ProblemCode? _error;

    private Checked(T? value, ProblemCode? error)
    {
        Value = value;
        _error = error;
    }

    public T? Value { get; }

    public ProblemCode Error => _error ?? AuthorityErrors.Malformed;

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null && _error is null;

    public static Checked<T> Ok(T value) => new(value, null);

    public static Checked<T> Fail(ProblemCode error) => new(null, error);

    public static implicit operator Checked<T>(T value) => Ok(value);

    public static implicit operator Checked<T>(ProblemCode error) => Fail(error);
}
