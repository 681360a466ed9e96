namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The mock personas an end-to-end test logs in as (or has verify as a guardian). Read by
/// <c>PersonaCoverageTests</c>: every minor and every other-way persona of the mock must be named
/// by at least one test, so a persona added to personas.json without a test fails the suite.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
internal sealed class ExercisesPersonasAttribute(params string[] personas) : Attribute
{
    public IReadOnlyList<string> Personas { get; } = personas;
}
