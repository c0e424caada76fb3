using OnchainMarket.Devnet;
using Xunit;

namespace OnchainMarket.TestSupport;

/// <summary>
/// An anvil node shared by the tests of one collection. Test assemblies declare
/// <c>[CollectionDefinition("anvil")] public sealed class AnvilCollection : ICollectionFixture&lt;AnvilFixture&gt;;</c>
/// (xunit looks for collection definitions in the test assembly itself).
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private LocalAnvil? _node;

    /// <summary>anvil's default funded keys (hex, 0x-prefixed).</summary>
    public static IReadOnlyList<string> DevPrivateKeys => LocalAnvil.DevPrivateKeys;

    public Uri RpcUrl => Node.RpcUrl;

    public long ChainId => Node.ChainId;

    public LocalAnvil Node => _node ?? throw new InvalidOperationException("the anvil fixture has not started");

    public async Task InitializeAsync() => _node = await LocalAnvil.StartAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
