using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Setup;

/// <summary>
/// k·G for many scalars k and one fixed base G: a table of d·2^(8w)·G for every byte position w and
/// byte value d turns each multiplication into at most 32 mixed additions, instead of 256 doublings
/// and ~128 additions. Results are converted to affine in batches (one inversion per batch).
/// </summary>
internal static class FixedBaseMultiplier
{
    private const int Windows = 32;
    private const int BatchSize = 1024;

    public static G1Affine[] G1(G1Affine generator, ReadOnlySpan<Fr> scalars)
    {
        var table = BuildG1Table(generator);
        var input = scalars.ToArray();
        var result = new G1Affine[input.Length];
        Parallel.For(0, (input.Length + BatchSize - 1) / BatchSize, batch =>
        {
            var start = batch * BatchSize;
            var count = Math.Min(BatchSize, input.Length - start);
            var projective = new G1Projective[count];
            Span<byte> digits = stackalloc byte[32];
            for (var i = 0; i < count; i++)
            {
                input[start + i].WriteCanonicalLittleEndian(digits);
                var acc = G1Projective.Infinity;
                for (var w = 0; w < Windows; w++)
                {
                    if (digits[w] != 0)
                    {
                        acc = acc.AddMixed(table[(w * 256) + digits[w]]);
                    }
                }
                projective[i] = acc;
            }
            G1Projective.BatchToAffine(projective, result.AsSpan(start, count));
        });
        return result;
    }

    public static G2Affine[] G2(G2Affine generator, ReadOnlySpan<Fr> scalars)
    {
        var table = BuildG2Table(generator);
        var input = scalars.ToArray();
        var result = new G2Affine[input.Length];
        Parallel.For(0, (input.Length + BatchSize - 1) / BatchSize, batch =>
        {
            var start = batch * BatchSize;
            var count = Math.Min(BatchSize, input.Length - start);
            var projective = new G2Projective[count];
            Span<byte> digits = stackalloc byte[32];
            for (var i = 0; i < count; i++)
            {
                input[start + i].WriteCanonicalLittleEndian(digits);
                var acc = G2Projective.Infinity;
                for (var w = 0; w < Windows; w++)
                {
                    if (digits[w] != 0)
                    {
                        acc = acc.AddMixed(table[(w * 256) + digits[w]]);
                    }
                }
                projective[i] = acc;
            }
            G2Projective.BatchToAffine(projective, result.AsSpan(start, count));
        });
        return result;
    }

    private static G1Affine[] BuildG1Table(G1Affine generator)
    {
        var projective = new G1Projective[Windows * 256];
        var windowBase = G1Projective.FromAffine(generator);
        for (var w = 0; w < Windows; w++)
        {
            projective[w * 256] = G1Projective.Infinity;
            var acc = G1Projective.Infinity;
            for (var d = 1; d < 256; d++)
            {
                acc = acc.Add(windowBase);
                projective[(w * 256) + d] = acc;
            }
            windowBase = acc.Add(windowBase);
        }
        var table = new G1Affine[projective.Length];
        G1Projective.BatchToAffine(projective, table);
        return table;
    }

    private static G2Affine[] BuildG2Table(G2Affine generator)
    {
        var projective = new G2Projective[Windows * 256];
        var windowBase = G2Projective.FromAffine(generator);
        for (var w = 0; w < Windows; w++)
        {
            projective[w * 256] = G2Projective.Infinity;
            var acc = G2Projective.Infinity;
            for (var d = 1; d < 256; d++)
            {
                acc = acc.Add(windowBase);
                projective[(w * 256) + d] = acc;
            }
            windowBase = acc.Add(windowBase);
        }
        var table = new G2Affine[projective.Length];
        G2Projective.BatchToAffine(projective, table);
        return table;
    }
}
