using System.Globalization;
using OnchainMarket.Indexer.Ingest;

namespace OnchainMarket.Cli.Commands.Indexer;

/// <summary>
/// The indexer's progress on stderr: one line at most every second (redrawn in place on a terminal), plus the
/// indexer's own messages (waits, reorgs, range changes) on lines of their own.
/// </summary>
internal sealed class ProgressLine : IProgress<IndexerProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly object _gate = new();
    private DateTime _last = DateTime.MinValue;
    private bool _pending;

    public void Report(IndexerProgress value)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            if (now - _last < Interval)
            {
                return;
            }
            _last = now;
            Write(value);
        }
    }

    public void Log(string message)
    {
        lock (_gate)
        {
            if (_pending)
            {
                Console.Error.WriteLine();
                _pending = false;
            }
            Console.Error.WriteLine($"indexer: {message}");
        }
    }

    public void Finish(IndexerProgress value)
    {
        lock (_gate)
        {
            Write(value);
            if (_pending)
            {
                Console.Error.WriteLine();
                _pending = false;
            }
        }
    }

    private void Write(IndexerProgress value)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"block {value.Checkpoint} | head {value.Head} ({value.HeadDistance} behind) | {value.BlocksPerSecond:0.0} blocks/s | {value.EventsPerSecond:0.0} events/s | {value.EventsIndexed} events | {value.Reorgs} reorgs");
        if (_terminal)
        {
            Console.Error.Write("\r" + line.PadRight(110));
            _pending = true;
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }
}
