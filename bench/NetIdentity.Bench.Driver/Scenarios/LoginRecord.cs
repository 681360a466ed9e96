using System.Diagnostics;

namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>The time each step of one login took, in the order they ran.</summary>
public sealed class LoginRecord
{
    private readonly List<(string Step, double Milliseconds)> steps = [];

    public IReadOnlyList<(string Step, double Milliseconds)> Steps => steps;

    /// <summary>The step now running, for the error report when it fails.</summary>
    public string Current { get; private set; } = "start";

    /// <summary>Times <paramref name="action"/> as the step <paramref name="name"/>; a step run twice (a second poll) adds up.</summary>
    public async Task<T> StepAsync<T>(string name, Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Current = name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await action();
        }
        finally
        {
            Add(name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Time spent on purpose, not serving: waiting out a poll's Retry-After.</summary>
    public void Add(string name, double milliseconds)
    {
        var index = steps.FindIndex(s => s.Step == name);
        if (index >= 0)
        {
            steps[index] = (name, steps[index].Milliseconds + milliseconds);
        }
        else
        {
            steps.Add((name, milliseconds));
        }
    }
}
