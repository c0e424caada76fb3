using System.Numerics;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Tests.Chain;

/// <summary>Builds real agents (real anvil, real circuits, real proofs) for the chain tests.</summary>
internal static class AgentHarness
{
    public static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    public static readonly BigInteger Gwei = 1_000_000_000;

    public static async Task<(ProverAgent Agent, MarketContracts Chain)> ProverAsync(
        DevnetSession devnet, int index, string stateDirectory, ProverAgentOptions? options = null, BigInteger? weiPerSecond = null, TextWriter? log = null)
    {
        var key = DevnetSession.ProverKey(index);
        var structured = new StructuredLog(log, $"prover{index + 1}", json: false);
        var chain = devnet.ContractsFor(key, structured);
        await Operator.RegisterAsync(chain, 1000, options?.Capacity ?? 2, 10 * Ether, "test prover");
        var circuits = new CircuitLibrary(CircuitBuilder.OutputDirectory);
        var engine = new ProofEngine("cpu");
        // A fixed model keeps prices deterministic; calibration itself is exercised by the CLI and demo.
        var model = new CostModel { NanosecondsPerConstraint = 100_000, WeiPerProvingSecond = weiPerSecond ?? 1_000 * Gwei, MarginBps = 1000 };
        var agent = new ProverAgent($"prover{index + 1}", chain, circuits, engine, new Pricer(model),
            options ?? new ProverAgentOptions { StateDirectory = stateDirectory }, structured);
        return (agent, chain);
    }

    public static RequestTerms RollupTerms(DevnetSession devnet, MarketMechanism mechanism, BigInteger oldRoot, int seed, long now, out BigInteger newRoot)
    {
        var circuit = devnet.Deployment.FindCircuit("rollup")!;
        var (root, batchHash, input) = WitnessPreview.RollupBatch(devnet.RollupPreview.WasmPath, oldRoot, [seed, seed + 1, seed + 2, seed + 3]);
        newRoot = root;
        return new RequestTerms
        {
            CircuitId = Hash32.Parse(circuit.CircuitId),
            PublicInputs = [oldRoot, root, batchHash],
            WitnessInline = System.Text.Encoding.UTF8.GetBytes(input),
            MaxPrice = Ether / 100,
            MinPrice = Ether / 1000,
            RequiredCollateral = Ether,
            CommitDeadline = now + 12,
            RevealDeadline = now + 24,
            RampDuration = 20,
            ProvingWindow = 40,
            Deadline = now + 400,
            Mechanism = mechanism,
            FallbackToAuction = true,
        };
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"timed out waiting for {what}");
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
