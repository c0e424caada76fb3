using System.CommandLine;

namespace OnchainMarket.Cli.Commands.Stake;

/// <summary>`omkt stake deposit|withdraw|status|admit`: restaked collateral behind an operator.</summary>
internal static class StakeCommand
{
    public static Command Create() => new("stake", "Deposit, withdraw and inspect restaked collateral in the vault")
    {
        StakeDepositCommand.Create(),
        StakeWithdrawCommand.Create(),
        StakeStatusCommand.Create(),
        StakeAdmitCommand.Create(),
    };
}
