using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Contracts.CircuitRegistry.ContractDefinition;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Ethereum;
using OnchainMarket.Prover.Bn254;
using Xunit;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>
/// One anvil devnet shared by the hostile-input tests (starting one costs the most), with an
/// attacker's account that registers circuits and posts requests as anyone may.
/// </summary>
public sealed class HostileDevnet : IAsyncLifetime
{
    private int _variant;

    public DevnetSession Devnet { get; private set; } = null!;

    /// <summary>The attacker: registers circuits and posts requests (anvil's last development key).</summary>
    public MarketContracts Attacker { get; private set; } = null!;

    public DeployedCircuit Rollup => Devnet.Deployment.FindCircuit("rollup")!;

    public async Task InitializeAsync()
    {
        Devnet = await DevnetSession.StartAsync(provers: 3);
        Attacker = Devnet.ContractsFor(SigningKeys.FromHex(OnchainMarket.Devnet.LocalAnvil.DevPrivateKeys[^1]));
    }

    public async Task DisposeAsync() => await Devnet.DisposeAsync();

    /// <summary>
    /// Registers a circuit as the attacker. Without <paramref name="vk"/> the key is a fresh valid
    /// one made of generator points (a new circuit id each time) that no real zkey matches.
    /// </summary>
    public async Task<Hash32> RegisterAsync(string name, BigInteger constraints, Hash32 wasmHash, Hash32 zkeyHash, string uri, VerifyingKey? vk = null)
    {
        var register = new RegisterCircuitFunction
        {
            Vk = vk ?? GeneratorKey(Interlocked.Increment(ref _variant)),
            Metadata = new CircuitMetadata
            {
                Name = name,
                Constraints = (ulong)constraints,
                WasmHash = wasmHash.ToArray(),
                ZkeyHash = zkeyHash.ToArray(),
                Uri = uri,
            },
        };
        var receipt = await Attacker.SendAsync(Attacker.Registry, register, "registerCircuit (attacker)");
        return new Hash32(MarketContracts.Events<CircuitRegisteredEventDTO>(receipt, Attacker.Registry).Single().CircuitId);
    }

    /// <summary>
    /// A valid verification key for three public inputs (ExampleRollup's shape) made of ±generator
    /// points; <paramref name="variant"/> picks the signs, so each variant is a new circuit id.
    /// </summary>
    public static VerifyingKey GeneratorKey(int variant)
    {
        var p = Fq.Modulus;
        List<BigInteger> G1(int bit) => [BigInteger.One, (variant >> bit & 1) == 0 ? new BigInteger(2) : p - 2];
        var g = G2Affine.Generator;
        List<BigInteger> G2() => [g.X.C1.ToBigInteger(), g.X.C0.ToBigInteger(), g.Y.C1.ToBigInteger(), g.Y.C0.ToBigInteger()];
        // The registry refuses gamma = delta (a degenerate key): delta is the negated generator.
        List<BigInteger> MinusG2() => [g.X.C1.ToBigInteger(), g.X.C0.ToBigInteger(), (p - g.Y.C1.ToBigInteger()) % p, (p - g.Y.C0.ToBigInteger()) % p];
        return new VerifyingKey { Alpha1 = G1(0), Beta2 = G2(), Gamma2 = G2(), Delta2 = MinusG2(), Ic = [G1(1), G1(2), G1(3), G1(4)] };
    }
}

[CollectionDefinition("hostile-devnet", DisableParallelization = true)]
public sealed class HostileDevnetCollection : ICollectionFixture<HostileDevnet>;
