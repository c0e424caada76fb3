namespace OnchainMarket.Simulation.Economics;

/// <summary>Market concentration over the provers' shares (wins or revenue).</summary>
public static class Concentration
{
    /// <summary>Herfindahl–Hirschman index: the sum of squared shares, 1/n for an even split, 1 for a monopoly; NaN when nothing was shared.</summary>
    public static double Hhi(IReadOnlyList<double> amounts)
    {
        var total = amounts.Sum();
        return total <= 0 ? double.NaN : amounts.Sum(a => (a / total) * (a / total));
    }

    /// <summary>Gini coefficient: mean absolute difference over twice the mean; 0 for an even split, (n−1)/n when one takes all.</summary>
    public static double Gini(IReadOnlyList<double> amounts)
    {
        var n = amounts.Count;
        var total = amounts.Sum();
        if (n == 0 || total <= 0)
        {
            return double.NaN;
        }
        var sorted = amounts.Order().ToArray();
        // Sorted form of sum_i sum_j |x_i - x_j| / (2 n^2 mean): sum_i (2i - n - 1) x_i / (n total), i from 1.
        var weighted = 0.0;
        for (var i = 0; i < n; i++)
        {
            weighted += ((2.0 * (i + 1)) - n - 1) * sorted[i];
        }
        return weighted / (n * total);
    }
}
