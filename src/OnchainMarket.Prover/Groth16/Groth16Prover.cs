using System.Diagnostics;
using System.Numerics;
using OnchainMarket.Prover.Backends;
using OnchainMarket.Prover.Backends.Native;
using OnchainMarket.Prover.Bn254;
using OnchainMarket.Prover.Files;

namespace OnchainMarket.Prover.Groth16;

/// <summary>
/// snarkjs's Groth16 prover over a loaded .zkey: the proving-key points are handed to the backend once
/// (resident on a GPU) and any number of witnesses can then be proved. H is computed the way snarkjs and
/// rapidsnark do (six FFTs, evaluations on the odd 2n-th roots of unity), which the zkey's H points expect.
/// </summary>
public sealed class Groth16Prover : IDisposable
{
    private readonly ZkeyFile _zkey;
    private readonly IProverBackend _backend;
    private readonly IG1Bases _a;
    private readonly IG1Bases _b1;
    private readonly IG2Bases _b2;
    private readonly IG1Bases _c;
    private readonly IG1Bases _h;
    private readonly Fr[] _shift;

    public Groth16Prover(ZkeyFile zkey, IProverBackend backend)
    {
        _zkey = zkey;
        _backend = backend;
        _a = backend.LoadG1(zkey.A);
        _b1 = backend.LoadG1(zkey.B1);
        _b2 = backend.LoadG2(zkey.B2);
        _c = backend.LoadG1(zkey.C);
        _h = backend.LoadG1(zkey.H);

        // Powers of ω_2n move the evaluations from the n-th roots to the odd 2n-th roots (the coset where
        // x^n = −1), where the vanishing polynomial is the constant −2 and H can be read off directly.
        var n = zkey.DomainSize;
        var omega = Fr.RootOfUnity(zkey.Log2DomainSize + 1);
        _shift = new Fr[n];
        var power = Fr.One;
        for (var i = 0; i < n; i++)
        {
            _shift[i] = power;
            power *= omega;
        }
    }

    public ZkeyFile Zkey => _zkey;

    public string BackendName => _backend.Name;

    /// <summary>Proves with the witness of a .wtns file; <paramref name="source"/> names it in errors.</summary>
    public ProvingResult Prove(WtnsFile witness, string source = "witness", IProgress<ProvingStage>? progress = null, CancellationToken cancellationToken = default)
    {
        if (witness.Prime != Fr.Modulus || witness.N8 != 32)
        {
            throw new ProverInputException(source, "the witness is not over the BN254 scalar field");
        }
        if (witness.Count != _zkey.NVars)
        {
            throw new ProverInputException(source, $"the witness has {witness.Count} values but the zkey's circuit has {_zkey.NVars} signals (a witness of another circuit?)");
        }
        var total = Stopwatch.StartNew();
        var n = _zkey.DomainSize;
        var count = witness.Count;

        // Raw (normal-form) witness words for the coefficient products, Montgomery form for the MSMs.
        var normal = new Fr[count];
        var scalars = new Fr[count];
        var bad = -1;
        Parallel.For(0, (count + 8191) / 8192, block =>
        {
            var end = Math.Min(count, (block + 1) * 8192);
            for (var i = block * 8192; i < end; i++)
            {
                var bytes = witness.Values.AsSpan(i * 32, 32);
                try
                {
                    normal[i] = Fr.FromRawLittleEndian(bytes);
                    scalars[i] = Fr.FromCanonicalLittleEndian(bytes);
                }
                catch (ArgumentException)
                {
                    Interlocked.CompareExchange(ref bad, i, -1);
                }
            }
        });
        if (bad >= 0)
        {
            throw new ProverInputException(source, $"witness value {bad} is not reduced modulo the scalar field");
        }
        if (scalars[0] != Fr.One)
        {
            throw new ProverInputException(source, "witness value 0 (the constant-one signal) is not 1");
        }
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(ProvingStage.Evaluations);
        var stage = Stopwatch.StartNew();
        var a = new Fr[n];
        var b = new Fr[n];
        var coefficients = _zkey.Coefficients;
        Parallel.Invoke(
            () => Accumulate(coefficients, 0, normal, a),
            () => Accumulate(coefficients, 1, normal, b));
        var c = new Fr[n];
        for (var i = 0; i < n; i++)
        {
            c[i] = a[i] * b[i];
        }
        var evaluations = stage.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(ProvingStage.Fft);
        stage.Restart();
        Run(() => ToOddCoset(a), () => ToOddCoset(b), () => ToOddCoset(c));
        var h = a;
        if (NativeKernels.IsLoaded)
        {
            NativeKernels.FrBatch(2, a, b, h);
            NativeKernels.FrBatch(1, h, c, h);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                h[i] = a[i] * b[i] - c[i];
            }
        }
        var fft = stage.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(ProvingStage.Msm);
        // One MSM after the other, each spread over all cores by its windows: every core stays busy and
        // each stage's time is its own (concurrent MSMs would share the cores and blur the timings).
        var nPublic = _zkey.NPublic;
        var tA = Timed(() => _backend.MsmG1(_a, scalars), out var msmA);
        var tB1 = Timed(() => _backend.MsmG1(_b1, scalars), out var msmB1);
        var tB2 = Timed(() => _backend.MsmG2(_b2, scalars), out var msmB2);
        var tC = Timed(() => _backend.MsmG1(_c, scalars.AsSpan(nPublic + 1)), out var msmC);
        var tH = Timed(() => _backend.MsmG1(_h, h), out var msmH);
        cancellationToken.ThrowIfCancellationRequested();

        var r = Fr.Random();
        var s = Fr.Random();
        var piA = G1Projective.FromAffine(_zkey.Alpha1).Add(msmA).Add(G1Projective.Multiply(_zkey.Delta1, r));
        var piB = G2Projective.FromAffine(_zkey.Beta2).Add(msmB2).Add(G2Projective.Multiply(_zkey.Delta2, s));
        var piB1 = G1Projective.FromAffine(_zkey.Beta1).Add(msmB1).Add(G1Projective.Multiply(_zkey.Delta1, s));
        var piC = msmC.Add(msmH)
            .Add(G1Projective.Multiply(piA.ToAffine(), s))
            .Add(G1Projective.Multiply(piB1.ToAffine(), r))
            .Add(G1Projective.Multiply(_zkey.Delta1, r * s).Negate());

        var publicSignals = new BigInteger[nPublic];
        for (var i = 0; i < nPublic; i++)
        {
            publicSignals[i] = new BigInteger(witness.Values.AsSpan((i + 1) * 32, 32), isUnsigned: true, isBigEndian: false);
        }
        progress?.Report(ProvingStage.Done);
        var proof = new Groth16Proof(piA.ToAffine(), piB.ToAffine(), piC.ToAffine());
        return new ProvingResult(proof, publicSignals, new ProvingTimings(evaluations, fft, tA, tB1, tB2, tC, tH, total.Elapsed));
    }

    /// <summary>
    /// The CPU backend's primitives are thread-safe and each is only partly parallel, so independent
    /// ones overlap; another backend (one GPU queue) gets them one after the other.
    /// </summary>
    private void Run(params Action[] actions)
    {
        if (_backend is CpuBackend)
        {
            Parallel.Invoke(actions);
            return;
        }
        foreach (var action in actions)
        {
            action();
        }
    }

    private static TimeSpan Timed<T>(Func<T> action, out T result)
    {
        var watch = Stopwatch.StartNew();
        result = action();
        return watch.Elapsed;
    }

    /// <summary>Σ over one matrix's entries: row[constraint] += coefficient ⊗ w[signal] (a Montgomery product of v·R² and w gives v·w).</summary>
    private static void Accumulate(ZkeyCoefficient[] coefficients, int matrix, Fr[] normal, Fr[] row)
    {
        foreach (ref readonly var coefficient in coefficients.AsSpan())
        {
            if (coefficient.Matrix == matrix)
            {
                row[coefficient.Constraint] += coefficient.Value * normal[coefficient.Signal];
            }
        }
    }

    private void ToOddCoset(Fr[] values)
    {
        _backend.NttInverse(values);
        if (NativeKernels.IsLoaded)
        {
            NativeKernels.FrBatch(2, values, _shift, values);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= _shift[i];
            }
        }
        _backend.NttForward(values);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b1.Dispose();
        _b2.Dispose();
        _c.Dispose();
        _h.Dispose();
    }
}
