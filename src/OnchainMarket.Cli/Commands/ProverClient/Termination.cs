using System.Runtime.InteropServices;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>
/// A token cancelled by Ctrl-C (the caller's token) or by SIGTERM, so long-running commands stop
/// what they started (anvil, Postgres, provers) in both cases instead of being cut off.
/// </summary>
internal sealed class Termination : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration _sigterm;

    public Termination(CancellationToken cancellationToken)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _source.Cancel();
        });
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _sigterm.Dispose();
        _source.Dispose();
    }
}
