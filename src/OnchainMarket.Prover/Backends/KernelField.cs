using System.Runtime.CompilerServices;
using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Backends;

/// <summary>
/// 256-bit Montgomery arithmetic written for ILGPU kernels: only primitive ulong operations (no
/// Math.BigMul, no spans, no <c>in</c>/<c>out</c>), so the identical code compiles for the CUDA
/// backend (PTX) and for ILGPU's CPU accelerator. The modulus travels as arguments so one routine
/// serves Fq (curve coordinates) and Fr (NTT).
/// </summary>
internal static class KernelField
{
    public const ulong Q0 = 0x3c208c16d87cfd47UL;
    public const ulong Q1 = 0x97816a916871ca8dUL;
    public const ulong Q2 = 0xb85045b68181585dUL;
    public const ulong Q3 = 0x30644e72e131a029UL;
    public const ulong QInv = 0x87d20782e4866389UL;

    public const ulong R0 = 0x43e1f593f0000001UL;
    public const ulong R1 = 0x2833e84879b97091UL;
    public const ulong R2 = 0xb85045b68181585dUL;
    public const ulong R3 = 0x30644e72e131a029UL;
    public const ulong RInv = 0xc2e1f593efffffffUL;

    /// <summary>Montgomery form of one in Fq.</summary>
    public static U256 FqOne => new(0xd35d438dc58f0d9dUL, 0x0a78eb28f5c70b3dUL, 0x666ea36f7879462cUL, 0x0e0a77c19a07df2fUL);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 FqMul(U256 a, U256 b) => Mul(a, b, Q0, Q1, Q2, Q3, QInv);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 FqAdd(U256 a, U256 b) => Add(a, b, Q0, Q1, Q2, Q3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 FqSub(U256 a, U256 b) => Sub(a, b, Q0, Q1, Q2, Q3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 FqNeg(U256 a) => IsZero(a) ? a : Sub(default, a, Q0, Q1, Q2, Q3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 FrMul(U256 a, U256 b) => Mul(a, b, R0, R1, R2, R3, RInv);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 FrAdd(U256 a, U256 b) => Add(a, b, R0, R1, R2, R3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 FrSub(U256 a, U256 b) => Sub(a, b, R0, R1, R2, R3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(U256 a) => (a.L0 | a.L1 | a.L2 | a.L3) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Eq(U256 a, U256 b) => ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3)) == 0;

    /// <summary>High 64 bits of a·b from four 32×32 products (portable: no 128-bit intrinsic).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulHi(ulong a, ulong b)
    {
        ulong aL = a & 0xffffffffUL;
        ulong aH = a >> 32;
        ulong bL = b & 0xffffffffUL;
        ulong bH = b >> 32;
        ulong ll = aL * bL;
        ulong lh = aL * bH;
        ulong hl = aH * bL;
        ulong hh = aH * bH;
        ulong mid = (ll >> 32) + (lh & 0xffffffffUL) + (hl & 0xffffffffUL);
        return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    }

    /// <summary>CIOS "no-carry" Montgomery product, the same algorithm as the CPU path.</summary>
    public static U256 Mul(U256 a, U256 b, ulong p0, ulong p1, ulong p2, ulong p3, ulong inv)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        for (int i = 0; i < 4; i++)
        {
            ulong bi = i == 0 ? b.L0 : i == 1 ? b.L1 : i == 2 ? b.L2 : b.L3;

            // (A, t0) = t0 + a0·bi
            ulong lo = a.L0 * bi;
            ulong hiA = MulHi(a.L0, bi);
            lo += t0;
            hiA += lo < t0 ? 1UL : 0UL;
            ulong u0 = lo;
            ulong m = u0 * inv;

            // (C, _) = u0 + m·p0
            ulong mlo = m * p0;
            ulong hiC = MulHi(m, p0);
            mlo += u0;
            hiC += mlo < u0 ? 1UL : 0UL;

            // j = 1..3: (A, t_j) = t_j + a_j·bi + A; (C, t_{j−1}) = t_j + m·p_j + C
            ulong u1 = MulAdd2(a.L1, bi, t1, hiA, out hiA);
            t0 = MulAdd2(m, p1, u1, hiC, out hiC);
            ulong u2 = MulAdd2(a.L2, bi, t2, hiA, out hiA);
            t1 = MulAdd2(m, p2, u2, hiC, out hiC);
            ulong u3 = MulAdd2(a.L3, bi, t3, hiA, out hiA);
            t2 = MulAdd2(m, p3, u3, hiC, out hiC);
            t3 = hiC + hiA;
        }

        return Reduce(t0, t1, t2, t3, p0, p1, p2, p3);
    }

    /// <summary>Returns the low word of a·b + c + d and writes the high word to <paramref name="hi"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd2(ulong a, ulong b, ulong c, ulong d, out ulong hi)
    {
        ulong lo = a * b;
        ulong h = MulHi(a, b);
        lo += c;
        h += lo < c ? 1UL : 0UL;
        lo += d;
        h += lo < d ? 1UL : 0UL;
        hi = h;
        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static U256 Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong p0, ulong p1, ulong p2, ulong p3)
    {
        ulong s0 = t0 - p0;
        ulong b0 = t0 < p0 ? 1UL : 0UL;
        ulong s1 = t1 - p1;
        ulong b1 = (t1 < p1 ? 1UL : 0UL) | (s1 < b0 ? 1UL : 0UL);
        s1 -= b0;
        ulong s2 = t2 - p2;
        ulong b2 = (t2 < p2 ? 1UL : 0UL) | (s2 < b1 ? 1UL : 0UL);
        s2 -= b1;
        ulong s3 = t3 - p3;
        ulong b3 = (t3 < p3 ? 1UL : 0UL) | (s3 < b2 ? 1UL : 0UL);
        s3 -= b2;
        return b3 != 0 ? new U256(t0, t1, t2, t3) : new U256(s0, s1, s2, s3);
    }

    public static U256 Add(U256 a, U256 b, ulong p0, ulong p1, ulong p2, ulong p3)
    {
        ulong s0 = a.L0 + b.L0;
        ulong c0 = s0 < a.L0 ? 1UL : 0UL;
        ulong s1 = a.L1 + b.L1;
        ulong c1 = s1 < a.L1 ? 1UL : 0UL;
        s1 += c0;
        c1 |= s1 < c0 ? 1UL : 0UL;
        ulong s2 = a.L2 + b.L2;
        ulong c2 = s2 < a.L2 ? 1UL : 0UL;
        s2 += c1;
        c2 |= s2 < c1 ? 1UL : 0UL;
        ulong s3 = a.L3 + b.L3 + c2;
        return Reduce(s0, s1, s2, s3, p0, p1, p2, p3);
    }

    public static U256 Sub(U256 a, U256 b, ulong p0, ulong p1, ulong p2, ulong p3)
    {
        ulong d0 = a.L0 - b.L0;
        ulong br0 = a.L0 < b.L0 ? 1UL : 0UL;
        ulong d1 = a.L1 - b.L1;
        ulong br1 = (a.L1 < b.L1 ? 1UL : 0UL) | (d1 < br0 ? 1UL : 0UL);
        d1 -= br0;
        ulong d2 = a.L2 - b.L2;
        ulong br2 = (a.L2 < b.L2 ? 1UL : 0UL) | (d2 < br1 ? 1UL : 0UL);
        d2 -= br1;
        ulong d3 = a.L3 - b.L3;
        ulong br3 = (a.L3 < b.L3 ? 1UL : 0UL) | (d3 < br2 ? 1UL : 0UL);
        d3 -= br2;
        if (br3 == 0)
        {
            return new U256(d0, d1, d2, d3);
        }

        ulong s0 = d0 + p0;
        ulong c0 = s0 < d0 ? 1UL : 0UL;
        ulong s1 = d1 + p1;
        ulong c1 = s1 < d1 ? 1UL : 0UL;
        s1 += c0;
        c1 |= s1 < c0 ? 1UL : 0UL;
        ulong s2 = d2 + p2;
        ulong c2 = s2 < d2 ? 1UL : 0UL;
        s2 += c1;
        c2 |= s2 < c1 ? 1UL : 0UL;
        ulong s3 = d3 + p3 + c2;
        return new U256(s0, s1, s2, s3);
    }
}
