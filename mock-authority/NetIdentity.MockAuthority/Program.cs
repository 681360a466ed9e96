using NetIdentity.MockAuthority;

// The mock authority: docs/mock-authority.md. Start it with
//   dotnet run --project mock-authority/NetIdentity.MockAuthority
await MockAuthorityApp.Create(args).RunAsync();
