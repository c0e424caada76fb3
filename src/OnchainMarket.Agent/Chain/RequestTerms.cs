using System.Numerics;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>The C# side of the contract's <c>RequestParams</c>: everything a requester states. Times are unix seconds.</summary>
public sealed record RequestTerms
{
    public required Hash32 CircuitId { get; init; }

    public required IReadOnlyList<BigInteger> PublicInputs { get; init; }

    /// <summary>The private input (circom input JSON bytes) carried in the event; empty when given by URI.</summary>
    public byte[] WitnessInline { get; init; } = [];

    public string WitnessUri { get; init; } = string.Empty;

    public Hash32 WitnessHash { get; init; }

    /// <summary>Payment token; zero = ETH.</summary>
    public Address Token { get; init; }

    public required BigInteger MaxPrice { get; init; }

    public BigInteger MinPrice { get; init; }

    public BigInteger RequiredCollateral { get; init; }

    public long CommitDeadline { get; init; }

    public long RevealDeadline { get; init; }

    public long RampDuration { get; init; }

    public required long ProvingWindow { get; init; }

    public required long Deadline { get; init; }

    public required MarketMechanism Mechanism { get; init; }

    public bool FallbackToAuction { get; init; } = true;

    public Address Callback { get; init; }

    public long CallbackGasLimit { get; init; }

    public ulong OrderbookHint { get; init; }

    /// <summary>The generated <c>RequestParams</c> message struct for <c>submit</c>.</summary>
    public RequestParams ToParams() => new()
    {
        CircuitId = CircuitId.ToArray(),
        PublicInputs = [.. PublicInputs],
        WitnessInline = WitnessInline,
        WitnessURI = WitnessUri,
        WitnessHash = WitnessHash.ToArray(),
        Token = Token.ToLowerHex(),
        MaxPrice = MaxPrice,
        MinPrice = MinPrice,
        RequiredCollateral = RequiredCollateral,
        CommitDeadline = checked((uint)CommitDeadline),
        RevealDeadline = checked((uint)RevealDeadline),
        RampDuration = checked((uint)RampDuration),
        ProvingWindow = checked((uint)ProvingWindow),
        Deadline = checked((uint)Deadline),
        Mechanism = (byte)Mechanism,
        FallbackToAuction = FallbackToAuction,
        Callback = Callback.ToLowerHex(),
        CallbackGasLimit = checked((uint)CallbackGasLimit),
        OrderbookHint = OrderbookHint,
    };

    /// <summary>
    /// The same struct as another contract's generated copy (Nethereum's generator gives each contract its own class per
    /// struct, e.g. ExampleRollup's <c>RequestParams</c> for <c>postBatch</c>): equal ABI shape, so equal properties.
    /// </summary>
    public T ToParams<T>()
        where T : new()
    {
        var source = ToParams();
        var target = new T();
        foreach (var property in typeof(T).GetProperties())
        {
            var from = typeof(RequestParams).GetProperty(property.Name)
                ?? throw new InvalidOperationException($"{typeof(T).FullName}.{property.Name} has no counterpart in the market's RequestParams");
            property.SetValue(target, from.GetValue(source));
        }
        return target;
    }

    public static RequestTerms FromParams(RequestParams p) => new()
    {
        CircuitId = new Hash32(p.CircuitId),
        PublicInputs = [.. p.PublicInputs],
        WitnessInline = p.WitnessInline ?? [],
        WitnessUri = p.WitnessURI ?? string.Empty,
        WitnessHash = new Hash32(p.WitnessHash),
        Token = Address.Parse(p.Token),
        MaxPrice = p.MaxPrice,
        MinPrice = p.MinPrice,
        RequiredCollateral = p.RequiredCollateral,
        CommitDeadline = p.CommitDeadline,
        RevealDeadline = p.RevealDeadline,
        RampDuration = p.RampDuration,
        ProvingWindow = p.ProvingWindow,
        Deadline = p.Deadline,
        Mechanism = (MarketMechanism)p.Mechanism,
        FallbackToAuction = p.FallbackToAuction,
        Callback = Address.Parse(p.Callback),
        CallbackGasLimit = p.CallbackGasLimit,
        OrderbookHint = p.OrderbookHint,
    };
}
