using OnchainMarket.Simulation.Config;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// Everything random about a run, drawn once so that every mechanism faces the same fleet, the same
/// request stream and the same proof times: the machines, the arrival times, each prover's time
/// factor for each request, and the order in which simultaneous transactions land. A scenario is
/// drawn for a pool of <see cref="SimulationConfig.PoolSize"/> provers and a market of K uses the
/// first K of them, so the fleets nest as K grows (K=10 is K=8 plus two machines) instead of
/// being redrawn per K.
/// </summary>
public sealed class Scenario
{
    private readonly double[] _timeFactor;
    private readonly double[] _order;
    private readonly bool[] _online;
    private readonly int _width;

    private Scenario(int seed, IReadOnlyList<FleetMember> pool, int k, double[] arrivals, double[] timeFactor, double[] order, bool[] online)
    {
        Seed = seed;
        _width = pool.Count;
        Fleet = pool.Take(k).ToArray();
        Pool = pool;
        Arrivals = arrivals;
        _timeFactor = timeFactor;
        _order = order;
        _online = online;
    }

    /// <summary>The seed the scenario was drawn from (fault draws derive their own stream from it).</summary>
    public int Seed { get; }

    /// <summary>The K provers of this market.</summary>
    public IReadOnlyList<FleetMember> Fleet { get; }

    /// <summary>Every prover drawn for the seed; <see cref="Fleet"/> is its first K.</summary>
    public IReadOnlyList<FleetMember> Pool { get; }

    public int K => Fleet.Count;

    /// <summary>Submission time of each request, seconds from the start.</summary>
    public IReadOnlyList<double> Arrivals { get; }

    /// <summary>How long prover <paramref name="prover"/> takes to prove request <paramref name="request"/>.</summary>
    public double ProofSeconds(int request, int prover) => Fleet[prover].MeanProofSeconds * _timeFactor[(request * _width) + prover];

    /// <summary>A uniform draw that orders the provers' transactions when several land in one block (lower first).</summary>
    public double Order(int request, int prover) => _order[(request * _width) + prover];

    /// <summary>Whether the prover is online (and not busy elsewhere) for the request.</summary>
    public bool Online(int request, int prover) => _online[(request * _width) + prover];

    /// <summary>The same draws restricted to the first <paramref name="k"/> provers of the pool.</summary>
    public Scenario WithK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, _width);
        return new Scenario(Seed, Pool, k, (double[])Arrivals, _timeFactor, _order, _online);
    }

    /// <summary>
    /// Draws a scenario for the seed <see cref="SimulationConfig.Seed"/> (the draws do not depend on
    /// K). Each pool member's profile is drawn uniformly from the config's profiles, its speed and
    /// hourly price each moved by up to ±instanceSpread; arrivals are Poisson.
    /// </summary>
    public static Scenario Create(SimulationConfig config, int k, int? requests = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var count = requests ?? config.Requests;
        var width = Math.Max(k, config.PoolSize);
        // Not HashCode.Combine: it is salted per process, and runs must repeat exactly.
        var random = new Random(unchecked(config.Seed * 1_000_003));
        var pool = new FleetMember[width];
        for (var i = 0; i < width; i++)
        {
            var profile = config.Profiles[random.Next(config.Profiles.Count)];
            var speed = 1 + (config.InstanceSpread * ((2 * random.NextDouble()) - 1));
            var price = 1 + (config.InstanceSpread * ((2 * random.NextDouble()) - 1));
            pool[i] = new FleetMember(profile.Name, profile.ProofSeconds * speed, profile.UsdPerSecond * price);
        }

        var arrivals = new double[count];
        var t = 0.0;
        for (var j = 0; j < count; j++)
        {
            t += -config.MeanInterarrivalSeconds * Math.Log(1 - random.NextDouble());
            arrivals[j] = t;
        }

        var sigma = config.ProofTimeJitter;
        var factors = new double[count * width];
        var order = new double[count * width];
        var online = new bool[count * width];
        for (var n = 0; n < factors.Length; n++)
        {
            // Log-normal with mean 1: exp(sigma*Z - sigma^2/2).
            factors[n] = Math.Exp((sigma * StandardNormal(random)) - (sigma * sigma / 2));
            order[n] = random.NextDouble();
            online[n] = random.NextDouble() < config.Availability;
        }
        return new Scenario(config.Seed, pool, k, arrivals, factors, order, online);
    }

    private static double StandardNormal(Random random)
    {
        // Box-Muller; 1 - U keeps the logarithm finite.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
