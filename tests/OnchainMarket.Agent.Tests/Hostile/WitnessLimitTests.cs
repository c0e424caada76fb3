using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Witness;
using Xunit;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>H5: a registered witness generator is the registrant's code; running it is bounded in time, memory and size.</summary>
public sealed class WitnessLimitTests : IDisposable
{
    private static readonly CircuitInput NoInput = CircuitInput.Parse("{}");

    private readonly string _folder = Directory.CreateTempSubdirectory("omkt-wasm-").FullName;

    private WitnessCalculator Calculator(byte[] wasm, WitnessLimits limits) =>
        new(CraftedWasm.Write(_folder, Guid.NewGuid().ToString("N"), wasm), cacheDirectory: "", limits);

    // Not a timing assertion: without the limit these calls never return, and the test must end anyway.
    private static Task<T> Bounded<T>(Func<T> work) => Task.Run(work).WaitAsync(TimeSpan.FromMinutes(2));

    [Fact]
    public async Task A_looping_generator_is_stopped_at_its_time_limit()
    {
        using var calculator = Calculator(CraftedWasm.Circom(CraftedWasm.Loops), new WitnessLimits { Timeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<WitnessCalculationException>(() => Bounded(() => calculator.Calculate(NoInput)));
        Assert.Contains("ran past its limit of 0.3 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_looping_generator_stops_when_the_caller_cancels()
    {
        using var calculator = Calculator(CraftedWasm.Circom(CraftedWasm.Loops), WitnessLimits.Default);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bounded(() => calculator.Calculate(NoInput, cancel.Token)));
    }

    [Fact]
    public async Task A_loop_in_the_start_function_is_stopped_at_instantiation()
    {
        var wasm = Wasmtime.Module.ConvertText("(module (func $start (loop (br 0))) (start $start))");

        var e = await Assert.ThrowsAsync<ProverInputException>(() => Bounded(() => Calculator(wasm, new WitnessLimits { Timeout = TimeSpan.FromMilliseconds(300) })));
        Assert.Contains("instantiation ran past", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_growth_past_the_cap_fails_inside_the_module()
    {
        using var calculator = Calculator(CraftedWasm.Circom(CraftedWasm.GrowsToOneGiB), new WitnessLimits { MaxMemoryBytes = 64L << 20 });

        var e = Assert.Throws<WitnessCalculationException>(() => calculator.Calculate(NoInput));
        Assert.Contains("trapped", e.Message, StringComparison.Ordinal);

        // Under a cap above what it asks for, the same module runs: the cap is what refused it.
        using var roomy = Calculator(CraftedWasm.Circom(CraftedWasm.GrowsToOneGiB), new WitnessLimits { MaxMemoryBytes = 2L << 30 });
        Assert.Equal(4, roomy.Calculate(NoInput).Count);
    }

    [Fact]
    public void A_claimed_witness_larger_than_the_zkey_is_refused_before_anything_is_allocated()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<ProverInputException>(() => Calculator(CraftedWasm.Circom("", witnessSize: 50_000_000), new WitnessLimits { MaxWitnessSize = 1000 }));
        Assert.Contains("claims 50000000 witness values, outside 1..1000", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 100_000_000, "the claimed witness was allocated");
    }

    [Fact]
    public async Task An_error_message_that_never_ends_is_cut_at_the_cap()
    {
        using var calculator = Calculator(CraftedWasm.Circom(CraftedWasm.EndlessMessage, messageChar: 'A'), new WitnessLimits { MaxMessageChars = 100 });

        var e = await Assert.ThrowsAsync<WitnessCalculationException>(() => Bounded(() => calculator.Calculate(NoInput)));
        Assert.Equal(4, e.Code);
        Assert.Equal(new string('A', 100), e.CircuitMessage);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
