using System.CommandLine;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Units;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>
/// `omkt prover register`: joins the market's stake source (the RestakingVault with a commission, or Symbiotic:
/// registerOperator and the network and vault opt-ins), declares capacity, deposits own stake; steps already done are skipped.
/// </summary>
internal static class ProverRegisterCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var signer = new SignerOptions(required: true);
        var commission = new Option<int>("--commission-bps") { Description = "Share of fees the operator keeps before delegators, in basis points", DefaultValueFactory = _ => 1000 };
        var capacity = new Option<int>("--capacity") { Description = "Most assignments held at once (declared on chain)", DefaultValueFactory = _ => 2 };
        var stake = new Option<string>("--stake") { Description = "Own stake to deposit (stake token, e.g. 10ether); 0 for none", DefaultValueFactory = _ => "0" };
        var metadata = new Option<string>("--metadata") { Description = "Metadata URI describing the operator", DefaultValueFactory = _ => "" };
        var collateral = CollateralOption.Create("The collateral the deployment uses (vault or symbiotic; default: what the addresses file says); a mismatch is refused");

        var command = new Command("register", "Join the market's stake source (vault or Symbiotic) as an operator and declare capacity in the market")
        {
            addresses, rpc, signer, commission, capacity, stake, metadata, collateral,
        };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var commissionBps = parse.GetValue(commission);
            if (commissionBps is < 0 or > 10_000)
            {
                throw new CliUsageException($"--commission-bps {commissionBps} is outside 0..10000");
            }
            var slots = parse.GetValue(capacity);
            if (slots < 1)
            {
                throw new CliUsageException($"--capacity {slots} must be at least 1");
            }
            var amount = ChainContext.ParseAmount(parse.GetValue(stake)!, "--stake");
            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), signer.Read(parse), null, cancellationToken);
            var chain = context.Contracts;
            var kind = chain.Deployment.Collateral;
            if (CollateralOption.Parse(parse.GetValue(collateral)) is { } expected && expected != kind)
            {
                throw new CliUsageException($"--collateral {expected.ToString().ToLowerInvariant()}: the market at {chain.Deployment.Market} uses {kind.ToString().ToLowerInvariant()} collateral");
            }
            var balance = await chain.StakeBalanceAsync(chain.Account, cancellationToken);
            if (amount > balance)
            {
                throw new CliUsageException($"--stake {TokenAmount.FormatEther(amount, "rsETH")} is more than the account holds ({TokenAmount.FormatEther(balance, "rsETH")})");
            }
            await Operator.RegisterAsync(chain, commissionBps, slots, amount, parse.GetValue(metadata)!, cancellationToken);
            var total = await chain.TotalStakeAsync(chain.Account, cancellationToken);
            if (kind != Agent.Chain.CollateralKind.Symbiotic)
            {
                Console.WriteLine($"operator {chain.Account}: commission {commissionBps} bps, capacity {slots}, stake {TokenAmount.FormatEther(total, "rsETH")}");
                return 0;
            }
            Console.WriteLine($"operator {chain.Account}: Symbiotic operator opted in to the market's network and vault, capacity {slots}, allocated stake {TokenAmount.FormatEther(total, "rsETH")}");
            if ((await chain.OperatorNetworkSharesAsync(chain.Account, cancellationToken)).Shares.IsZero)
            {
                // Without a share of the network limit no stake is allocated to it: every lock would be refused.
                Console.WriteLine($"not admitted yet: the vault's curator gives it a share with: omkt stake admit --operator {chain.Account}");
            }
            return 0;
        }));
        return command;
    }
}
