using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>A running devnet shared by the bad-input tests.</summary>
public sealed class CliDevnetFixture : IAsyncLifetime
{
    internal DevnetProcess Devnet { get; private set; } = null!;

    public async Task InitializeAsync() => Devnet = await DevnetProcess.StartAsync(provers: 1);

    public async Task DisposeAsync() => await Devnet.DisposeAsync();
}

/// <summary>Bad input to the real omkt program: one line naming the problem, exit code 2, nothing sent.</summary>
public sealed class CliInputE2ETests(CliDevnetFixture fixture) : IClassFixture<CliDevnetFixture>
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
    public Task A_request_id_that_is_not_a_number_is_refused() =>
        AssertUsageErrorAsync("is not a request id", "request", "status", "twelve");
}
