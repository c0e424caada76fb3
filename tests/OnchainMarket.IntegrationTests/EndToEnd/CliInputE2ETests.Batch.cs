using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>Bad batch-settlement options to `omkt prover run`: refused before anything is sent.</summary>
public sealed partial class CliInputE2ETests
{
    [Theory]
    [InlineData("--batch-wait: '20x' is not a valid duration", "--batch-wait", "20x")]
    [InlineData("--batch-max 1 is outside 2..256", "--batch-wait", "20s", "--batch-max", "1")]
    public Task A_bad_batch_option_is_refused(string expected, params string[] batch) =>
        AssertUsageErrorAsync(expected,
            ["prover", "run", "--key-file", fixture.Devnet.Key("prover1"), "--circuits", Path.Combine(fixture.Devnet.Folder, "batch-circuits"), .. batch]);
}
