namespace OnchainMarket.Indexer.Ingest.Backfill;

/// <summary>
/// Chooses the block count of the next eth_getLogs range from what the previous answers held: the logs and bytes
/// per block seen so far, so that an answer stays near the target before it is asked for. A range grows at most
/// fourfold per answer (a quiet stretch says little about the next one) and shrinks at once when the chain gets
/// denser; an answer cut off at its limit, a node error or a timeout shrinks it to a quarter.
/// </summary>
internal sealed class RangeSizer
{
    private const double Smoothing = 0.5;
    private readonly int _maxBlocks;
    private readonly int _targetLogs;
    private readonly long _targetBytes;
    private double _logsPerBlock = -1;
    private double _bytesPerBlock = -1;

    public RangeSizer(int initialBlocks, int maxBlocks, int targetLogs, long targetBytes)
    {
        _maxBlocks = Math.Max(1, maxBlocks);
        _targetLogs = Math.Max(1, targetLogs);
        _targetBytes = Math.Max(1, targetBytes);
        Blocks = Math.Clamp(initialBlocks, 1, _maxBlocks);
    }

    /// <summary>The block count of the next range.</summary>
    public int Blocks { get; private set; }

    /// <summary>An answer of <paramref name="logs"/> logs in <paramref name="bytes"/> bytes for <paramref name="blocks"/> blocks.</summary>
    public void Observe(int blocks, int logs, long bytes)
    {
        var logRate = (double)logs / blocks;
        var byteRate = (double)bytes / blocks;
        // A denser stretch counts in full at once; a sparser one only half, so one quiet range does not open the gates.
        _logsPerBlock = _logsPerBlock < 0 || logRate > _logsPerBlock ? logRate : Smoothing * _logsPerBlock + (1 - Smoothing) * logRate;
        _bytesPerBlock = _bytesPerBlock < 0 || byteRate > _bytesPerBlock ? byteRate : Smoothing * _bytesPerBlock + (1 - Smoothing) * byteRate;
        var byLogs = _logsPerBlock > 0 ? _targetLogs / _logsPerBlock : double.MaxValue;
        var byBytes = _bytesPerBlock > 0 ? _targetBytes / _bytesPerBlock : double.MaxValue;
        var wanted = Math.Min(Math.Min(byLogs, byBytes), (double)blocks * 4);
        Blocks = (int)Math.Clamp(Math.Floor(wanted), 1, _maxBlocks);
    }

    /// <summary>The answer for <paramref name="blocks"/> blocks failed or passed its limit.</summary>
    public void Shrink(int blocks) => Blocks = Math.Max(1, Math.Min(Blocks, blocks) / 4);

    /// <summary>The node does not have the range's end yet.</summary>
    public void Halve() => Blocks = Math.Max(1, Blocks / 2);
}
