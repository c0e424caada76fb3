using System.Numerics;

namespace OnchainMarket.Agent.Pricing;

/// <summary>
/// Prices requests from a <see cref="CostModel"/> and a <see cref="GasSchedule"/>:
/// reservation = (proving cost + gas × gas price) × (1 + margin), rounded up to the wei.
/// </summary>
public sealed class Pricer(CostModel model, GasSchedule? gas = null)
{
    private readonly GasSchedule _gas = gas ?? GasSchedule.Default;

    public CostModel Model { get; } = model;

    public GasSchedule Gas => _gas;

    /// <param name="callbackGasLimit">The request's callback gas cap: the fulfilment pays for it.</param>
    public PriceQuote Quote(ulong constraints, MarketMechanism mechanism, BigInteger gasPrice, long callbackGasLimit = 0)
    {
        if (gasPrice.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gasPrice), "the gas price cannot be negative");
        }
        var provingCost = Model.ProvingCost(constraints);
        var gasUnits = _gas.For(mechanism, callbackGasLimit);
        var gasCost = gasPrice * gasUnits;
        var cost = provingCost + gasCost;
        var reservation = (cost * (10_000 + Model.MarginBps) + 9_999) / 10_000;
        return new PriceQuote(mechanism, constraints, Model.ProvingTime(constraints), provingCost, gasUnits, gasPrice, gasCost, reservation);
    }
}
