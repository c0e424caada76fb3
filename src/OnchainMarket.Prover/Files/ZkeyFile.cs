using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Files;

/// <summary>
/// A snarkjs Groth16 proving key (.zkey) over BN254. Points are kept exactly as stored: coordinates
/// are Montgomery limbs, the same representation as <see cref="Fq"/>, so sections are read straight
/// into the point arrays without converting or copying the file twice.
/// </summary>
public sealed class ZkeyFile
{
    /// <summary>Protocol id of Groth16 in section 1.</summary>
    public const uint Groth16Protocol = 1;

    private const int G1Size = 64;
    private const int G2Size = 128;
    private const int CoefficientSize = 12 + 32;

    public required int NVars { get; init; }

    /// <summary>Public signals (outputs + public inputs), not counting the constant-one wire.</summary>
    public required int NPublic { get; init; }

    public required int DomainSize { get; init; }

    public required G1Affine Alpha1 { get; init; }

    public required G1Affine Beta1 { get; init; }

    public required G2Affine Beta2 { get; init; }

    public required G2Affine Gamma2 { get; init; }

    public required G1Affine Delta1 { get; init; }

    public required G2Affine Delta2 { get; init; }

    /// <summary>Section 3: NPublic + 1 points.</summary>
    public required G1Affine[] IC { get; init; }

    /// <summary>Section 4: the A and B matrix entries, including snarkjs's extra A-row per public signal.</summary>
    public required ZkeyCoefficient[] Coefficients { get; init; }

    /// <summary>Section 5: NVars points.</summary>
    public required G1Affine[] A { get; init; }

    /// <summary>Section 6: NVars points.</summary>
    public required G1Affine[] B1 { get; init; }

    /// <summary>Section 7: NVars points.</summary>
    public required G2Affine[] B2 { get; init; }

    /// <summary>Section 8: NVars − NPublic − 1 points (the private signals).</summary>
    public required G1Affine[] C { get; init; }

    /// <summary>Section 9: DomainSize points.</summary>
    public required G1Affine[] H { get; init; }

    /// <summary>Section 10's circuit hash (64 bytes); null means 64 zero bytes when written.</summary>
    public byte[]? CircuitHash { get; init; }

    public int Log2DomainSize => BitOperations.Log2((uint)DomainSize);

    public static ZkeyFile Read(string path)
    {
        using var file = BinaryContainer.Open(path, "zkey");
        var protocolSection = file.Section(1, "header");
        var protocol = protocolSection.ReadUInt32();
        if (protocol != Groth16Protocol)
        {
            var name = protocol switch { 2 => "PLONK", 10 => "FFLONK", _ => $"protocol id {protocol}" };
            throw new ProverInputException(path, $"the zkey is for {name}, not Groth16");
        }

        var header = file.Section(2, "Groth16 header");
        var n8q = header.ReadUInt32();
        if (n8q != 32)
        {
            throw header.Error($"base field of {n8q} bytes: only BN254 (bn128) is supported");
        }
        var q = new BigInteger(header.ReadBytes(32), isUnsigned: true, isBigEndian: false);
        var n8r = header.ReadUInt32();
        if (n8r != 32)
        {
            throw header.Error($"scalar field of {n8r} bytes: only BN254 (bn128) is supported");
        }
        var r = new BigInteger(header.ReadBytes(32), isUnsigned: true, isBigEndian: false);
        if (q != Fq.Modulus || r != Fr.Modulus)
        {
            throw header.Error("the zkey is for another curve: only BN254 (bn128) is supported");
        }
        var nVars = header.ReadUInt32();
        var nPublic = header.ReadUInt32();
        var domainSize = header.ReadUInt32();
        if (nVars == 0 || nVars > int.MaxValue || nPublic >= nVars)
        {
            throw header.Error($"inconsistent sizes: {nVars} signals with {nPublic} public");
        }
        if (domainSize == 0 || !BitOperations.IsPow2(domainSize) || domainSize > (1u << Fr.MaxLog2Domain) || domainSize <= nPublic)
        {
            throw header.Error($"domain size {domainSize} is not a power of two up to 2^{Fr.MaxLog2Domain} above the public count");
        }
        var alpha1 = ReadPoints<G1Affine>(header, 1, G1Size, "alpha1")[0];
        var beta1 = ReadPoints<G1Affine>(header, 1, G1Size, "beta1")[0];
        var beta2 = ReadPoints<G2Affine>(header, 1, G2Size, "beta2")[0];
        var gamma2 = ReadPoints<G2Affine>(header, 1, G2Size, "gamma2")[0];
        var delta1 = ReadPoints<G1Affine>(header, 1, G1Size, "delta1")[0];
        var delta2 = ReadPoints<G2Affine>(header, 1, G2Size, "delta2")[0];

        var n = (int)nVars;
        var p = (int)nPublic;
        var d = (int)domainSize;
        var coefficients = ReadCoefficients(file.Section(4, "coefficients"), n, d);
        var ic = ReadSection<G1Affine>(file, 3, "IC", p + 1, G1Size);
        var a = ReadSection<G1Affine>(file, 5, "A", n, G1Size);
        var b1 = ReadSection<G1Affine>(file, 6, "B1", n, G1Size);
        var b2 = ReadSection<G2Affine>(file, 7, "B2", n, G2Size);
        var c = ReadSection<G1Affine>(file, 8, "C", n - p - 1, G1Size);
        var h = ReadSection<G1Affine>(file, 9, "H", d, G1Size);
        byte[]? circuitHash = null;
        if (file.Has(10))
        {
            var contributions = file.Section(10, "contributions");
            if (contributions.Remaining >= 64)
            {
                circuitHash = contributions.ReadBytes(64);
            }
        }

        return new ZkeyFile
        {
            NVars = n,
            NPublic = p,
            DomainSize = d,
            Alpha1 = alpha1,
            Beta1 = beta1,
            Beta2 = beta2,
            Gamma2 = gamma2,
            Delta1 = delta1,
            Delta2 = delta2,
            IC = ic,
            Coefficients = coefficients,
            A = a,
            B1 = b1,
            B2 = b2,
            C = c,
            H = h,
            CircuitHash = circuitHash,
        };
    }

    private static T[] ReadSection<T>(BinaryContainer file, uint id, string what, int count, int size) where T : struct
    {
        var section = file.Section(id, what);
        section.ExpectRemaining((long)count * size, $"{count} points");
        return ReadPoints<T>(section, count, size, what);
    }

    /// <summary>Reads points straight into their array (the in-memory layout is the file's) and checks them.</summary>
    private static T[] ReadPoints<T>(SectionReader section, int count, int size, string what) where T : struct
    {
        if (Marshal.SizeOf<T>() != size || !BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("point layout differs from the zkey layout");
        }
        var points = new T[count];
        var bytes = MemoryMarshal.AsBytes(points.AsSpan());
        const int chunk = 1 << 20;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            section.Read(bytes.Slice(offset, Math.Min(chunk, bytes.Length - offset)));
        }
        var bad = -1;
        Parallel.For(0, (count + 4095) / 4096, (block, state) =>
        {
            var end = Math.Min(count, (block + 1) * 4096);
            for (var i = block * 4096; i < end; i++)
            {
                var ok = typeof(T) == typeof(G1Affine)
                    ? Unsafe.As<T, G1Affine>(ref points[i]).IsOnCurve()
                    : Unsafe.As<T, G2Affine>(ref points[i]).IsOnCurve();
                if (!ok)
                {
                    Interlocked.CompareExchange(ref bad, i, -1);
                    state.Stop();
                    return;
                }
            }
        });
        if (bad >= 0)
        {
            throw section.Error($"{what} point {bad} is not on the BN254 curve (or a coordinate is not reduced)");
        }
        return points;
    }

    private static ZkeyCoefficient[] ReadCoefficients(SectionReader section, int nVars, int domainSize)
    {
        var count = section.ReadUInt32();
        section.ExpectRemaining((long)count * CoefficientSize, $"{count} coefficients");
        var result = new ZkeyCoefficient[count];
        string? problem = null;
        section.ReadRecords(count, CoefficientSize, (chunk, first) =>
        {
            for (var i = 0; i * CoefficientSize < chunk.Length && problem is null; i++)
            {
                var record = chunk.Slice(i * CoefficientSize, CoefficientSize);
                var matrix = BinaryPrimitives.ReadUInt32LittleEndian(record);
                var constraint = BinaryPrimitives.ReadUInt32LittleEndian(record[4..]);
                var signal = BinaryPrimitives.ReadUInt32LittleEndian(record[8..]);
                var index = first + i;
                if (matrix > 1)
                {
                    problem = $"coefficient {index} names matrix {matrix} (only 0 = A and 1 = B exist)";
                }
                else if (constraint >= domainSize)
                {
                    problem = $"coefficient {index} names constraint {constraint}, beyond the domain of {domainSize}";
                }
                else if (signal >= nVars)
                {
                    problem = $"coefficient {index} names signal {signal}, beyond the {nVars} signals";
                }
                else
                {
                    try
                    {
                        result[index] = new ZkeyCoefficient((int)matrix, (int)constraint, (int)signal, Fr.FromRawLittleEndian(record[12..]));
                    }
                    catch (ArgumentException)
                    {
                        problem = $"coefficient {index} is not reduced modulo the scalar field";
                    }
                }
            }
        });
        if (problem is not null)
        {
            throw section.Error(problem);
        }
        return result;
    }

    /// <summary>Writes a snarkjs-compatible Groth16 zkey (sections 1–10, no contributions).</summary>
    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new BinaryWriter(stream);
        writer.Write("zkey"u8);
        writer.Write(1u);
        writer.Write(10u);

        Section(1, w => w.Write(Groth16Protocol));
        Section(2, w =>
        {
            w.Write(32u);
            w.Write(Bytes32(Fq.Modulus));
            w.Write(32u);
            w.Write(Bytes32(Fr.Modulus));
            w.Write((uint)NVars);
            w.Write((uint)NPublic);
            w.Write((uint)DomainSize);
            WritePoints(w, [Alpha1]);
            WritePoints(w, [Beta1]);
            WritePoints(w, [Beta2]);
            WritePoints(w, [Gamma2]);
            WritePoints(w, [Delta1]);
            WritePoints(w, [Delta2]);
        });
        Section(3, w => WritePoints(w, IC));
        Section(4, w =>
        {
            w.Write((uint)Coefficients.Length);
            Span<byte> value = stackalloc byte[32];
            foreach (var c in Coefficients)
            {
                w.Write((uint)c.Matrix);
                w.Write((uint)c.Constraint);
                w.Write((uint)c.Signal);
                c.Value.WriteRawLittleEndian(value);
                w.Write(value);
            }
        });
        Section(5, w => WritePoints(w, A));
        Section(6, w => WritePoints(w, B1));
        Section(7, w => WritePoints(w, B2));
        Section(8, w => WritePoints(w, C));
        Section(9, w => WritePoints(w, H));
        Section(10, w =>
        {
            w.Write(CircuitHash ?? new byte[64]);
            w.Write(0u);
        });

        void Section(uint id, Action<BinaryWriter> body)
        {
            writer.Write(id);
            var sizePosition = stream.Position;
            writer.Write(0UL);
            body(writer);
            writer.Flush();
            var end = stream.Position;
            stream.Position = sizePosition;
            writer.Write((ulong)(end - sizePosition - 8));
            writer.Flush();
            stream.Position = end;
        }
    }

    private static void WritePoints<T>(BinaryWriter writer, T[] points) where T : struct =>
        writer.Write(MemoryMarshal.AsBytes(points.AsSpan()));

    private static byte[] Bytes32(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }
}
