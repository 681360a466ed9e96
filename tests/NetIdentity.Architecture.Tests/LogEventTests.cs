using System.Reflection;
using System.Text;
using Microsoft.Extensions.Logging;

namespace NetIdentity.Architecture.Tests;

/// <summary>
/// Every log event of the broker's process (Broker, Data, Authority) has a fixed id that no other
/// event of that process shares (STYLE.md 7), and docs/operations.md ("Log events") lists each one
/// with its level and template, so an operator can alert on an id and look it up.
/// </summary>
public sealed class LogEventTests
{
    private static readonly string[] BrokerProcess = ["NetIdentity.Broker", "NetIdentity.Data", "NetIdentity.Authority"];

    [Fact]
    public void LogEvents_OfTheBrokerProcess_HaveDistinctIds()
    {
        var duplicates = Events().GroupBy(e => e.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Source + "." + e.Method))}")
            .ToList();

        Assert.True(duplicates.Count == 0, "Event ids used twice:\n" + string.Join('\n', duplicates));
    }

    [Fact]
    public void OperationsGuide_ListsEveryLogEventOfTheBrokerProcess()
    {
        var guide = File.ReadAllText(Path.Combine(SrcProjects.Root, "docs", "operations.md"));
        var table = Table(Events());

        Assert.True(
            guide.Contains(table, StringComparison.Ordinal),
            "docs/operations.md must contain, under \"Log events\", exactly this table (generated from the [LoggerMessage] attributes):\n\n" + table);
    }

    private static string Table(IEnumerable<LogEvent> events)
    {
        var table = new StringBuilder();
        table.Append("| id | level | definition | message |\n|---:|---|---|---|\n");
        foreach (var e in events)
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {e.Id} | {e.Level} | `{e.Source}.{e.Method}` | {e.Message.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return table.ToString();
    }

    private static List<LogEvent> Events() =>
        [.. BrokerProcess
            .Select(SrcProjects.Load)
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => new LogEvent(
                m.Attribute!.EventId,
                m.Attribute.Level.ToString(),
                Source(m.Method.DeclaringType!),
                m.Method.Name,
                m.Attribute.Message))
            .OrderBy(e => e.Id)
            .ThenBy(e => e.Source, StringComparer.Ordinal)];

    /// <summary>The declaring type without the assembly's root namespace: <c>Broker.Events.Log</c>.</summary>
    private static string Source(Type type)
    {
        var name = (type.FullName ?? type.Name).Replace('+', '.');
        return name.StartsWith("NetIdentity.", StringComparison.Ordinal) ? name["NetIdentity.".Length..] : name;
    }

    private sealed record LogEvent(int Id, string Level, string Source, string Method, string Message);
}
