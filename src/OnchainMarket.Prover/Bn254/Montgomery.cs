using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// 4×64-bit Montgomery arithmetic shared by <see cref="Fq"/> and <see cref="Fr"/>. Multiplication is the
/// CIOS "no-carry" variant: valid because both BN254 moduli have a top limb below 2^63 − 1, so the
/// intermediate never needs a fifth limb.
/// </summary>
internal static class Montgomery<TP>
    where TP : struct, IFieldParams
{
    public static U256 Modulus => new(TP.P0, TP.P1, TP.P2, TP.P3);

    /// <summary>
    /// CIOS Montgomery product a·b·2^−256 mod p. Written flat (no helper calls) and not inlined into
    /// callers: inlined copies exhausted the JIT's inlining budget in big callers, which then called
    /// the helpers through memory and ran several times slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static U256 Mul(in U256 a, in U256 b)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        ulong lo, hi, c, m, carryA, carryC;
        // Round 0: t = (t + a·b0 + m·p) / 2^64 with m chosen so the low word cancels.
        hi = MulHigh(a.L0, b.L0);
        lo = a.L0 * b.L0;
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        carryA = hi;
        m = lo * TP.Inv;
        c = lo;
        hi = MulHigh(m, TP.P0);
        lo = m * TP.P0;
        lo += c;
        carryC = hi + (lo < c ? 1UL : 0UL);
        hi = MulHigh(a.L1, b.L0);
        lo = a.L1 * b.L0;
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P1);
        lo = m * TP.P1;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t0 = lo;
        hi = MulHigh(a.L2, b.L0);
        lo = a.L2 * b.L0;
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P2);
        lo = m * TP.P2;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t1 = lo;
        hi = MulHigh(a.L3, b.L0);
        lo = a.L3 * b.L0;
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P3);
        lo = m * TP.P3;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t2 = lo;
        t3 = carryC + carryA;
        // Round 1: t = (t + a·b1 + m·p) / 2^64 with m chosen so the low word cancels.
        hi = MulHigh(a.L0, b.L1);
        lo = a.L0 * b.L1;
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        carryA = hi;
        m = lo * TP.Inv;
        c = lo;
        hi = MulHigh(m, TP.P0);
        lo = m * TP.P0;
        lo += c;
        carryC = hi + (lo < c ? 1UL : 0UL);
        hi = MulHigh(a.L1, b.L1);
        lo = a.L1 * b.L1;
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P1);
        lo = m * TP.P1;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t0 = lo;
        hi = MulHigh(a.L2, b.L1);
        lo = a.L2 * b.L1;
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P2);
        lo = m * TP.P2;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t1 = lo;
        hi = MulHigh(a.L3, b.L1);
        lo = a.L3 * b.L1;
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P3);
        lo = m * TP.P3;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t2 = lo;
        t3 = carryC + carryA;
        // Round 2: t = (t + a·b2 + m·p) / 2^64 with m chosen so the low word cancels.
        hi = MulHigh(a.L0, b.L2);
        lo = a.L0 * b.L2;
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        carryA = hi;
        m = lo * TP.Inv;
        c = lo;
        hi = MulHigh(m, TP.P0);
        lo = m * TP.P0;
        lo += c;
        carryC = hi + (lo < c ? 1UL : 0UL);
        hi = MulHigh(a.L1, b.L2);
        lo = a.L1 * b.L2;
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P1);
        lo = m * TP.P1;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t0 = lo;
        hi = MulHigh(a.L2, b.L2);
        lo = a.L2 * b.L2;
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P2);
        lo = m * TP.P2;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t1 = lo;
        hi = MulHigh(a.L3, b.L2);
        lo = a.L3 * b.L2;
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P3);
        lo = m * TP.P3;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t2 = lo;
        t3 = carryC + carryA;
        // Round 3: t = (t + a·b3 + m·p) / 2^64 with m chosen so the low word cancels.
        hi = MulHigh(a.L0, b.L3);
        lo = a.L0 * b.L3;
        lo += t0;
        hi += lo < t0 ? 1UL : 0UL;
        carryA = hi;
        m = lo * TP.Inv;
        c = lo;
        hi = MulHigh(m, TP.P0);
        lo = m * TP.P0;
        lo += c;
        carryC = hi + (lo < c ? 1UL : 0UL);
        hi = MulHigh(a.L1, b.L3);
        lo = a.L1 * b.L3;
        lo += t1;
        hi += lo < t1 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P1);
        lo = m * TP.P1;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t0 = lo;
        hi = MulHigh(a.L2, b.L3);
        lo = a.L2 * b.L3;
        lo += t2;
        hi += lo < t2 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P2);
        lo = m * TP.P2;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t1 = lo;
        hi = MulHigh(a.L3, b.L3);
        lo = a.L3 * b.L3;
        lo += t3;
        hi += lo < t3 ? 1UL : 0UL;
        lo += carryA;
        hi += lo < carryA ? 1UL : 0UL;
        carryA = hi;
        c = lo;
        hi = MulHigh(m, TP.P3);
        lo = m * TP.P3;
        lo += c;
        hi += lo < c ? 1UL : 0UL;
        lo += carryC;
        hi += lo < carryC ? 1UL : 0UL;
        carryC = hi;
        t2 = lo;
        t3 = carryC + carryA;
        return Reduce(t0, t1, t2, t3);
    }

    /// <summary>
    /// The high word of a·b. With BMI2 this is MULX returning only the high half, which keeps both
    /// operands in registers; Math.BigMul's out-parameter form spills the low word through the stack
    /// on every call (a store/load on the critical path, measured several times slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulHigh(ulong a, ulong b) =>
        System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported
            ? System.Runtime.Intrinsics.X86.Bmi2.X64.MultiplyNoFlags(a, b)
            : Math.BigMul(a, b, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Square(in U256 a) => Mul(a, a);

    /// <summary>Subtracts p once if the value (below 2p) is at least p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static U256 Reduce(ulong t0, ulong t1, ulong t2, ulong t3)
    {
        ulong s0 = t0 - TP.P0;
        ulong b = t0 < TP.P0 ? 1UL : 0UL;
        ulong s1 = t1 - TP.P1;
        ulong b1 = t1 < TP.P1 ? 1UL : 0UL;
        b1 |= s1 < b ? 1UL : 0UL;
        s1 -= b;
        ulong s2 = t2 - TP.P2;
        ulong b2 = t2 < TP.P2 ? 1UL : 0UL;
        b2 |= s2 < b1 ? 1UL : 0UL;
        s2 -= b1;
        ulong s3 = t3 - TP.P3;
        ulong b3 = t3 < TP.P3 ? 1UL : 0UL;
        b3 |= s3 < b2 ? 1UL : 0UL;
        s3 -= b2;
        return b3 != 0 ? new U256(t0, t1, t2, t3) : new U256(s0, s1, s2, s3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Add(in U256 a, in U256 b)
    {
        // Both operands are below p < 2^254, so the sum never leaves 256 bits.
        ulong s0 = a.L0 + b.L0;
        ulong c = s0 < a.L0 ? 1UL : 0UL;
        ulong s1 = a.L1 + b.L1;
        ulong c1 = s1 < a.L1 ? 1UL : 0UL;
        s1 += c;
        c1 |= s1 < c ? 1UL : 0UL;
        ulong s2 = a.L2 + b.L2;
        ulong c2 = s2 < a.L2 ? 1UL : 0UL;
        s2 += c1;
        c2 |= s2 < c1 ? 1UL : 0UL;
        ulong s3 = a.L3 + b.L3 + c2;
        return Reduce(s0, s1, s2, s3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Double(in U256 a) => Add(a, a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Sub(in U256 a, in U256 b)
    {
        ulong d0 = a.L0 - b.L0;
        ulong br = a.L0 < b.L0 ? 1UL : 0UL;
        ulong d1 = a.L1 - b.L1;
        ulong br1 = a.L1 < b.L1 ? 1UL : 0UL;
        br1 |= d1 < br ? 1UL : 0UL;
        d1 -= br;
        ulong d2 = a.L2 - b.L2;
        ulong br2 = a.L2 < b.L2 ? 1UL : 0UL;
        br2 |= d2 < br1 ? 1UL : 0UL;
        d2 -= br1;
        ulong d3 = a.L3 - b.L3;
        ulong br3 = a.L3 < b.L3 ? 1UL : 0UL;
        br3 |= d3 < br2 ? 1UL : 0UL;
        d3 -= br2;
        if (br3 == 0)
        {
            return new U256(d0, d1, d2, d3);
        }

        // Went negative: add p back (the carry out of the top limb cancels the borrow).
        ulong s0 = d0 + TP.P0;
        ulong c = s0 < d0 ? 1UL : 0UL;
        ulong s1 = d1 + TP.P1;
        ulong c1 = s1 < d1 ? 1UL : 0UL;
        s1 += c;
        c1 |= s1 < c ? 1UL : 0UL;
        ulong s2 = d2 + TP.P2;
        ulong c2 = s2 < d2 ? 1UL : 0UL;
        s2 += c1;
        c2 |= s2 < c1 ? 1UL : 0UL;
        ulong s3 = d3 + TP.P3 + c2;
        return new U256(s0, s1, s2, s3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Neg(in U256 a)
    {
        if (a.IsZero)
        {
            return a;
        }

        return Sub(default, a);
    }

    /// <summary>True when the canonical 256-bit value is below p.</summary>
    public static bool IsCanonical(in U256 a)
    {
        if (a.L3 != TP.P3)
        {
            return a.L3 < TP.P3;
        }

        if (a.L2 != TP.P2)
        {
            return a.L2 < TP.P2;
        }

        if (a.L1 != TP.P1)
        {
            return a.L1 < TP.P1;
        }

        return a.L0 < TP.P0;
    }

    public static U256 ToMontgomery(in U256 canonical) => Mul(canonical, TP.R2);

    public static U256 FromMontgomery(in U256 mont) => Mul(mont, new U256(1, 0, 0, 0));

    /// <summary>Left-to-right square-and-multiply over a 256-bit exponent.</summary>
    public static U256 Pow(in U256 baseValue, in U256 exponent)
    {
        U256 result = TP.R;
        int top = 255;
        while (top >= 0 && !exponent.Bit(top))
        {
            top--;
        }

        for (int i = top; i >= 0; i--)
        {
            result = Square(result);
            if (exponent.Bit(i))
            {
                result = Mul(result, baseValue);
            }
        }

        return result;
    }

    /// <summary>
    /// Inverse by a binary extended Euclid on the Montgomery representation: for input aR it
    /// computes (aR)⁻¹ and then takes a Montgomery product with R³ to land on a⁻¹R.
    /// About 5× faster than Fermat; zero maps to zero.
    /// </summary>
    public static U256 Inverse(in U256 a)
    {
        if (a.IsZero)
        {
            return a;
        }

        U256 u = a;
        U256 v = Modulus;
        U256 x1 = new(1, 0, 0, 0);
        U256 x2 = default;
        while (!IsOne(u) && !IsOne(v))
        {
            while ((u.L0 & 1) == 0)
            {
                Shr1(ref u);
                Half(ref x1);
            }

            while ((v.L0 & 1) == 0)
            {
                Shr1(ref v);
                Half(ref x2);
            }

            if (GreaterOrEqual(u, v))
            {
                SubRaw(ref u, v);
                x1 = Sub(x1, x2);
            }
            else
            {
                SubRaw(ref v, u);
                x2 = Sub(x2, x1);
            }
        }

        U256 raw = IsOne(u) ? x1 : x2;

        // raw = (aR)⁻¹ = a⁻¹R⁻¹ as a plain residue; a Montgomery product with R³ yields a⁻¹R.
        return Mul(raw, Mul(TP.R2, TP.R2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsOne(in U256 a) => a.L0 == 1 && (a.L1 | a.L2 | a.L3) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Shr1(ref U256 a)
    {
        a.L0 = (a.L0 >> 1) | (a.L1 << 63);
        a.L1 = (a.L1 >> 1) | (a.L2 << 63);
        a.L2 = (a.L2 >> 1) | (a.L3 << 63);
        a.L3 >>= 1;
    }

    /// <summary>x/2 mod p: add p when odd (p is odd, and x + p stays below 2^256), then shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Half(ref U256 x)
    {
        if ((x.L0 & 1) != 0)
        {
            ulong s0 = x.L0 + TP.P0;
            ulong c = s0 < x.L0 ? 1UL : 0UL;
            ulong s1 = x.L1 + TP.P1;
            ulong c1 = s1 < x.L1 ? 1UL : 0UL;
            s1 += c;
            c1 |= s1 < c ? 1UL : 0UL;
            ulong s2 = x.L2 + TP.P2;
            ulong c2 = s2 < x.L2 ? 1UL : 0UL;
            s2 += c1;
            c2 |= s2 < c1 ? 1UL : 0UL;
            ulong s3 = x.L3 + TP.P3 + c2;
            x = new U256(s0, s1, s2, s3);
        }

        Shr1(ref x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool GreaterOrEqual(in U256 a, in U256 b)
    {
        if (a.L3 != b.L3)
        {
            return a.L3 > b.L3;
        }

        if (a.L2 != b.L2)
        {
            return a.L2 > b.L2;
        }

        if (a.L1 != b.L1)
        {
            return a.L1 > b.L1;
        }

        return a.L0 >= b.L0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubRaw(ref U256 a, in U256 b)
    {
        ulong d0 = a.L0 - b.L0;
        ulong br = a.L0 < b.L0 ? 1UL : 0UL;
        ulong d1 = a.L1 - b.L1;
        ulong br1 = a.L1 < b.L1 ? 1UL : 0UL;
        br1 |= d1 < br ? 1UL : 0UL;
        d1 -= br;
        ulong d2 = a.L2 - b.L2;
        ulong br2 = a.L2 < b.L2 ? 1UL : 0UL;
        br2 |= d2 < br1 ? 1UL : 0UL;
        d2 -= br1;
        ulong d3 = a.L3 - b.L3 - br2;
        a = new U256(d0, d1, d2, d3);
    }
}
