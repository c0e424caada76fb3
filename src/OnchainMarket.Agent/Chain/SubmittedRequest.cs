using System.Numerics;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>A <c>RequestSubmitted</c> event: the request's full terms as the requester gave them.</summary>
public sealed record SubmittedRequest(BigInteger Id, Address Requester, Hash32 CircuitId, BigInteger BidBond, RequestTerms Terms, long BlockNumber);
