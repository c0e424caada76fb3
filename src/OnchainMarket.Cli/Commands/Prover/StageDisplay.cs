using System.Diagnostics;

namespace OnchainMarket.Cli.Commands.Prover;

/// <summary>
/// Shows on stderr which step a long-running prover command is in, with the elapsed time. Only on a
/// terminal: piped stderr stays clean for scripts.
/// </summary>
internal sealed class StageDisplay : IProgress<string>, IDisposable
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly bool _enabled = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private int _width;

    public void Report(string value)
    {
        if (!_enabled)
        {
            return;
        }
        lock (_gate)
        {
            var line = $"  {_watch.Elapsed.TotalSeconds,6:0.0} s  {value}";
            Console.Error.Write("\r" + line.PadRight(_width));
            _width = line.Length;
        }
    }

    public void Dispose()
    {
        if (_enabled && _width > 0)
        {
            lock (_gate)
            {
                Console.Error.Write("\r" + new string(' ', _width) + "\r");
                _width = 0;
            }
        }
    }
}
