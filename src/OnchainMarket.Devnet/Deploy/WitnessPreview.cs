using System.Globalization;
using System.Numerics;
using System.Text;
using OnchainMarket.Prover.Witness;

namespace OnchainMarket.Devnet.Deploy;

/// <summary>
/// Computes a circuit's public signals from an input without proving (witness entries 1..n), so a
/// requester can state the public inputs its request must be proved against.
/// </summary>
public static class WitnessPreview
{
    public static BigInteger[] PublicSignals(string wasmPath, string inputJson, int publicCount)
    {
        using var calculator = new WitnessCalculator(wasmPath);
        var witness = calculator.Calculate(CircuitInput.Parse(inputJson, "input"));
        var values = new BigInteger[publicCount];
        for (var i = 0; i < publicCount; i++)
        {
            values[i] = new BigInteger(witness.Values.AsSpan((i + 1) * witness.N8, witness.N8), isUnsigned: true, isBigEndian: false);
        }
        return values;
    }

    /// <summary>
    /// A rollup batch: its transactions, the new root and batch hash (from the preview circuit) and
    /// the input JSON for the rollup circuit.
    /// </summary>
    public static (BigInteger NewRoot, BigInteger BatchHash, string InputJson) RollupBatch(string previewWasm, BigInteger oldRoot, IReadOnlyList<BigInteger> txs)
    {
        var txList = string.Join(", ", txs.Select(t => $"\"{t.ToString(CultureInfo.InvariantCulture)}\""));
        var preview = PublicSignals(previewWasm, $"{{\"oldRoot\": \"{oldRoot}\", \"txs\": [{txList}]}}", 2);
        var (newRoot, batchHash) = (preview[0], preview[1]);
        var input = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{{\"oldRoot\": \"{oldRoot}\", \"newRoot\": \"{newRoot}\", \"batchHash\": \"{batchHash}\", \"txs\": [{txList}]}}")
            .ToString();
        return (newRoot, batchHash, input);
    }
}
