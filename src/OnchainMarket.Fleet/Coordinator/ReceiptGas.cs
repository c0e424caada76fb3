using Nethereum.Web3;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>The gas a mined transaction used, from its receipt: what the operator pays per proof settled.</summary>
public static class ReceiptGas
{
    /// <summary>A reader for <see cref="FleetProver.TransactionGas"/> over <paramref name="web3"/>; null for a transaction with no receipt.</summary>
    public static Func<string, CancellationToken, Task<long?>> Reader(IWeb3 web3) => async (transaction, cancellationToken) =>
    {
        var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transaction).WaitAsync(cancellationToken).ConfigureAwait(false);
        return receipt?.GasUsed is { } gas ? (long)gas.Value : null;
    };
}
