using System.CommandLine;
using OnchainMarket.Cli;

// Each command lives in its own file under Commands/ and is added here once.
var root = new RootCommand("omkt — OnchainMarket: a permissionless market for zero-knowledge proofs");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await CliRunner.RunAsync(root, args);
