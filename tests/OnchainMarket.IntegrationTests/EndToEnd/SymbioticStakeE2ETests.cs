using System.Text.RegularExpressions;
using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>
/// `omkt stake deposit|withdraw` on a devnet whose collateral is a Symbiotic vault: a restaker deposits into the
/// vault, asks an amount out (slashable until the next epoch ends), cannot claim early, claims after the chain's
/// clock passes the epoch, and cannot claim twice; the RestakingVault's options are refused with the reason.
/// </summary>
public sealed partial class SymbioticStakeE2ETests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_restaker_deposits_into_the_vault_asks_an_amount_out_and_claims_it_only_after_its_epoch_ends()
    {
        await using var devnet = await DevnetProcess.StartAsync(provers: 1, collateral: "symbiotic");
        string[] signer = ["--key-file", devnet.Key("prover1")];

        var deposit = await devnet.RunAsync(Timeout, ["stake", "deposit", "--amount", "2ether", .. signer]);
        Assert.True(deposit.ExitCode == 0, deposit.Stderr);
        Assert.Contains("into the Symbiotic vault", deposit.Stdout, StringComparison.Ordinal);
        var active = ActiveBalance().Match(deposit.Stdout);
        Assert.True(active.Success, deposit.Stdout);

        // A deposit backs the vault, not one operator; and Symbiotic withdraws by amount, not pool shares.
        await AssertRefusedAsync(devnet, "--operator does not apply", ["stake", "deposit", "--amount", "1ether", "--operator", "0x90F79bf6EB2c4f870365E785982E1f101E93b906", .. signer]);
        await AssertRefusedAsync(devnet, "withdraws by amount", ["stake", "withdraw", "--shares", "1", .. signer]);

        var asked = await devnet.RunAsync(Timeout, ["stake", "withdraw", "--amount", "1ether", .. signer]);
        Assert.True(asked.ExitCode == 0, asked.Stderr);
        var epoch = ClaimEpoch().Match(asked.Stdout);
        Assert.True(epoch.Success, asked.Stdout);

        // Asked out: the active balance fell by the amount.
        var left = decimal.Parse(active.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
        await AssertRefusedAsync(devnet, $"more than your active balance in the Symbiotic vault ({left.ToString(System.Globalization.CultureInfo.InvariantCulture)} rsETH)",
            ["stake", "withdraw", "--amount", (left + 0.5m).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ether", .. signer]);
        // Still slashable: no claim before its epoch ends.
        await AssertRefusedAsync(devnet, "has not ended", ["stake", "withdraw", "--complete", epoch.Groups[1].Value, .. signer]);
        await AssertRefusedAsync(devnet, "has no withdrawal for epoch 0", ["stake", "withdraw", "--complete", "0", .. signer]);

        // Two epochs of the devnet vault (7 days each) on the chain's clock.
        await devnet.AdvanceClockAsync(2 * 7 * 24 * 3600 + 60);
        var claimed = await devnet.RunAsync(Timeout, ["stake", "withdraw", "--complete", epoch.Groups[1].Value, .. signer]);
        Assert.True(claimed.ExitCode == 0, claimed.Stderr);
        Assert.Contains($"claimed 1 rsETH from the Symbiotic vault for epoch {epoch.Groups[1].Value}", claimed.Stdout, StringComparison.Ordinal);
        await AssertRefusedAsync(devnet, "was claimed already", ["stake", "withdraw", "--complete", epoch.Groups[1].Value, .. signer]);
    }

    [Fact]
    public async Task A_new_operator_has_no_allocation_until_the_curator_admits_it_and_only_the_curator_can()
    {
        await using var devnet = await DevnetProcess.StartAsync(provers: 1, collateral: "symbiotic");
        // The requester's account joins as a new operator after the deployment (devnet up admits only its provers).
        var joined = await devnet.RunAsync(Timeout, "prover", "register", "--key-file", devnet.Key("requester"), "--capacity", "1", "--stake", "2ether");
        Assert.True(joined.ExitCode == 0, joined.Stderr);
        Assert.Contains("allocated stake 0 rsETH", joined.Stdout, StringComparison.Ordinal);
        var address = OperatorAddress().Match(joined.Stdout).Groups[1].Value;
        Assert.Contains($"not admitted yet: the vault's curator gives it a share with: omkt stake admit --operator {address}", joined.Stdout, StringComparison.Ordinal);

        // A prover is not the curator: the delegator's role check refuses it, named.
        var refused = await devnet.RunAsync(Timeout, "stake", "admit", "--operator", address, "--key-file", devnet.Key("prover1"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("AccessControlUnauthorizedAccount", refused.Stderr, StringComparison.Ordinal);
        await AssertRefusedAsync(devnet, "has not joined this market's network and vault", ["stake", "admit", "--operator", "0x000000000000000000000000000000000000dEaD", "--key-file", devnet.Key("deployer")]);
        await AssertRefusedAsync(devnet, "is not a whole number of shares", ["stake", "admit", "--operator", address, "--shares", "-1", "--key-file", devnet.Key("deployer")]);

        // The deployer is the devnet vault's curator: one share beside prover1's one, so half the vault's stake.
        var admitted = await devnet.RunAsync(Timeout, "stake", "admit", "--operator", address, "--key-file", devnet.Key("deployer"));
        Assert.True(admitted.ExitCode == 0, admitted.Stderr);
        var split = AdmittedLine().Match(admitted.Stdout);
        Assert.True(split.Success, admitted.Stdout);
        Assert.Equal(("1", "2", "0"), (split.Groups[1].Value, split.Groups[2].Value, split.Groups[3].Value));
        // Captures are one second before a lock's block: a second on (the chain's clock), half the vault is its stake.
        await devnet.AdvanceClockAsync(2);
        var status = await devnet.RunAsync(Timeout, "stake", "status", "--operator", address);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var allocated = AllocatedLine().Match(status.Stdout);
        Assert.True(allocated.Success, status.Stdout);
        Assert.True(decimal.Parse(allocated.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, status.Stdout);
    }

    private static async Task AssertRefusedAsync(DevnetProcess devnet, string reason, string[] arguments)
    {
        var run = await devnet.RunAsync(Timeout, arguments);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stdout}{run.Stderr}");
        Assert.Contains(reason, run.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^operator (0x[0-9a-fA-F]{40}):", RegexOptions.Multiline)]
    private static partial Regex OperatorAddress();

    [GeneratedRegex(@": (\d+) of (\d+) network shares \(was (\d+)\)")]
    private static partial Regex AdmittedLine();

    [GeneratedRegex(@"^stake +([0-9.]+) rsETH allocated", RegexOptions.Multiline)]
    private static partial Regex AllocatedLine();

    [GeneratedRegex(@"your active balance is ([0-9.]+) rsETH")]
    private static partial Regex ActiveBalance();

    [GeneratedRegex(@"omkt stake withdraw --complete (\d+)")]
    private static partial Regex ClaimEpoch();
}
