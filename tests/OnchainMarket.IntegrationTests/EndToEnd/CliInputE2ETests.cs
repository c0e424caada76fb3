using System.Text.RegularExpressions;
using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>A running devnet shared by the bad-input tests.</summary>
public sealed class CliDevnetFixture : IAsyncLifetime
{
    internal DevnetProcess Devnet { get; private set; } = null!;

    public async Task InitializeAsync() => Devnet = await DevnetProcess.StartAsync(provers: 1);

    public async Task DisposeAsync() => await Devnet.DisposeAsync();
}

/// <summary>
/// Bad input to the real omkt program: one line naming the problem, exit code 2, nothing sent; and
/// what a new user would otherwise misread (a Dutch request nobody takes at its maximum).
/// </summary>
public sealed partial class CliInputE2ETests(CliDevnetFixture fixture) : IClassFixture<CliDevnetFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private async Task AssertUsageErrorAsync(string expected, params string[] arguments)
    {
        var (code, _, stderr) = await fixture.Devnet.RunAsync(Limit, arguments);
        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("omkt: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown command 'dashbord' for 'omkt'", "dashbord", "--help")]
    [InlineData("unknown command 'wroker' for 'omkt prover'", "prover", "wroker", "--help")]
    [InlineData("unknown command 'stauts' for 'omkt request'", "request", "stauts", "1")]
    public Task A_mistyped_command_is_an_error_even_with_help(string expected, params string[] arguments) =>
        AssertUsageErrorAsync(expected, arguments);

    [Fact]
    public Task A_wrong_operator_address_is_refused() =>
        AssertUsageErrorAsync("is not an address", "stake", "status", "--operator", "0x12345");

    [Fact]
    public Task An_unknown_circuit_is_refused()
    {
        var input = Path.Combine(fixture.Devnet.Folder, "input.json");
        File.WriteAllText(input, "{\"seed\": \"1\", \"nonce\": \"2\"}");
        return AssertUsageErrorAsync("unknown circuit",
            "request", "submit", "--key-file", fixture.Devnet.Key("requester"), "--circuit", "no-such-circuit", "--input", input, "--max-price", "0.01ether");
    }

    [Fact]
    public Task A_price_above_what_the_account_can_escrow_is_refused()
    {
        var input = Path.Combine(fixture.Devnet.Folder, "input.json");
        File.WriteAllText(input, "{\"seed\": \"1\", \"nonce\": \"2\"}");
        return AssertUsageErrorAsync("more than the account can escrow",
            "request", "submit", "--key-file", fixture.Devnet.Key("requester"), "--circuit", "hashchain", "--input", input, "--max-price", "1000000ether");
    }

    [Fact]
    public Task A_price_with_too_many_decimals_is_refused()
    {
        var input = Path.Combine(fixture.Devnet.Folder, "input.json");
        File.WriteAllText(input, "{\"seed\": \"1\", \"nonce\": \"2\"}");
        return AssertUsageErrorAsync("decimal places",
            "request", "submit", "--key-file", fixture.Devnet.Key("requester"), "--circuit", "hashchain", "--input", input, "--max-price", "0.1234567891gwei");
    }

    [Fact]
    public Task A_missing_key_file_is_refused() =>
        AssertUsageErrorAsync("no such file", "prover", "register", "--key-file", "/nonexistent/prover.key");

    [Fact]
    public async Task Request_wait_says_when_the_Dutch_price_reached_its_maximum_and_nobody_locked()
    {
        var input = Path.Combine(fixture.Devnet.Folder, "input-dutch.json");
        File.WriteAllText(input, "{\"seed\": \"5\", \"nonce\": \"6\"}");
        // 1 wei: no prover's reservation is that low, so the ramp ends with the request open.
        var (code, stdout, stderr) = await fixture.Devnet.RunAsync(Limit,
            "request", "submit", "--key-file", fixture.Devnet.Key("requester"), "--circuit", "hashchain", "--input", input,
            "--mechanism", "dutch", "--max-price", "1wei", "--ramp", "5s");
        Assert.True(code == 0, stderr);
        var id = SubmittedId().Match(stdout).Groups[1].Value;

        // The chain's clock, not the wall's, ends the ramp.
        await fixture.Devnet.AdvanceClockAsync(seconds: 30);
        (code, _, stderr) = await fixture.Devnet.RunAsync(Limit, "request", "wait", id, "--timeout", "2s");
        Assert.Equal(1, code);
        Assert.Contains($"request {id}: the Dutch price reached its maximum", stderr, StringComparison.Ordinal);
        Assert.Contains("no prover has locked it", stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"request (\d+) submitted")]
    private static partial Regex SubmittedId();

    [Fact]
    public Task A_request_id_that_is_not_a_number_is_refused() =>
        AssertUsageErrorAsync("is not a request id", "request", "status", "twelve");
}
