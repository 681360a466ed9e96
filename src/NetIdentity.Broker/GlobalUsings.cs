global using NetIdentity.Core.Login;
