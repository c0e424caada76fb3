using System.CommandLine;
using OnchainMarket.Agent.Safety;
using OnchainMarket.Agent.State;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>`omkt prover reset`: closes the prover's circuit breaker (the operator's decision after a failure or slash).</summary>
internal static class ProverResetCommand
{
    public static Command Create()
    {
        var state = new Option<string>("--state") { Description = "The prover's state folder (as given to omkt prover run)", Required = true };
        var command = new Command("reset", "Close the circuit breaker so the prover takes new work again") { state };
        command.SetAction(parse => ChainErrors.Run(() =>
        {
            var folder = parse.GetValue(state)!;
            if (!Directory.Exists(folder))
            {
                throw new CliUsageException($"--state {folder}: no such folder");
            }
            var store = new JobStore(folder);
            var before = store.LoadBreaker();
            store.SaveBreaker(BreakerState.Closed);
            Console.WriteLine(before.Open
                ? $"breaker closed (it was open since {before.TrippedAt:u}: {before.Reason}); a running prover picks this up within seconds"
                : "the breaker was already closed");
            return 0;
        }));
        return command;
    }
}
