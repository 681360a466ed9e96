using NetIdentity.Cli;

return await NetIdentityCli.RunAsync(args, Console.Out, Console.Error);
