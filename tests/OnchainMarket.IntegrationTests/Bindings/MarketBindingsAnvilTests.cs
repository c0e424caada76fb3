using System.Numerics;
using OnchainMarket.Contracts;
using OnchainMarket.Ethereum;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.IntegrationTests.Bindings;

/// <summary>The bindings generated into OnchainMarket.Contracts from contracts/src, used on a real contract.</summary>
[Collection("bindings-anvil")]
public sealed class MarketBindingsAnvilTests(AnvilFixture anvil)
{
    [Fact]
    public async Task The_stake_token_binding_deploys_mints_transfers_and_reports_an_overdraft_as_its_OpenZeppelin_error()
    {
        using var rpc = new JsonRpcClient(anvil.RpcUrl);
        var deployer = new TransactionSender(rpc, EthereumKey.FromHex(AnvilFixture.DevPrivateKeys[9]), anvil.ChainId,
            new TransactionSenderOptions { ReceiptTimeout = TimeSpan.FromSeconds(20), ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });
        var recipient = EthereumKey.FromHex(AnvilFixture.DevPrivateKeys[0]).Address;

        var token = await TestStakeTokenContract.DeployAsync(deployer, "Restaked ETH", "rsETH");
        await token.MintAsync(deployer.Address, 1_000);
        var receipt = await token.TransferAsync(recipient, 250);

        Assert.Equal("rsETH", await token.SymbolAsync());
        Assert.Equal(new BigInteger(750), await token.BalanceOfAsync(deployer.Address));
        var transfer = Assert.Single(token.DecodeTransferEvents(receipt));
        Assert.Equal((deployer.Address, recipient, new BigInteger(250)), (transfer.From, transfer.To, transfer.Value));
        var overdraft = await Assert.ThrowsAsync<ERC20InsufficientBalanceError>(() => token.TransferAsync(recipient, 10_000));
        Assert.Equal(deployer.Address, overdraft.Sender);
        Assert.Equal(new BigInteger(750), overdraft.Balance);
        Assert.Equal(new BigInteger(10_000), overdraft.Needed);
    }
}
