namespace NetIdentity.Data.Model;

/// <summary>
/// Checks a value against its column before it is written, so a wrong value fails with a message
/// that names it instead of a provider error (or, worse, a silent cut on one provider only).
/// </summary>
internal static class Field
{
    /// <exception cref="ArgumentException">The value is null, empty or longer than the column.</exception>
    public static void Required(string? value, int maximum, string field, string parameter)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"{field} is required.", parameter);
        }

        Optional(value, maximum, field, parameter);
    }

    /// <exception cref="ArgumentException">The value is longer than the column.</exception>
    public static void Optional(string? value, int maximum, string field, string parameter)
    {
        if (value is not null && value.Length > maximum)
        {
            throw new ArgumentException($"{field} has at most {maximum} characters; this one has {value.Length}.", parameter);
        }
    }
}
