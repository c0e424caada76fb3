using OnchainMarket.Devnet;
using Xunit;

namespace OnchainMarket.IntegrationTests.Bindings;

/// <summary>An anvil node that accepts the ProofMarket's code, which is above EIP-170's 24 KiB (as every devnet does).</summary>
public sealed class LargeContractAnvilFixture : IAsyncLifetime
{
    private LocalAnvil? _node;

    public Uri RpcUrl => Node.RpcUrl;

    public long ChainId => Node.ChainId;

    private LocalAnvil Node => _node ?? throw new InvalidOperationException("the anvil fixture has not started");

    public async Task InitializeAsync() => _node = await LocalAnvil.StartAsync(new AnvilOptions { ExtraArguments = ["--disable-code-size-limit"] });

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
