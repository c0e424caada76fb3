using System.CommandLine;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>`omkt prover ...`: operator registration, the prover client, its circuit breaker and jobs.</summary>
internal static class ProverClientCommand
{
    public static Command Create() => new("prover", "Run a prover: register as an operator, bid, prove and get paid")
    {
        ProverRegisterCommand.Create(),
        ProverRunCommand.Create(),
        ProverWorkerCommand.Create(),
        ProverStatusCommand.Create(),
        ProverResetCommand.Create(),
        ProverJobsCommand.Create(),
    };
}
