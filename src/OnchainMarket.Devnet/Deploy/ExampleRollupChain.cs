using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Market;
using OnchainMarket.Contracts.ExampleRollup;
using OnchainMarket.Contracts.ExampleRollup.ContractDefinition;
using OnchainMarket.Ethereum;
using TransactionReceipt = Nethereum.RPC.Eth.DTOs.TransactionReceipt;

namespace OnchainMarket.Devnet.Deploy;

/// <summary>The example rollup as its sequencer drives it, through the generated ExampleRollup service.</summary>
public sealed class ExampleRollupChain(MarketContracts sequencer, Address rollup)
{
    private readonly ExampleRollupService _service = new(sequencer.Web3, rollup.ToLowerHex());

    public Address Address { get; } = rollup;

    public async Task<BigInteger> StateRootAsync(CancellationToken cancellationToken = default) =>
        await MarketContracts.QueryAsync<StateRootFunction, BigInteger>(_service, new StateRootFunction(), cancellationToken).ConfigureAwait(false);

    /// <summary>Posts a batch; the rollup submits <paramref name="terms"/> to the market, paying its max price in ETH.</summary>
    public async Task<(BigInteger RequestId, TransactionReceipt Receipt)> PostBatchAsync(BigInteger newRoot, BigInteger batchHash, RequestTerms terms, string what, CancellationToken cancellationToken = default)
    {
        var message = new PostBatchFunction { NewRoot = newRoot, BatchHash = batchHash, Terms = terms.ToParams<RequestParams>(), AmountToSend = terms.MaxPrice };
        var receipt = await sequencer.SendAsync(_service, message, what, null, cancellationToken).ConfigureAwait(false);
        return (sequencer.EventsOf(receipt).OfType<RequestSubmitted>().Single().Id, receipt);
    }
}
