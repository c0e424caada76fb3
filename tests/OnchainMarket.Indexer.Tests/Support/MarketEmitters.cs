using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>Two log emitters on a test chain standing in for the market and the vault, and random traffic through them.</summary>
public sealed class MarketEmitters
{
    private MarketEmitters(TestChain chain, Address market, Address vault)
    {
        Chain = chain;
        Market = market;
        Vault = vault;
    }

    public TestChain Chain { get; }

    public Address Market { get; }

    public Address Vault { get; }

    /// <summary>The address map the indexer gets.</summary>
    public IReadOnlyDictionary<Address, string> Contracts => new Dictionary<Address, string>
    {
        [Market] = "ProofMarket",
        [Vault] = "RestakingVault",
    };

    public static async Task<MarketEmitters> DeployAsync(TestChain chain)
    {
        await chain.SetAutomineAsync(false);
        var market = await chain.DeployEmitterAsync();
        var vault = await chain.DeployEmitterAsync();
        return new MarketEmitters(chain, market, vault);
    }

    /// <summary>Mines <paramref name="blocks"/> blocks holding <paramref name="minPerBlock"/>–<paramref name="maxPerBlock"/> random events each.</summary>
    public async Task<int> MineRandomBlocksAsync(RandomEvents events, int blocks, int maxPerBlock, Random random, int minPerBlock = 0)
    {
        var emitted = 0;
        for (var b = 0; b < blocks; b++)
        {
            var count = random.Next(minPerBlock, maxPerBlock + 1);
            for (var i = 0; i < count; i++)
            {
                var toMarket = random.Next(3) != 0;
                var (topics, data) = events.Next(toMarket ? "ProofMarket" : "RestakingVault");
                await Chain.EmitAsync(toMarket ? Market : Vault, topics, data);
            }
            await Chain.MineAsync();
            emitted += count;
        }
        return emitted;
    }
}
