namespace OnchainMarket.Agent.Proving;

/// <summary>The result of a pre-flight: passed with the verified input, or failed with the reason.</summary>
public sealed record PreflightOutcome(bool Passed, string Reason, string? InputJson)
{
    public static PreflightOutcome Fail(string reason) => new(false, reason, null);
}
