namespace OnchainMarket.Agent.Chain;

/// <summary>The contract's <c>RequestStatus</c>.</summary>
public enum RequestStatus : byte
{
    None = 0,
    Open = 1,
    Assigned = 2,
    Fulfilled = 3,
    Expired = 4,
    Cancelled = 5,
}
