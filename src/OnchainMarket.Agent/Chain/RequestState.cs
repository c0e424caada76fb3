using System.Numerics;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>A request as the market stores it now (<c>getRequest</c>). Times are unix seconds.</summary>
public sealed record RequestState(
    BigInteger Id,
    Address Requester,
    BigInteger MaxPrice,
    MarketMechanism Mechanism,
    RequestStatus Status,
    int Round,
    BigInteger RequiredCollateral,
    long TimeA,
    long TimeB,
    BigInteger MinPrice,
    long ProvingWindow,
    long Deadline,
    long ProveBy,
    Address Prover,
    BigInteger Price,
    BigInteger Bounty,
    bool FallbackToAuction)
{
    public static RequestState FromDto(BigInteger id, Request r) => new(
        id,
        Address.Parse(r.Requester),
        r.MaxPrice,
        (MarketMechanism)r.Mechanism,
        (RequestStatus)r.Status,
        r.Round,
        r.RequiredCollateral,
        r.TimeA,
        r.TimeB,
        r.MinPrice,
        r.ProvingWindow,
        r.Deadline,
        r.ProveBy,
        Address.Parse(r.Prover),
        r.Price,
        r.Bounty,
        r.FallbackToAuction);
}
