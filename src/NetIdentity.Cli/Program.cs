using NetIdentity.Cli;

return await NetIdentityCommand.InvokeAsync(args, Console.Out, Console.Error);
