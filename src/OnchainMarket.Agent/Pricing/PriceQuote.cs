using System.Numerics;

namespace OnchainMarket.Agent.Pricing;

/// <summary>
/// The operator's price for one request: what proving costs, what the gas costs at current fees,
/// and the reservation price (the two plus margin) below which it will not work.
/// </summary>
public sealed record PriceQuote(
    MarketMechanism Mechanism,
    ulong Constraints,
    TimeSpan ProvingTime,
    BigInteger ProvingCost,
    long GasUnits,
    BigInteger GasPrice,
    BigInteger GasCost,
    BigInteger Reservation)
{
    /// <summary>Cost without margin.</summary>
    public BigInteger Cost => ProvingCost + GasCost;
}
