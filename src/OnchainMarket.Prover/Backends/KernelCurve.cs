using System.Runtime.CompilerServices;
using OnchainMarket.Prover.Bn254;
using static OnchainMarket.Prover.Backends.KernelField;

namespace OnchainMarket.Prover.Backends;

/// <summary>
/// The G1 group law for kernels: the same EFD formulas as <see cref="CurveMath{TF}"/> (dbl-2009-l,
/// add-2007-bl, madd-2007-bl) on <see cref="KernelField"/> so it compiles for every ILGPU backend.
/// </summary>
internal static class KernelCurve
{
    public static KernelJacobian Infinity => new(FqOne, FqOne, default);

    public static bool IsInfinity(KernelJacobian p) => IsZero(p.Z);

    // Not inlined: keeps the kernels (and their PTX compile time) small; each formula is one device function.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static KernelJacobian Double(KernelJacobian p)
    {
        if (IsZero(p.Z) || IsZero(p.Y))
        {
            return Infinity;
        }

        U256 a = FqMul(p.X, p.X);
        U256 b = FqMul(p.Y, p.Y);
        U256 c = FqMul(b, b);
        U256 xb = FqAdd(p.X, b);
        U256 d = FqSub(FqSub(FqMul(xb, xb), a), c);
        d = FqAdd(d, d);
        U256 e = FqAdd(FqAdd(a, a), a);
        U256 f = FqMul(e, e);
        U256 x3 = FqSub(f, FqAdd(d, d));
        U256 c2 = FqAdd(c, c);
        U256 c4 = FqAdd(c2, c2);
        U256 c8 = FqAdd(c4, c4);
        U256 y3 = FqSub(FqMul(e, FqSub(d, x3)), c8);
        U256 yz = FqMul(p.Y, p.Z);
        return new KernelJacobian(x3, y3, FqAdd(yz, yz));
    }

    /// <summary>p + (x, y) for an affine, non-infinity (x, y).</summary>
    // Not inlined: keeps the kernels (and their PTX compile time) small; each formula is one device function.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static KernelJacobian AddMixed(KernelJacobian p, U256 x, U256 y)
    {
        if (IsZero(p.Z))
        {
            return new KernelJacobian(x, y, FqOne);
        }

        U256 z1z1 = FqMul(p.Z, p.Z);
        U256 u2 = FqMul(x, z1z1);
        U256 s2 = FqMul(FqMul(y, p.Z), z1z1);
        U256 h = FqSub(u2, p.X);
        U256 r = FqSub(s2, p.Y);
        r = FqAdd(r, r);
        if (IsZero(h))
        {
            return IsZero(r) ? Double(p) : Infinity;
        }

        U256 hh = FqMul(h, h);
        U256 i = FqAdd(hh, hh);
        i = FqAdd(i, i);
        U256 j = FqMul(h, i);
        U256 v = FqMul(p.X, i);
        U256 x3 = FqSub(FqSub(FqMul(r, r), j), FqAdd(v, v));
        U256 yj = FqMul(p.Y, j);
        U256 y3 = FqSub(FqMul(r, FqSub(v, x3)), FqAdd(yj, yj));
        U256 zh = FqAdd(p.Z, h);
        U256 z3 = FqSub(FqSub(FqMul(zh, zh), z1z1), hh);
        return new KernelJacobian(x3, y3, z3);
    }

    // Not inlined: keeps the kernels (and their PTX compile time) small; each formula is one device function.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static KernelJacobian Add(KernelJacobian p, KernelJacobian q)
    {
        if (IsZero(p.Z))
        {
            return q;
        }

        if (IsZero(q.Z))
        {
            return p;
        }

        U256 z1z1 = FqMul(p.Z, p.Z);
        U256 z2z2 = FqMul(q.Z, q.Z);
        U256 u1 = FqMul(p.X, z2z2);
        U256 u2 = FqMul(q.X, z1z1);
        U256 s1 = FqMul(FqMul(p.Y, q.Z), z2z2);
        U256 s2 = FqMul(FqMul(q.Y, p.Z), z1z1);
        U256 h = FqSub(u2, u1);
        U256 r = FqSub(s2, s1);
        r = FqAdd(r, r);
        if (IsZero(h))
        {
            return IsZero(r) ? Double(p) : Infinity;
        }

        U256 h2 = FqAdd(h, h);
        U256 i = FqMul(h2, h2);
        U256 j = FqMul(h, i);
        U256 v = FqMul(u1, i);
        U256 x3 = FqSub(FqSub(FqMul(r, r), j), FqAdd(v, v));
        U256 s1j = FqMul(s1, j);
        U256 y3 = FqSub(FqMul(r, FqSub(v, x3)), FqAdd(s1j, s1j));
        U256 zz = FqAdd(p.Z, q.Z);
        U256 z3 = FqMul(FqSub(FqSub(FqMul(zz, zz), z1z1), z2z2), h);
        return new KernelJacobian(x3, y3, z3);
    }
}
