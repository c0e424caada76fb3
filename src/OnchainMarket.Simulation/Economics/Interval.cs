namespace OnchainMarket.Simulation.Economics;

/// <summary>A figure over independently drawn scenarios: its mean and a 95 % confidence interval (Student t over the seeds).</summary>
public readonly record struct Interval(double Mean, double Low, double High, int N)
{
    public static readonly Interval None = new(double.NaN, double.NaN, double.NaN, 0);

    /// <summary>Arithmetic mean and t-interval of the finite values.</summary>
    public static Interval Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0)
        {
            return None;
        }
        var mean = v.Average();
        if (v.Length == 1)
        {
            return new Interval(mean, double.NaN, double.NaN, 1);
        }
        var sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        var half = StudentT975(v.Length - 1) * sd / Math.Sqrt(v.Length);
        return new Interval(mean, mean - half, mean + half, v.Length);
    }

    /// <summary>
    /// For ratios: the geometric mean of the finite positive values and the t-interval of their
    /// logarithms mapped back (a ratio and its inverse get mirrored intervals).
    /// </summary>
    public static Interval Geometric(IEnumerable<double> ratios)
    {
        var logs = Of(ratios.Where(r => r > 0 && double.IsFinite(r)).Select(r => Math.Log(r)));
        return logs.N == 0 ? None : new Interval(Math.Exp(logs.Mean), Math.Exp(logs.Low), Math.Exp(logs.High), logs.N);
    }

    /// <summary>Student's t 97.5 % quantiles for 1–30 degrees of freedom (the standard table).</summary>
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>
    /// The 97.5 % quantile of Student's t with <paramref name="df"/> degrees of freedom: the table up
    /// to 30, beyond it the Cornish–Fisher expansion around the normal quantile (within 0.01 %).
    /// </summary>
    public static double StudentT975(int df)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(df, 1);
        if (df <= T975.Length)
        {
            return T975[df - 1];
        }
        const double z = 1.959963984540054;
        double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        double n = df;
        return z + ((z3 + z) / (4 * n)) + (((5 * z5) + (16 * z3) + (3 * z)) / (96 * n * n))
            + (((3 * z7) + (19 * z5) + (17 * z3) - (15 * z)) / (384 * n * n * n));
    }
}
