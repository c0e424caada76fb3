using System.Text.Json;

namespace OnchainMarket.Simulation.Config;

/// <summary>
/// Parameters of the economic model (see Config/simulation.json for the shipped values and what
/// they mean). Loaded with <see cref="Load"/>, which rejects values the model cannot run with.
/// </summary>
public sealed record SimulationConfig
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public string Description { get; init; } = "";

    public int Seed { get; init; } = 1;

    /// <summary>Scenarios drawn per K (seeds Seed, Seed+1, ...); the report averages over them.</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>Requests simulated per (mechanism, K), warm-up included.</summary>
    public int Requests { get; init; } = 6000;

    /// <summary>Requests at the start that prices need to settle; left out of the equilibrium figures.</summary>
    public int WarmupRequests { get; init; } = 2000;

    public double MeanInterarrivalSeconds { get; init; } = 45;

    public double BlockSeconds { get; init; } = 2;

    /// <summary>A request not proved this long after submission fails.</summary>
    public double DeadlineSeconds { get; init; } = 900;

    /// <summary>The highest maxPrice requesters ever post (their starting point).</summary>
    public double MaxPriceUsd { get; init; } = 0.5;

    /// <summary>Standard deviation of the log of a proof's time around the hardware's mean (per proof).</summary>
    public double ProofTimeJitter { get; init; } = 0.15;

    /// <summary>Relative spread of speed and hourly price between two machines of one profile.</summary>
    public double InstanceSpread { get; init; } = 0.1;

    /// <summary>The least margin over expected cost a prover accepts.</summary>
    public double MinMargin { get; init; } = 0.05;

    /// <summary>Relative step by which Dutch and orderbook asks move after a win or a loss.</summary>
    public double AskStep { get; init; } = 0.02;

    /// <summary>Relative cut of the requesters' maxPrice after a proved request (the race's reward is its maxPrice).</summary>
    public double MaxPriceStepDown { get; init; } = 0.002;

    /// <summary>
    /// The share of requests requesters accept to see fail. A failure raises maxPrice by
    /// stepDown·(1−target)/target, so maxPrice settles where that share of requests fails.
    /// </summary>
    public double TargetFailureRate { get; init; } = 0.01;

    /// <summary>Chance that a prover is online and free of other work for a given request.</summary>
    public double Availability { get; init; } = 0.95;

    /// <summary>Weight of the newest race in a prover's win-rate estimate (exponential average).</summary>
    public double WinRateSmoothing { get; init; } = 0.02;

    /// <summary>Requests over which a prover judges its profit (leave if negative, come back if it would have earned).</summary>
    public int ExitWindow { get; init; } = 400;

    /// <summary>Requests between two reviews of who stays and who comes back.</summary>
    public int ReviewEvery { get; init; } = 100;

    public IReadOnlyList<int> KSweep { get; init; } = [2, 3, 5, 10, 20];

    /// <summary>The Ks of the detailed tables and of the cost decomposition.</summary>
    public IReadOnlyList<int> HeadlineK { get; init; } = [3, 10];

    /// <summary>Gas prices (gwei) the cost decomposition is repeated at; the sweep itself runs at <see cref="GasSchedule.PriceGwei"/>.</summary>
    public IReadOnlyList<double> GasPricesGwei { get; init; } = [];

    /// <summary>Provers drawn per seed: the largest K simulated. Every K uses a prefix of them.</summary>
    public int PoolSize => KSweep.Concat(HeadlineK).DefaultIfEmpty(1).Max();

    /// <summary>
    /// Racers a cost-minimising requester buys under free entry: the fewest n with
    /// (1 − availability)^n ≤ targetFailureRate, i.e. n* = ⌈ln f / ln(1 − a)⌉.
    /// </summary>
    public int FreeEntryRacers => Availability >= 1 ? 1 : Math.Max(1, (int)Math.Ceiling(Math.Log(TargetFailureRate) / Math.Log(1 - Availability)));

    public SealedBidSettings SealedBid { get; init; } = new();

    public DutchSettings Dutch { get; init; } = new();

    public GasSchedule Gas { get; init; } = new();

    public FaultSettings Faults { get; init; } = new();

    public FrontierSettings Frontier { get; init; } = new();

    public IReadOnlyList<HardwareProfile> Profiles { get; init; } = [];

    /// <summary>The config shipped next to the assembly (Config/simulation.json).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Config", "simulation.json");

    /// <summary>Reads and validates a config file; throws <see cref="InvalidDataException"/> naming the bad value.</summary>
    public static SimulationConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"simulation config {path} does not exist", path);
        }
        SimulationConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<SimulationConfig>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"simulation config {path} is not valid JSON: {e.Message}", e);
        }
        if (config is null)
        {
            throw new InvalidDataException($"simulation config {path} is empty");
        }
        config.Validate();
        return config;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first value the model cannot run with.</summary>
    public void Validate()
    {
        Require(Seeds is >= 1 and <= 100, $"seeds must be between 1 and 100, got {Seeds}");
        Require(Requests > 0, $"requests must be positive, got {Requests}");
        Require(WarmupRequests >= 0 && WarmupRequests < Requests, $"warmupRequests must be in [0, requests), got {WarmupRequests}");
        Require(MeanInterarrivalSeconds > 0, $"meanInterarrivalSeconds must be positive, got {MeanInterarrivalSeconds}");
        Require(BlockSeconds > 0, $"blockSeconds must be positive, got {BlockSeconds}");
        Require(DeadlineSeconds > 0, $"deadlineSeconds must be positive, got {DeadlineSeconds}");
        Require(MaxPriceUsd > 0, $"maxPriceUsd must be positive, got {MaxPriceUsd}");
        Require(ProofTimeJitter >= 0 && ProofTimeJitter < 2, $"proofTimeJitter must be in [0, 2), got {ProofTimeJitter}");
        Require(InstanceSpread >= 0 && InstanceSpread < 1, $"instanceSpread must be in [0, 1), got {InstanceSpread}");
        Require(MinMargin >= 0, $"minMargin must not be negative, got {MinMargin}");
        Require(AskStep > 0 && AskStep < 1, $"askStep must be in (0, 1), got {AskStep}");
        Require(MaxPriceStepDown > 0 && MaxPriceStepDown < 1, $"maxPriceStepDown must be in (0, 1), got {MaxPriceStepDown}");
        Require(TargetFailureRate > 0 && TargetFailureRate < 0.5, $"targetFailureRate must be in (0, 0.5), got {TargetFailureRate}");
        Require(Availability > 0 && Availability <= 1, $"availability must be in (0, 1], got {Availability}");
        Require(WinRateSmoothing > 0 && WinRateSmoothing <= 1, $"winRateSmoothing must be in (0, 1], got {WinRateSmoothing}");
        Require(ExitWindow > 0 && ReviewEvery > 0, "exitWindow and reviewEvery must be positive");
        Require(KSweep.Count > 0 && KSweep.All(k => k >= 1), "kSweep must list at least one K >= 1");
        Require(HeadlineK.All(k => k >= 1), "headlineK values must be >= 1");
        Require(GasPricesGwei.All(g => g >= 0 && double.IsFinite(g)), "gasPricesGwei values must be finite and not negative");
        Require(SealedBid.CommitSeconds > 0 && SealedBid.RevealSeconds > 0, "sealedBid windows must be positive");
        Require(Dutch.RampSeconds > 0, $"dutch.rampSeconds must be positive, got {Dutch.RampSeconds}");
        Require(Dutch.MinPriceUsd >= 0 && Dutch.MinPriceUsd < MaxPriceUsd, "dutch.minPriceUsd must be in [0, maxPriceUsd)");
        Require(Gas.PriceGwei >= 0 && Gas.EthUsd >= 0, "gas prices must not be negative");
        Require(Faults.DropoutRates.All(d => d is >= 0 and < 1), "faults.dropoutRates must be in [0, 1)");
        Require(Faults.OutageShare is >= 0 and <= 1 && Faults.OutageSeconds >= 0, "faults.outageShare must be in [0, 1] and outageSeconds not negative");
        Require(Faults.CollateralUsd >= 0 && Faults.ProvingWindowSeconds > 0 && Faults.CooldownSeconds >= 0, "faults: collateralUsd, provingWindowSeconds and cooldownSeconds must not be negative (the window positive)");
        Require(Faults.CompensationShare + Faults.BountyShare + Faults.KeeperShare <= 1 && Faults.CompensationShare >= 0 && Faults.BountyShare >= 0 && Faults.KeeperShare >= 0,
            "faults: compensation, bounty and keeper shares must be non-negative and add up to at most 1");
        Require(Faults.MaxReopens is >= 0 and <= 8 && Faults.ReopenRampSeconds > 0, "faults: maxReopens must be in [0, 8] (the contract's cap) and reopenRampSeconds positive");
        Require(Faults.BidBondShare is >= 1 and <= 2, $"faults.bidBondShare must be in [1, 2] (the contract's bidBondBps range), got {Faults.BidBondShare}");
        Require(Frontier.K >= 1, $"frontier.k must be >= 1, got {Frontier.K}");
        Require(Frontier.DutchRampSeconds.All(r => r > 0) && Frontier.SealedBidWindowSeconds.All(w => w > 0) && Frontier.ProvingWindowSeconds.All(w => w > 0),
            "frontier: ramps and windows must be positive");
        Require(Frontier.Dropout is >= 0 and < 1, $"frontier.dropout must be in [0, 1), got {Frontier.Dropout}");
        Require(Profiles.Count > 0, "profiles must list at least one hardware profile");
        foreach (var p in Profiles)
        {
            Require(!string.IsNullOrWhiteSpace(p.Name), "every profile needs a name");
            Require(p.ProofSeconds > 0, $"profile {p.Name}: proofSeconds must be positive, got {p.ProofSeconds}");
            Require(p.UsdPerHour >= 0, $"profile {p.Name}: usdPerHour must not be negative, got {p.UsdPerHour}");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidDataException($"simulation config: {message}");
        }
    }
}
