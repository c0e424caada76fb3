using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>A new operator's first `omkt prover run`: the circuits and state folders it names need not exist yet.</summary>
public sealed partial class CliInputE2ETests
{
    [Fact]
    public async Task Prover_run_creates_absent_circuits_and_state_folders_before_it_reaches_the_node()
    {
        var circuits = Path.Combine(fixture.Devnet.Folder, "new-operator", "circuits");
        var state = Path.Combine(fixture.Devnet.Folder, "new-operator", "state");
        // Port 1 on loopback: nobody listens, so the run stops at its first call to the node, after the folders.
        var (code, _, stderr) = await fixture.Devnet.RunAsync(Limit,
            "prover", "run", "--key-file", fixture.Devnet.Key("prover1"), "--circuits", circuits, "--state", state, "--rpc", "http://127.0.0.1:1");

        Assert.NotEqual(0, code);
        Assert.True(Directory.Exists(circuits), "--circuits was not created");
        Assert.True(Directory.Exists(state), "--state was not created");
        Assert.DoesNotContain("no such folder", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("omkt: ", stderr, StringComparison.Ordinal);
    }
}
