namespace OnchainMarket.Cli.Commands.Prover;

/// <summary>Reports on the calling thread, at once (Progress&lt;T&gt; posts to the thread pool and shows stages late).</summary>
internal sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
