using System.Numerics;
using System.Text.Json;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.State;
using OnchainMarket.Agent.Tests.Chain;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Devnet;
using OnchainMarket.Ethereum;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>H8: a requester's callback may burn all the gas it is allowed; the prover prices it and caps the fulfilment's gas.</summary>
[Collection("hostile-devnet")]
public sealed class CallbackGasTests(HostileDevnet fixture, ITestOutputHelper output) : IDisposable
{
    private const long CallbackGas = 2_000_000;

    private readonly string _state = Directory.CreateTempSubdirectory("omkt-hostile-gas-").FullName;

    [Fact]
    public void The_quote_pays_for_the_callback_and_the_fulfilment_gas_limit_is_fixed_by_it()
    {
        var pricer = new Pricer(new CostModel { NanosecondsPerConstraint = 1000, WeiPerProvingSecond = 0, MarginBps = 0 });
        var plain = pricer.Quote(1000, MarketMechanism.Dutch, 1);
        var withCallback = pricer.Quote(1000, MarketMechanism.Dutch, 1, CallbackGas);

        // The market starts the callback only with its cap + 1/63 + 5,000 left: all of it may be spent.
        Assert.Equal(CallbackGas + CallbackGas / 63 + 5_000, withCallback.GasUnits - plain.GasUnits);
        Assert.Equal(pricer.Gas.FulfilWith(CallbackGas) * 3 / 2, pricer.Gas.FulfilGasLimit(CallbackGas));
    }

    [Fact]
    public async Task A_gas_burning_callback_is_priced_in_skipped_when_it_does_not_pay_and_capped_when_it_does()
    {
        var devnet = fixture.Devnet;
        var burner = await DeployBurnerAsync(devnet);
        var log = new StringWriter();
        var options = new ProverAgentOptions { StateDirectory = _state, PlaceAsks = false, Keeper = false };
        var (agent, chain) = await HostileCircuitTests.ProverWithPolicyAsync(devnet, options, log, index: 1);

        // A price between what the job costs without its callback and with it: worth it only if the callback is forgotten.
        var model = new CostModel { NanosecondsPerConstraint = 100_000, WeiPerProvingSecond = 1_000 * AgentHarness.Gwei, MarginBps = 1000 };
        var gasPrice = await GasPriceAsync(devnet) + AgentHarness.Gwei;
        var constraints = fixture.Rollup.Constraints;
        var without = new Pricer(model).Quote(constraints, MarketMechanism.Dutch, gasPrice).Reservation;
        var with = new Pricer(model).Quote(constraints, MarketMechanism.Dutch, gasPrice, CallbackGas).Reservation;
        Assert.True(with > 3 * without);
        var tempting = (without + with) / 2;

        var now = await HostileCircuitTests.ChainNowAsync(devnet);
        var cheap = AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, 4, 200, now, out _) with
        {
            Callback = burner,
            CallbackGasLimit = CallbackGas,
            MinPrice = tempting - 1,
            MaxPrice = tempting,
        };
        var paying = AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, 4, 210, now, out _) with
        {
            Callback = burner,
            CallbackGasLimit = CallbackGas,
            MinPrice = 10 * with,
            MaxPrice = 10 * with + 1,
        };
        var (cheapId, _) = await fixture.Attacker.SubmitAsync(cheap);
        var (payingId, _) = await fixture.Attacker.SubmitAsync(paying);

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = agent.RunAsync(stop.Token);
        try
        {
            var job = await AgentHarness.EventuallyAsync(() => Task.FromResult(agent.Store.Find(payingId, 0) is { Phase: JobPhase.Fulfilled } j ? j : null),
                TimeSpan.FromSeconds(150), "the paying request to be fulfilled");
            var receipt = await chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(job.LastTransaction!);
            var pricer = new Pricer(model);
            Assert.True(receipt.GasUsed.Value <= pricer.Gas.FulfilGasLimit(CallbackGas), $"fulfil used {receipt.GasUsed.Value} gas");
            // The callback burned what it was allowed: the priced gas was really spent.
            Assert.True(receipt.GasUsed.Value > CallbackGas, $"fulfil used only {receipt.GasUsed.Value} gas");

            Assert.Equal(RequestStatus.Open, (await chain.GetRequestAsync(cheapId)).Status);
            Assert.Null(agent.Store.Find(cheapId, 0));
            Assert.Contains($"event=request_decided request={cheapId} ", log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
            output.WriteLine(log.ToString());
        }
    }

    private static async Task<BigInteger> GasPriceAsync(DevnetSession devnet) =>
        (await devnet.Web3.BlockAsync())!.BaseFeePerGas?.Value ?? 0;

    /// <summary>The contracts' own test callback (forge artifact), set to burn every unit of gas it gets.</summary>
    private async Task<Address> DeployBurnerAsync(DevnetSession devnet)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.ForgeArtifacts, "ProofMarket.fulfill.t.sol", "RecordingCallback.json")));
        var abi = ContractAbi.FromJson(json.RootElement);
        var code = HexConvert.FromHex(json.RootElement.GetProperty("bytecode").GetProperty("object").GetString()!);
        var receipt = await fixture.Attacker.Sender.SendAsync(new TransactionRequest { Data = code }, "deploy RecordingCallback");
        var address = Address.Parse(receipt.ContractAddress);
        await fixture.Attacker.Sender.SendAsync(new TransactionRequest { To = address, Data = abi.Function("setMode").EncodeCall(2) }, "setMode BurnGas");
        return address;
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
