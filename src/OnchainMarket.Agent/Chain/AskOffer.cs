using System.Numerics;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// A standing ask and the bounds it binds on-chain (the contract's <c>AskTerms</c>): the market never
/// matches it to a request paying in another token, locking more than <see cref="MaxCollateral"/>,
/// giving less than <see cref="MinProvingWindow"/> seconds or asking more than
/// <see cref="MaxCallbackGas"/>. Within <see cref="AcceptWindow"/> seconds of a match the prover may
/// <c>release</c> it unslashed (<see cref="MarketContracts.ReleaseAsync"/>).
/// </summary>
public sealed record AskOffer
{
    public required Hash32 CircuitId { get; init; }

    /// <summary>Payment token; the zero address for ETH.</summary>
    public Address Token { get; init; }

    public required BigInteger Price { get; init; }

    public required long Expiry { get; init; }

    /// <summary>Most stake a match may lock; the market requires the prover's free stake to cover it when placing.</summary>
    public required BigInteger MaxCollateral { get; init; }

    public long MinProvingWindow { get; init; } = 1;

    public long MaxCallbackGas { get; init; }

    public long AcceptWindow { get; init; }

    /// <summary>The generated <c>AskTerms</c> message struct for <c>placeAsk</c>.</summary>
    public AskTerms ToTerms() => new()
    {
        CircuitId = CircuitId.ToArray(),
        Token = Token.ToLowerHex(),
        Price = Price,
        Expiry = checked((uint)Expiry),
        MaxCollateral = MaxCollateral,
        MinProvingWindow = checked((uint)MinProvingWindow),
        MaxCallbackGas = checked((uint)MaxCallbackGas),
        AcceptWindow = checked((uint)AcceptWindow),
    };
}
