using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// Short-Weierstrass (a = 0) group law in Jacobian coordinates, generic over the coordinate field so
/// that G1 (over Fq) and G2 (over Fq2) share one implementation. Formulas from the EFD:
/// dbl-2009-l, add-2007-bl, madd-2007-bl; every special case (infinity, P = Q, P = −Q) is handled.
/// </summary>
internal static class CurveMath<TF>
    where TF : struct, IField<TF>
{
    public static JacobianPoint<TF> Infinity => new(TF.FieldOne, TF.FieldOne, TF.FieldZero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JacobianPoint<TF> FromAffine(in AffinePoint<TF> p) =>
        p.IsInfinity ? Infinity : new JacobianPoint<TF>(p.X, p.Y, TF.FieldOne);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static JacobianPoint<TF> Double(in JacobianPoint<TF> p)
    {
        if (p.IsInfinity || p.Y.IsZero)
        {
            return Infinity;
        }

        TF a = TF.Sqr(p.X);
        TF b = TF.Sqr(p.Y);
        TF c = TF.Sqr(b);
        TF d = TF.Dbl(TF.Sub(TF.Sub(TF.Sqr(TF.Add(p.X, b)), a), c));
        TF e = TF.Add(TF.Dbl(a), a);
        TF f = TF.Sqr(e);
        TF x3 = TF.Sub(f, TF.Dbl(d));
        TF c8 = TF.Dbl(TF.Dbl(TF.Dbl(c)));
        TF y3 = TF.Sub(TF.Mul(e, TF.Sub(d, x3)), c8);
        TF z3 = TF.Dbl(TF.Mul(p.Y, p.Z));
        return new JacobianPoint<TF>(x3, y3, z3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static JacobianPoint<TF> Add(in JacobianPoint<TF> p, in JacobianPoint<TF> q)
    {
        if (p.IsInfinity)
        {
            return q;
        }

        if (q.IsInfinity)
        {
            return p;
        }

        TF z1z1 = TF.Sqr(p.Z);
        TF z2z2 = TF.Sqr(q.Z);
        TF u1 = TF.Mul(p.X, z2z2);
        TF u2 = TF.Mul(q.X, z1z1);
        TF s1 = TF.Mul(TF.Mul(p.Y, q.Z), z2z2);
        TF s2 = TF.Mul(TF.Mul(q.Y, p.Z), z1z1);
        TF h = TF.Sub(u2, u1);
        TF rr = TF.Dbl(TF.Sub(s2, s1));
        if (h.IsZero)
        {
            return rr.IsZero ? Double(p) : Infinity;
        }

        TF i = TF.Sqr(TF.Dbl(h));
        TF j = TF.Mul(h, i);
        TF v = TF.Mul(u1, i);
        TF x3 = TF.Sub(TF.Sub(TF.Sqr(rr), j), TF.Dbl(v));
        TF y3 = TF.Sub(TF.Mul(rr, TF.Sub(v, x3)), TF.Dbl(TF.Mul(s1, j)));
        TF z3 = TF.Mul(TF.Sub(TF.Sub(TF.Sqr(TF.Add(p.Z, q.Z)), z1z1), z2z2), h);
        return new JacobianPoint<TF>(x3, y3, z3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static JacobianPoint<TF> AddMixed(in JacobianPoint<TF> p, in AffinePoint<TF> q)
    {
        if (q.IsInfinity)
        {
            return p;
        }

        if (p.IsInfinity)
        {
            return new JacobianPoint<TF>(q.X, q.Y, TF.FieldOne);
        }

        TF z1z1 = TF.Sqr(p.Z);
        TF u2 = TF.Mul(q.X, z1z1);
        TF s2 = TF.Mul(TF.Mul(q.Y, p.Z), z1z1);
        TF h = TF.Sub(u2, p.X);
        TF rr = TF.Dbl(TF.Sub(s2, p.Y));
        if (h.IsZero)
        {
            return rr.IsZero ? Double(p) : Infinity;
        }

        TF hh = TF.Sqr(h);
        TF i = TF.Dbl(TF.Dbl(hh));
        TF j = TF.Mul(h, i);
        TF v = TF.Mul(p.X, i);
        TF x3 = TF.Sub(TF.Sub(TF.Sqr(rr), j), TF.Dbl(v));
        TF y3 = TF.Sub(TF.Mul(rr, TF.Sub(v, x3)), TF.Dbl(TF.Mul(p.Y, j)));
        TF z3 = TF.Sub(TF.Sub(TF.Sqr(TF.Add(p.Z, h)), z1z1), hh);
        return new JacobianPoint<TF>(x3, y3, z3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JacobianPoint<TF> Negate(in JacobianPoint<TF> p) => new(p.X, TF.Neg(p.Y), p.Z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AffinePoint<TF> Negate(in AffinePoint<TF> p) => p.IsInfinity ? p : new(p.X, TF.Neg(p.Y));

    public static AffinePoint<TF> ToAffine(in JacobianPoint<TF> p)
    {
        if (p.IsInfinity)
        {
            return default;
        }

        TF zInv = TF.Inv(p.Z);
        TF zInv2 = TF.Sqr(zInv);
        return new AffinePoint<TF>(TF.Mul(p.X, zInv2), TF.Mul(TF.Mul(p.Y, zInv2), zInv));
    }

    /// <summary>Converts many points with one shared field inversion.</summary>
    public static void BatchToAffine(ReadOnlySpan<JacobianPoint<TF>> points, Span<AffinePoint<TF>> result)
    {
        if (result.Length < points.Length)
        {
            throw new ArgumentException($"Destination holds {result.Length} points; {points.Length} are needed.", nameof(result));
        }

        TF[] zs = new TF[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            zs[i] = points[i].Z;
        }

        BatchInversion.Invert<TF>(zs);
        for (int i = 0; i < points.Length; i++)
        {
            if (points[i].IsInfinity)
            {
                result[i] = default;
                continue;
            }

            TF zInv2 = TF.Sqr(zs[i]);
            result[i] = new AffinePoint<TF>(TF.Mul(points[i].X, zInv2), TF.Mul(TF.Mul(points[i].Y, zInv2), zs[i]));
        }
    }

    public static bool Equal(in JacobianPoint<TF> p, in JacobianPoint<TF> q)
    {
        if (p.IsInfinity || q.IsInfinity)
        {
            return p.IsInfinity && q.IsInfinity;
        }

        // X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³, without an inversion.
        TF z1z1 = TF.Sqr(p.Z);
        TF z2z2 = TF.Sqr(q.Z);
        return TF.Eq(TF.Mul(p.X, z2z2), TF.Mul(q.X, z1z1))
            && TF.Eq(TF.Mul(TF.Mul(p.Y, z2z2), q.Z), TF.Mul(TF.Mul(q.Y, z1z1), p.Z));
    }

    public static bool IsOnCurve(in AffinePoint<TF> p, in TF b)
    {
        if (p.IsInfinity)
        {
            return true;
        }

        TF lhs = TF.Sqr(p.Y);
        TF rhs = TF.Add(TF.Mul(TF.Sqr(p.X), p.X), b);
        return TF.Eq(lhs, rhs);
    }

    /// <summary>Left-to-right double-and-add over the canonical scalar bits.</summary>
    public static JacobianPoint<TF> Multiply(in AffinePoint<TF> p, Fr scalar)
    {
        U256 k = Montgomery<FrParams>.FromMontgomery(scalar.V);
        JacobianPoint<TF> acc = Infinity;
        for (int i = 255; i >= 0; i--)
        {
            acc = Double(acc);
            if (k.Bit(i))
            {
                acc = AddMixed(acc, p);
            }
        }

        return acc;
    }

    /// <summary>Double-and-add for an arbitrary non-negative integer (used for subgroup checks with r).</summary>
    public static JacobianPoint<TF> Multiply(in JacobianPoint<TF> p, System.Numerics.BigInteger k)
    {
        if (k.Sign < 0)
        {
            return Multiply(Negate(p), -k);
        }

        JacobianPoint<TF> acc = Infinity;
        for (long i = (long)k.GetBitLength() - 1; i >= 0; i--)
        {
            acc = Double(acc);
            if (!((k >> (int)i) & 1).IsZero)
            {
                acc = Add(acc, p);
            }
        }

        return acc;
    }
}
