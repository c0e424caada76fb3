using System.Numerics;
using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Files;

/// <summary>
/// A circom constraint system (.r1cs). Wire 0 is the constant one, then public outputs, public
/// inputs, private inputs, then internal wires. Each constraint is A·w × B·w = C·w.
/// </summary>
public sealed class R1csFile
{
    private R1csFile(int nWires, int nPubOut, int nPubIn, int nPrvIn, long nLabels, R1csConstraint[] constraints)
    {
        NWires = nWires;
        NPubOut = nPubOut;
        NPubIn = nPubIn;
        NPrvIn = nPrvIn;
        NLabels = nLabels;
        Constraints = constraints;
    }

    public int NWires { get; }

    public int NPubOut { get; }

    public int NPubIn { get; }

    public int NPrvIn { get; }

    public long NLabels { get; }

    /// <summary>Public signals, not counting the constant-one wire: outputs + public inputs.</summary>
    public int NPublic => NPubOut + NPubIn;

    public IReadOnlyList<R1csConstraint> Constraints { get; }

    public static R1csFile Read(string path)
    {
        using var file = BinaryContainer.Open(path, "r1cs");
        var header = file.Section(1, "header");
        var n8 = header.ReadUInt32();
        if (n8 != 32)
        {
            throw header.Error($"field size {n8} bytes: only BN254 (32 bytes) is supported");
        }
        var prime = new BigInteger(header.ReadBytes(32), isUnsigned: true, isBigEndian: false);
        if (prime != Fr.Modulus)
        {
            throw header.Error($"the prime {prime} is not the BN254 scalar field (compile with -p bn128)");
        }
        var nWires = header.ReadUInt32();
        var nPubOut = header.ReadUInt32();
        var nPubIn = header.ReadUInt32();
        var nPrvIn = header.ReadUInt32();
        var nLabels = header.ReadUInt64();
        var nConstraints = header.ReadUInt32();
        if (nWires == 0 || nPubOut + nPubIn + nPrvIn >= nWires || nWires > int.MaxValue || nConstraints > int.MaxValue)
        {
            throw header.Error($"inconsistent counts: {nWires} wires, {nPubOut} outputs, {nPubIn} public and {nPrvIn} private inputs");
        }

        var body = file.Section(2, "constraints");
        var constraints = new R1csConstraint[nConstraints];
        var value = new byte[32];
        for (var c = 0; c < constraints.Length; c++)
        {
            constraints[c] = new R1csConstraint(ReadCombination(), ReadCombination(), ReadCombination());
        }
        if (body.Remaining != 0)
        {
            throw body.Error($"{body.Remaining} bytes left over after {nConstraints} constraints");
        }
        return new R1csFile((int)nWires, (int)nPubOut, (int)nPubIn, (int)nPrvIn, (long)nLabels, constraints);

        R1csLinearCombination ReadCombination()
        {
            var count = body.ReadUInt32();
            if ((long)count * 36 > body.Remaining)
            {
                throw body.Error($"truncated: a linear combination of {count} terms does not fit");
            }
            var wires = new int[count];
            var coefficients = new Fr[count];
            for (var i = 0; i < count; i++)
            {
                var wire = body.ReadUInt32();
                if (wire >= nWires)
                {
                    throw body.Error($"wire {wire} is out of range (the circuit has {nWires} wires)");
                }
                body.Read(value);
                wires[i] = (int)wire;
                try
                {
                    coefficients[i] = Fr.FromCanonicalLittleEndian(value);
                }
                catch (ArgumentException e)
                {
                    throw new ProverInputException(path, $"section 2 (constraints): a coefficient is not reduced modulo the field prime", e);
                }
            }
            return new R1csLinearCombination(wires, coefficients);
        }
    }
}
