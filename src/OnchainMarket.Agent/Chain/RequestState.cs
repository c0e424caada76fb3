using System.Numerics;
using OnchainMarket.Agent.Pricing;
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
    public static RequestState FromAbi(BigInteger id, AbiStruct s) => new(
        id,
        s.Address("requester"),
        s.Int("maxPrice"),
        (MarketMechanism)s.Long("mechanism"),
        (RequestStatus)s.Long("status"),
        (int)s.Long("round"),
        s.Int("requiredCollateral"),
        s.Long("timeA"),
        s.Long("timeB"),
        s.Int("minPrice"),
        s.Long("provingWindow"),
        s.Long("deadline"),
        s.Long("proveBy"),
        s.Address("prover"),
        s.Int("price"),
        s.Int("bounty"),
        s.Bool("fallbackToAuction"));
}
