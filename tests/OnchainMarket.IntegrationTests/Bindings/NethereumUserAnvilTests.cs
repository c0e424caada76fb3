using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using OnchainMarket.Contracts.CircuitRegistry;
using OnchainMarket.Contracts.CircuitRegistry.ContractDefinition;
using OnchainMarket.Contracts.ProofMarket;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Contracts.RestakingVault;
using OnchainMarket.Contracts.RestakingVault.ContractDefinition;
using OnchainMarket.Contracts.TestStakeToken;
using OnchainMarket.Contracts.TestStakeToken.ContractDefinition;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.IntegrationTests.Bindings;

/// <summary>
/// What a C# team that already runs Nethereum does with our generated services: its own <see cref="Web3"/> and
/// <see cref="Account"/>, nothing of ours but OnchainMarket.Contracts.
/// </summary>
[Collection("bindings-anvil")]
public sealed class NethereumUserAnvilTests(LargeContractAnvilFixture anvil)
{
    // The BN254 G1 and G2 generators (G2 in the precompile's order: x.im, x.re, y.im, y.re): valid key points, so
    // the registry accepts a one-input verifying key built from them.
    private static readonly List<BigInteger> G1 = [1, 2];
    private static readonly List<BigInteger> G2 =
    [
        BigInteger.Parse("11559732032986387107991004021392285783925812861821192530917403151452391805634"),
        BigInteger.Parse("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
        BigInteger.Parse("4082367875863433681332203403145435568316851327593401208105741076214120093531"),
        BigInteger.Parse("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
    ];

    [Fact]
    public async Task A_Nethereum_user_deploys_submits_reads_back_decodes_the_event_and_catches_a_typed_custom_error()
    {
        var account = new Account(AnvilFixture.DevPrivateKeys[7], anvil.ChainId);
        var web3 = new Web3(account, anvil.RpcUrl.ToString());
        web3.TransactionManager.UseLegacyAsDefault = false;

        // Given the market deployed with the generated deployment messages
        var token = await TestStakeTokenService.DeployContractAndGetServiceAsync(web3, new TestStakeTokenDeployment { Name = "Restaked ETH", Symbol = "rsETH" });
        var vault = await RestakingVaultService.DeployContractAndGetServiceAsync(web3, new RestakingVaultDeployment
        {
            Staketoken = token.ContractAddress, Withdrawaldelay = 3600, Commissiondelay = 600, InitialOwner = account.Address,
        });
        var registry = await CircuitRegistryService.DeployContractAndGetServiceAsync(web3, new CircuitRegistryDeployment());
        var market = await ProofMarketService.DeployContractAndGetServiceAsync(web3, new ProofMarketDeployment
        {
            Verifier = registry.ContractAddress, Stake = vault.ContractAddress, Owner = account.Address, Treasury = account.Address,
        });
        var registered = await registry.RegisterCircuitRequestAndWaitForReceiptAsync(
            new VerifyingKey { Alpha1 = G1, Beta2 = G2, Gamma2 = G2, Delta2 = G2, Ic = [G1, G1] },
            new CircuitMetadata { Name = "one-input", Constraints = 1, WasmHash = new byte[32], ZkeyHash = new byte[32], Uri = "file:///dev/null" });
        Assert.Equal(1UL, registered.Status.Value);
        var circuitId = registered.DecodeAllEvents<CircuitRegisteredEventDTO>().Single().Event.CircuitId;

        // When it submits a request through ProofMarketService
        var now = (long)(await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest())).Timestamp.Value;
        var terms = new RequestParams
        {
            CircuitId = circuitId, PublicInputs = [42], WitnessInline = "{\"x\":1}"u8.ToArray(), WitnessURI = "", WitnessHash = new byte[32],
            Token = "0x0000000000000000000000000000000000000000", MaxPrice = 1_000_000, ProvingWindow = 600, Deadline = (uint)(now + 3600),
            Mechanism = 3, Callback = "0x0000000000000000000000000000000000000000",
        };
        var receipt = await market.SubmitRequestAndWaitForReceiptAsync(new SubmitFunction { P = terms, AmountToSend = terms.MaxPrice });

        // Then the receipt carries the typed event and the request reads back as submitted
        Assert.Equal(1UL, receipt.Status.Value);
        var submitted = Assert.Single(receipt.DecodeAllEvents<RequestSubmittedEventDTO>()).Event;
        Assert.Equal(account.Address, submitted.Requester, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(circuitId, submitted.CircuitId);
        Assert.Equal(new BigInteger(42), Assert.Single(submitted.Params.PublicInputs));
        var stored = (await market.GetRequestQueryAsync(submitted.Id)).ReturnValue1;
        Assert.Equal(account.Address, stored.Requester, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(new BigInteger(1_000_000), stored.MaxPrice);
        Assert.Equal(terms.Deadline, stored.Deadline);
        Assert.Equal(submitted.Id, await market.RequestCountQueryAsync()); // ids count from 1

        // And a submit with the wrong number of public inputs surfaces as the contract's own error type, with its values
        terms.PublicInputs = [1, 2, 3];
        var bad = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(
            () => market.SubmitRequestAndWaitForReceiptAsync(new SubmitFunction { P = terms, AmountToSend = terms.MaxPrice }));
        Assert.True(bad.IsCustomErrorFor<WrongInputCountError>());
        var error = bad.DecodeError<WrongInputCountError>();
        Assert.Equal((new BigInteger(3), BigInteger.One), (error.Given, error.Expected));
    }
}
