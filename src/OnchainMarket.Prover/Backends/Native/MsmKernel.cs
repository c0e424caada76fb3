namespace OnchainMarket.Prover.Backends.Native;

/// <summary>Which implementation runs the hot loops of an MSM or NTT.</summary>
internal enum MsmKernel
{
    /// <summary>The native library when it is loaded, otherwise the managed code.</summary>
    Auto,

    /// <summary>The pure C# implementation (the fallback, and the reference in tests).</summary>
    Managed,

    /// <summary>The native library; throws when it is not loaded.</summary>
    Native,
}
