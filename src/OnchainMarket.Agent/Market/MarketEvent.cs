using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Market;

// The market's events as the prover client acts on them: one closed family of records, so a handler is a
// `switch` over types and unit tests can feed it without a chain. Built from the generated event DTOs by
// MarketEventDecoder; the DTOs themselves (string addresses, byte[] hashes) never get past it.

/// <summary>A market event the prover client acts on, with the transaction that emitted it.</summary>
public abstract record MarketEvent(BigInteger Id, Hash32 TransactionHash);

public sealed record RequestSubmitted(SubmittedRequest Request, Hash32 TransactionHash) : MarketEvent(Request.Id, TransactionHash);

/// <summary>A prover was assigned; <paramref name="AcceptBy"/> is nonzero for an orderbook match made by a standing ask, which the prover may release unslashed until then.</summary>
public sealed record RequestAssigned(BigInteger Id, Address Prover, int Round, MarketMechanism Mechanism, BigInteger Price, long ProveBy, long AcceptBy, Hash32 TransactionHash)
    : MarketEvent(Id, TransactionHash);

public sealed record RequestFulfilled(BigInteger Id, Address Prover, BigInteger Price, BigInteger Bounty, Hash32 TransactionHash) : MarketEvent(Id, TransactionHash);

public sealed record ProverSlashed(BigInteger Id, Address Prover, BigInteger Slashed, Hash32 TransactionHash) : MarketEvent(Id, TransactionHash);

public sealed record RequestReopened(BigInteger Id, int Round, BigInteger MinPrice, long RampStart, long RampEnd, Address Excluded, BigInteger Bounty, Hash32 TransactionHash)
    : MarketEvent(Id, TransactionHash);

/// <summary>The request ended unfulfilled: expired (<paramref name="Expired"/>) or cancelled by its requester.</summary>
public sealed record RequestClosed(BigInteger Id, bool Expired, Hash32 TransactionHash) : MarketEvent(Id, TransactionHash);

/// <summary>A standing ask; <see cref="MarketEvent.Id"/> is the ask id.</summary>
public sealed record AskPlaced(ulong AskId, Address Prover, Hash32 CircuitId, BigInteger Price, long Expiry, Hash32 TransactionHash) : MarketEvent(AskId, TransactionHash);

public sealed record AskRemoved(ulong AskId, Hash32 TransactionHash) : MarketEvent(AskId, TransactionHash);
