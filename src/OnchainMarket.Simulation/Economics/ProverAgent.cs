using OnchainMarket.Simulation.Config;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// One simulated prover: its machine, whether it is in the market, its current asking price or
/// win-rate estimate, and its books (actual profit while in the market, the profit it would have
/// made while out of it, both per request over a sliding window).
/// </summary>
internal sealed class ProverAgent
{
    private readonly double[] _window;
    private int _windowFill;
    private int _windowNext;

    public ProverAgent(int index, string profile, double meanProofSeconds, double usdPerSecond, int exitWindow)
    {
        Index = index;
        Profile = profile;
        MeanProofSeconds = meanProofSeconds;
        UsdPerSecond = usdPerSecond;
        _window = new double[exitWindow];
    }

    public int Index { get; }

    public string Profile { get; }

    public double MeanProofSeconds { get; }

    public double UsdPerSecond { get; }

    public double MeanProofCostUsd => MeanProofSeconds * UsdPerSecond;

    public bool InMarket { get; private set; } = true;

    /// <summary>The request index at which the prover last entered or left.</summary>
    public int SinceRequest { get; private set; }

    /// <summary>Simulated time at which the prover's current proof ends (it takes one job at a time).</summary>
    public double BusyUntil { get; set; }

    /// <summary>Dutch lock threshold or orderbook target ask, US dollars.</summary>
    public double Ask { get; set; }

    /// <summary>The ask currently resting on-chain (orderbook), US dollars.</summary>
    public double PostedAsk { get; set; }

    /// <summary>Estimated chance of winning a race or a sealed-bid auction it joins (exponential average of would-I-have-won).</summary>
    public double WinRate { get; set; }

    public double RevenueUsd { get; set; }

    public double ProvingCostUsd { get; set; }

    public double GasUsd { get; set; }

    public double MachineSeconds { get; set; }

    /// <summary>Collateral this prover lost to slashes.</summary>
    public double SlashedUsd { get; set; }

    public int Wins { get; set; }

    public int Participations { get; set; }

    public int Exits { get; private set; }

    public double ProfitUsd => RevenueUsd - ProvingCostUsd - GasUsd - SlashedUsd;

    /// <summary>Sum of the per-request profits in the window (actual in the market, counterfactual outside).</summary>
    public double WindowProfit
    {
        get
        {
            var sum = 0.0;
            for (var i = 0; i < _windowFill; i++)
            {
                sum += _window[i];
            }
            return sum;
        }
    }

    public bool WindowFull => _windowFill == _window.Length;

    public void RecordProfit(double usd)
    {
        _window[_windowNext] = usd;
        _windowNext = (_windowNext + 1) % _window.Length;
        _windowFill = Math.Min(_windowFill + 1, _window.Length);
    }

    public void Leave(int request)
    {
        InMarket = false;
        SinceRequest = request;
        Exits++;
        ResetWindow();
    }

    /// <summary>Keeps the prover out of the whole run (free entry: the requester did not buy it); not an exit.</summary>
    public void Exclude() => InMarket = false;

    public void Enter(int request)
    {
        InMarket = true;
        SinceRequest = request;
        ResetWindow();
    }

    private void ResetWindow()
    {
        _windowFill = 0;
        _windowNext = 0;
    }
}
