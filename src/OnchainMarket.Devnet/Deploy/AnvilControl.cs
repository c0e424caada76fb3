using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace OnchainMarket.Devnet.Deploy;

/// <summary>
/// Anvil's clock and mining controls, typed, through a devnet's <see cref="IWeb3"/>: tests and demos move the
/// chain's clock past deadlines with them instead of waiting. Nethereum has no wrappers for these methods.
/// </summary>
public static class AnvilControl
{
    /// <summary>Moves the clock of the blocks mined from now on forward by <paramref name="seconds"/>.</summary>
    public static Task IncreaseTimeAsync(this IWeb3 web3, long seconds) => CallAsync(web3, "evm_increaseTime", seconds);

    /// <summary>Gives the next block mined exactly <paramref name="timestamp"/> (unix seconds; not before the head's).</summary>
    public static Task SetNextBlockTimestampAsync(this IWeb3 web3, long timestamp) => CallAsync(web3, "evm_setNextBlockTimestamp", timestamp);

    /// <summary>Mines <paramref name="blocks"/> empty blocks now.</summary>
    public static Task MineAsync(this IWeb3 web3, int blocks = 1) => CallAsync(web3, "anvil_mine", $"0x{blocks:x}");

    // The answers (null, or a number) carry nothing a caller needs; object takes any of them.
    private static Task CallAsync(IWeb3 web3, string method, params object[] parameters) =>
        web3.Client.SendRequestAsync<object>(new RpcRequest(Guid.NewGuid().ToString("N"), method, parameters));
}
