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
    /// CIOS Montgomery product a·b·2^−256 mod p. In each round the low word of m·p0 is −t0 by the choice
    /// of m, so t0 + m·p0 only contributes its high word plus a carry that is set exactly when t0 ≠ 0.
    /// Written flat (no helper calls) and not inlined into
    /// callers: inlined copies exhausted the JIT's inlining budget in big callers, which then called
    /// the helpers through memory and ran several times slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
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
        carryC = MulHigh(m, TP.P0) + (lo != 0 ? 1UL : 0UL);
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
        carryC = MulHigh(m, TP.P0) + (lo != 0 ? 1UL : 0UL);
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
        carryC = MulHigh(m, TP.P0) + (lo != 0 ? 1UL : 0UL);
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
        carryC = MulHigh(m, TP.P0) + (lo != 0 ? 1UL : 0UL);
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

    /// <summary>
    /// Montgomery square a²·2^−256 mod p: the full 512-bit square first (the six cross products a_i·a_j,
    /// i &lt; j, computed once and doubled by a shift, plus the four a_i²: 10 word products instead of 16),
    /// then four reduction rounds. About a fifth fewer multiplications than <see cref="Mul"/>(a, a).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static U256 Square(in U256 a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong c, m, e;

        // Cross products into r1..r6 (row by row).
        ulong r1 = MulAdd(a0, a1, 0, out c);
        ulong r2 = MulAdd(a0, a2, c, out c);
        ulong r3 = MulAdd(a0, a3, c, out ulong r4);
        r3 = MulAdd(a1, a2, r3, out c);
        r4 = MulAdd2(a1, a3, r4, c, out ulong r5);
        r5 = MulAdd(a2, a3, r5, out ulong r6);

        // Doubled (the top bit of r6 moves into r7).
        ulong r7 = r6 >> 63;
        r6 = (r6 << 1) | (r5 >> 63);
        r5 = (r5 << 1) | (r4 >> 63);
        r4 = (r4 << 1) | (r3 >> 63);
        r3 = (r3 << 1) | (r2 >> 63);
        r2 = (r2 << 1) | (r1 >> 63);
        r1 <<= 1;

        // Plus the squares a_i² at word 2i.
        ulong r0 = MulAdd(a0, a0, 0, out ulong hi);
        r1 += hi;
        c = r1 < hi ? 1UL : 0UL;
        ulong lo = MulAdd(a1, a1, 0, out hi);
        r2 = AddCarry(r2, lo, ref c);
        r3 = AddCarry(r3, hi, ref c);
        lo = MulAdd(a2, a2, 0, out hi);
        r4 = AddCarry(r4, lo, ref c);
        r5 = AddCarry(r5, hi, ref c);
        lo = MulAdd(a3, a3, 0, out hi);
        r6 = AddCarry(r6, lo, ref c);
        r7 += hi + c; // a² < 2^512: no carry out

        // Four reduction rounds: add m·p with m cancelling the lowest remaining word; the round's last
        // carry and the previous round's overflow (e) go into the word above.
        m = r0 * TP.Inv;
        c = MulHigh(m, TP.P0) + (r0 != 0 ? 1UL : 0UL);
        r1 = MulAdd2(m, TP.P1, r1, c, out c);
        r2 = MulAdd2(m, TP.P2, r2, c, out c);
        r3 = MulAdd2(m, TP.P3, r3, c, out c);
        e = 0;
        r4 = AddCarry(r4, c, ref e);

        m = r1 * TP.Inv;
        c = MulHigh(m, TP.P0) + (r1 != 0 ? 1UL : 0UL);
        r2 = MulAdd2(m, TP.P1, r2, c, out c);
        r3 = MulAdd2(m, TP.P2, r3, c, out c);
        r4 = MulAdd2(m, TP.P3, r4, c, out c);
        r5 = AddCarry(r5, c, ref e);

        m = r2 * TP.Inv;
        c = MulHigh(m, TP.P0) + (r2 != 0 ? 1UL : 0UL);
        r3 = MulAdd2(m, TP.P1, r3, c, out c);
        r4 = MulAdd2(m, TP.P2, r4, c, out c);
        r5 = MulAdd2(m, TP.P3, r5, c, out c);
        r6 = AddCarry(r6, c, ref e);

        m = r3 * TP.Inv;
        c = MulHigh(m, TP.P0) + (r3 != 0 ? 1UL : 0UL);
        r4 = MulAdd2(m, TP.P1, r4, c, out c);
        r5 = MulAdd2(m, TP.P2, r5, c, out c);
        r6 = MulAdd2(m, TP.P3, r6, c, out c);
        r7 += c + e; // the result is below 2p < 2^256: no carry out

        return Reduce(r4, r5, r6, r7);
    }

    /// <summary>a·b + c as (low word, <paramref name="high"/>); never overflows 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd(ulong a, ulong b, ulong c, out ulong high)
    {
        ulong h = MulHigh(a, b);
        ulong l = a * b;
        l += c;
        high = h + (l < c ? 1UL : 0UL);
        return l;
    }

    /// <summary>a·b + c + d as (low word, <paramref name="high"/>); (2^64 − 1)² + 2(2^64 − 1) still fits 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd2(ulong a, ulong b, ulong c, ulong d, out ulong high)
    {
        ulong h = MulHigh(a, b);
        ulong l = a * b;
        l += c;
        h += l < c ? 1UL : 0UL;
        l += d;
        high = h + (l < d ? 1UL : 0UL);
        return l;
    }

    /// <summary>x + y + carry (carry 0 or 1), updating the carry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddCarry(ulong x, ulong y, ref ulong carry)
    {
        ulong s = x + y;
        ulong c1 = s < x ? 1UL : 0UL;
        s += carry;
        carry = c1 | (s < carry ? 1UL : 0UL);
        return s;
    }

    /// <summary>
    /// Subtracts p once if the value (below 2p) is at least p. Branch-free: whether to subtract is a coin
    /// toss for random operands (results of a product lie anywhere in [0, 2p)), so a branch here is
    /// mispredicted about every other call.
    /// </summary>
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

        // keep = all ones when the subtraction borrowed (the value was already below p).
        ulong keep = 0UL - b3;
        return new U256(
            s0 ^ ((s0 ^ t0) & keep),
            s1 ^ ((s1 ^ t1) & keep),
            s2 ^ ((s2 ^ t2) & keep),
            s3 ^ ((s3 ^ t3) & keep));
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
        // Went negative: add p back (the carry out of the top limb cancels the borrow). Branch-free, as in
        // Reduce: the sign of a difference of random elements is unpredictable.
        ulong mask = 0UL - br3;
        ulong q0 = TP.P0 & mask;
        ulong q1 = TP.P1 & mask;
        ulong q2 = TP.P2 & mask;
        ulong q3 = TP.P3 & mask;
        ulong s0 = d0 + q0;
        ulong c = s0 < d0 ? 1UL : 0UL;
        ulong s1 = d1 + q1;
        ulong c1 = s1 < d1 ? 1UL : 0UL;
        s1 += c;
        c1 |= s1 < c ? 1UL : 0UL;
        ulong s2 = d2 + q2;
        ulong c2 = s2 < d2 ? 1UL : 0UL;
        s2 += c1;
        c2 |= s2 < c1 ? 1UL : 0UL;
        ulong s3 = d3 + q3 + c2;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
