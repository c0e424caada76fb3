using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>What `omkt prover worker --help` shows an operator: its options, not the tests' fault injectors.</summary>
public sealed partial class CliInputE2ETests
{
    [Fact]
    public async Task Worker_help_lists_the_operators_options_and_hides_the_test_only_fault_injectors()
    {
        var (code, stdout, stderr) = await fixture.Devnet.RunAsync(Limit, "prover", "worker", "--help");

        Assert.True(code == 0, stderr);
        Assert.Contains("--queue-db", stdout, StringComparison.Ordinal);
        Assert.Contains("--backend", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--corrupt-proofs", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--hold-after-lease", stdout, StringComparison.Ordinal);
    }
}
