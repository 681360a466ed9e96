namespace NetIdentity.Cli;

/// <summary>The exit codes of <c>netidentity</c> (docs/operations.md).</summary>
public static class ExitCodes
{
    /// <summary>Done; for a check, everything held.</summary>
    public const int Ok = 0;

    /// <summary>The configuration is invalid, or the command line is (System.CommandLine's parse errors also exit 1).</summary>
    public const int InvalidConfiguration = 1;

    /// <summary>A check found a problem: a broken audit chain.</summary>
    public const int CheckFailed = 2;

    /// <summary>The database could not be reached or used.</summary>
    public const int DatabaseUnavailable = 3;

    /// <summary>What the command names does not exist (an unknown key id, an unknown outbox event).</summary>
    public const int NotFound = 4;

    /// <summary>What the command names exists, but its state forbids the operation (retrying a delivered event).</summary>
    public const int Refused = 5;
}
