using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

[assembly: AssemblyFixture(typeof(SharedMockAuthority))]
