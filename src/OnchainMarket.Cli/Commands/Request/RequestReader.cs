using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Cli.Commands.ProverClient;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.Request;

/// <summary>Read-only access to the contracts for commands that need no key.</summary>
internal static class RequestReader
{
    /// <summary>The contracts through the context's key, or a throwaway key when none was given (views only).</summary>
    public static MarketContracts For(ChainContext context) =>
        new(context.Deployment, new ChainSender(context.Web3, context.Key ?? ViewOnlyKey, context.Deployment.ChainId));

    // Signs nothing: views need a sender only because MarketContracts is one account's view of the market.
    private static readonly Nethereum.Signer.EthECKey ViewOnlyKey = SigningKeys.FromHex(new string('1', 64));
}
