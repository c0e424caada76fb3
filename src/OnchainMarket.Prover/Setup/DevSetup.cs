using System.Numerics;
using System.Security.Cryptography;
using OnchainMarket.Prover.Bn254;
using OnchainMarket.Prover.Files;

namespace OnchainMarket.Prover.Setup;

/// <summary>
/// A single-party Groth16 setup that writes snarkjs-format zkeys. FOR DEVELOPMENT ONLY: the toxic
/// waste is known to this process, so anyone holding it could prove false statements.
/// The key matches snarkjs's prover: section 4 holds the A and B entries plus one A-row per public
/// signal (and the one-wire) after the constraints, and the H points are the ones the six-FFT H
/// computation multiplies (evaluations on the odd 2n-th roots of unity).
/// </summary>
public static class DevSetup
{
    public static ZkeyFile Create(R1csFile r1cs, ToxicWaste waste, byte[]? circuitHash = null, IProgress<string>? progress = null)
    {
        var nConstraints = r1cs.Constraints.Count;
        var nPublic = r1cs.NPublic;
        var nVars = r1cs.NWires;
        // snarkjs: 2^(floor(log2(nConstraints + nPublic)) + 1), the smallest power of two above the rows used.
        var log2 = BitOperations.Log2((uint)Math.Max(1, nConstraints + nPublic)) + 1;
        if (log2 > Fr.MaxLog2Domain)
        {
            throw new ArgumentException($"the circuit needs a domain of 2^{log2}, above BN254's 2^{Fr.MaxLog2Domain}", nameof(r1cs));
        }
        var n = 1 << log2;

        progress?.Report($"Lagrange basis at tau over 2^{log2}");
        var lagrange = LagrangeAt(waste.Tau, log2, coset: false);

        progress?.Report("QAP evaluations");
        var u = new Fr[nVars];
        var v = new Fr[nVars];
        var w = new Fr[nVars];
        var rR = Fr.FromBigInteger(BigInteger.ModPow(2, 256, Fr.Modulus));
        var coefficients = new List<ZkeyCoefficient>();
        for (var c = 0; c < nConstraints; c++)
        {
            var constraint = r1cs.Constraints[c];
            var l = lagrange[c];
            for (var k = 0; k < constraint.A.Wires.Length; k++)
            {
                var s = constraint.A.Wires[k];
                u[s] += constraint.A.Coefficients[k] * l;
                coefficients.Add(new ZkeyCoefficient(0, c, s, constraint.A.Coefficients[k] * rR));
            }
            for (var k = 0; k < constraint.B.Wires.Length; k++)
            {
                var s = constraint.B.Wires[k];
                v[s] += constraint.B.Coefficients[k] * l;
                coefficients.Add(new ZkeyCoefficient(1, c, s, constraint.B.Coefficients[k] * rR));
            }
            for (var k = 0; k < constraint.C.Wires.Length; k++)
            {
                w[constraint.C.Wires[k]] += constraint.C.Coefficients[k] * l;
            }
        }
        // The extra rows pin each public signal (and the one-wire) into A, which keeps the public
        // inputs' polynomials linearly independent (snarkjs adds the same rows).
        for (var s = 0; s <= nPublic; s++)
        {
            u[s] += lagrange[nConstraints + s];
            coefficients.Add(new ZkeyCoefficient(0, nConstraints + s, s, rR));
        }

        var gammaInverse = waste.Gamma.Inverse();
        var deltaInverse = waste.Delta.Inverse();
        var icScalars = new Fr[nPublic + 1];
        var cScalars = new Fr[nVars - nPublic - 1];
        for (var s = 0; s < nVars; s++)
        {
            var combined = (waste.Beta * u[s]) + (waste.Alpha * v[s]) + w[s];
            if (s <= nPublic)
            {
                icScalars[s] = combined * gammaInverse;
            }
            else
            {
                cScalars[s - nPublic - 1] = combined * deltaInverse;
            }
        }

        // H_i = (τ^2n − 1)/(2n·δ) · x_i/(τ − x_i) for x_i = ω_2n^(2i+1): the prover's H-msm multiplies
        // these by (A·B − C)(x_i) = −2·t(x_i), which sums to t(τ)·Z(τ)/δ.
        progress?.Report("H points");
        var hScalars = LagrangeAt(waste.Tau, log2, coset: true);
        var tauN = waste.Tau.Pow(n);
        var hFactor = (tauN * tauN - Fr.One) * (Fr.FromBigInteger(2 * n) * waste.Delta).Inverse();
        for (var i = 0; i < n; i++)
        {
            hScalars[i] *= hFactor;
        }

        progress?.Report($"G1 points ({4 * nVars + n})");
        var g1 = G1Affine.Generator;
        var g2 = G2Affine.Generator;
        var a = FixedBaseMultiplier.G1(g1, u);
        var b1 = FixedBaseMultiplier.G1(g1, v);
        var ic = FixedBaseMultiplier.G1(g1, icScalars);
        var cPoints = FixedBaseMultiplier.G1(g1, cScalars);
        var h = FixedBaseMultiplier.G1(g1, hScalars);
        progress?.Report($"G2 points ({nVars})");
        var b2 = FixedBaseMultiplier.G2(g2, v);
        var single1 = FixedBaseMultiplier.G1(g1, [waste.Alpha, waste.Beta, waste.Delta]);
        var single2 = FixedBaseMultiplier.G2(g2, [waste.Beta, waste.Gamma, waste.Delta]);

        return new ZkeyFile
        {
            NVars = nVars,
            NPublic = nPublic,
            DomainSize = n,
            Alpha1 = single1[0],
            Beta1 = single1[1],
            Delta1 = single1[2],
            Beta2 = single2[0],
            Gamma2 = single2[1],
            Delta2 = single2[2],
            IC = ic,
            Coefficients = coefficients.ToArray(),
            A = a,
            B1 = b1,
            B2 = b2,
            C = cPoints,
            H = h,
            CircuitHash = circuitHash,
        };
    }

    /// <summary>Reads an .r1cs, makes a key from fresh toxic waste and writes it as a .zkey.</summary>
    public static ZkeyFile CreateFile(string r1csPath, string zkeyPath, IProgress<string>? progress = null)
    {
        var r1cs = R1csFile.Read(r1csPath);
        var hash = SHA512.HashData(File.ReadAllBytes(r1csPath));
        var zkey = Create(r1cs, ToxicWaste.Random(), hash, progress);
        zkey.Write(zkeyPath);
        return zkey;
    }

    /// <summary>
    /// x_i/(τ − x_i) scaled into Lagrange basis values at τ. Plain domain (x_i = ω^i): L_i(τ) = (τ^n − 1)/n · x_i/(τ − x_i).
    /// Odd coset (x_i = ω_2n^(2i+1)): returns x_i/(τ − x_i) unscaled; the caller applies its factor.
    /// </summary>
    private static Fr[] LagrangeAt(Fr tau, int log2, bool coset)
    {
        var n = 1 << log2;
        var omega = Fr.RootOfUnity(log2);
        var x = coset ? Fr.RootOfUnity(log2 + 1) : Fr.One;
        var points = new Fr[n];
        var denominators = new Fr[n];
        for (var i = 0; i < n; i++)
        {
            points[i] = x;
            denominators[i] = tau - x;
            if (denominators[i].IsZero)
            {
                throw new InvalidOperationException("tau landed on a root of unity; run the setup again");
            }
            x *= omega;
        }
        Fr.BatchInverse(denominators);
        var scale = coset ? Fr.One : (tau.Pow(n) - Fr.One) * Fr.FromBigInteger(n).Inverse();
        for (var i = 0; i < n; i++)
        {
            points[i] = points[i] * denominators[i] * scale;
        }
        return points;
    }
}
