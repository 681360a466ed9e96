using System.Reflection;
using NetIdentity.EndToEnd.Tests.Infrastructure;

namespace NetIdentity.EndToEnd.Tests.Personas;

/// <summary>
/// Every persona of the mock that is a minor, a guardian, or verifies only the other way has an
/// end-to-end test. The list is read from personas.json itself, so a persona added there without
/// a test that names it (<see cref="ExercisesPersonasAttribute"/>) fails the suite. No sandbox needed.
/// </summary>
public sealed class PersonaCoverageTests
{
    /// <summary>
    /// The personas the issue named. Kept besides the rule because ages move on (docs/mock-authority.md:
    /// <c>minor-14-17</c> turns 18 on 2028-08-15), and a persona must not lose its test silently.
    /// </summary>
    private static readonly string[] Named =
        ["child-under-14", "guardian", "minor-14-17", "other-adult", "other-minor", "other-child", "other-guardian", "other-name-mismatch"];

    /// <summary>Minors (by the birth date in the number, today), guardians, the other way's own personas, and the named ones.</summary>
    public static TheoryData<string> MinorGuardianAndOtherWayPersonas() =>
        [.. PersonaIdentity.All.Where(p => p.IsMinorToday || p.GuardianOf.Count > 0 || p.OtherWayOnly).Select(p => p.Id).Union(Named)];

    [Theory]
    [MemberData(nameof(MinorGuardianAndOtherWayPersonas))]
    public void Persona_MinorGuardianOrOtherWay_HasAnEndToEndTest(string persona)
    {
        Assert.Contains(persona, PersonaIdentity.All.Select(p => p.Id));

        Assert.True(
            Exercised().Any(e => e.Personas.Contains(persona)),
            $"No end-to-end test logs in as '{persona}' ({PersonaIdentity.FilePath}). Add one and mark it [ExercisesPersonas(\"{persona}\")].");
    }

    [Fact]
    public void ExercisedPersonas_EveryOneNamed_IsAPersonaOfTheMock()
    {
        var known = PersonaIdentity.All.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

        Assert.All(Exercised(), e => Assert.All(e.Personas, persona =>
            Assert.True(known.Contains(persona), $"{e.Test} names '{persona}', which {PersonaIdentity.FilePath} does not have.")));
    }

    private static List<(string Test, IReadOnlyList<string> Personas)> Exercised() =>
        [.. typeof(PersonaCoverageTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<ExercisesPersonasAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => ($"{m.Method.DeclaringType!.Name}.{m.Method.Name}", m.Attribute!.Personas))];
}
