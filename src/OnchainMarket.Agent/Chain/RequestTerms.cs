using System.Numerics;
using OnchainMarket.Agent.Pricing;
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

    /// <summary>The tuple values in the ABI's component order.</summary>
    public object?[] ToAbi(IReadOnlyList<AbiParameter> components) => AbiStruct.Encode(components, new Dictionary<string, object?>
    {
        ["circuitId"] = CircuitId,
        ["publicInputs"] = PublicInputs.Cast<object?>().ToArray(),
        ["witnessInline"] = WitnessInline,
        ["witnessURI"] = WitnessUri,
        ["witnessHash"] = WitnessHash,
        ["token"] = Token,
        ["maxPrice"] = MaxPrice,
        ["minPrice"] = MinPrice,
        ["requiredCollateral"] = RequiredCollateral,
        ["commitDeadline"] = CommitDeadline,
        ["revealDeadline"] = RevealDeadline,
        ["rampDuration"] = RampDuration,
        ["provingWindow"] = ProvingWindow,
        ["deadline"] = Deadline,
        ["mechanism"] = (int)Mechanism,
        ["fallbackToAuction"] = FallbackToAuction,
        ["callback"] = Callback,
        ["callbackGasLimit"] = CallbackGasLimit,
        ["orderbookHint"] = OrderbookHint,
    });

    public static RequestTerms FromAbi(AbiStruct s) => new()
    {
        CircuitId = new Hash32(s.Bytes("circuitId")),
        PublicInputs = [.. ((object?[])s["publicInputs"]!).Select(v => (BigInteger)v!)],
        WitnessInline = s.Bytes("witnessInline"),
        WitnessUri = s.String("witnessURI"),
        WitnessHash = new Hash32(s.Bytes("witnessHash")),
        Token = s.Address("token"),
        MaxPrice = s.Int("maxPrice"),
        MinPrice = s.Int("minPrice"),
        RequiredCollateral = s.Int("requiredCollateral"),
        CommitDeadline = s.Long("commitDeadline"),
        RevealDeadline = s.Long("revealDeadline"),
        RampDuration = s.Long("rampDuration"),
        ProvingWindow = s.Long("provingWindow"),
        Deadline = s.Long("deadline"),
        Mechanism = (MarketMechanism)s.Long("mechanism"),
        FallbackToAuction = s.Bool("fallbackToAuction"),
        Callback = s.Address("callback"),
        CallbackGasLimit = s.Long("callbackGasLimit"),
        OrderbookHint = (ulong)s.Int("orderbookHint"),
    };
}
