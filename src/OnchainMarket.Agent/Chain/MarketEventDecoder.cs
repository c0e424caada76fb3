using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// Decodes the ProofMarket's logs with the generated event DTOs (Nethereum's decoder) and maps them to
/// <see cref="MarketEvent"/> records. Only logs of the market's address count; removed (reorged) logs never do.
/// </summary>
public static class MarketEventDecoder
{
    /// <summary>topic0 of every event <see cref="Map"/> decodes: what a follower asks the node to filter on.</summary>
    public static IReadOnlyList<string> Topics { get; } =
    [
        Topic<RequestSubmittedEventDTO>(), Topic<RequestAssignedEventDTO>(), Topic<RequestFulfilledEventDTO>(), Topic<ProverSlashedEventDTO>(),
        Topic<RequestReopenedEventDTO>(), Topic<RequestExpiredEventDTO>(), Topic<RequestCancelledEventDTO>(), Topic<AskPlacedEventDTO>(), Topic<AskRemovedEventDTO>(),
    ];

    private static string Topic<TEvent>() where TEvent : IEventDTO => "0x" + ABITypedRegistry.GetEvent<TEvent>().Sha3Signature;

    /// <summary>Every log of <paramref name="market"/> among <paramref name="logs"/> that the prover client acts on, in order.</summary>
    public static IEnumerable<MarketEvent> Decode(IEnumerable<FilterLog> logs, Address market)
    {
        foreach (var log in logs)
        {
            if (log.Removed || !IsFrom(log, market) || log.Topics is not { Length: > 0 })
            {
                continue;
            }
            if (Map(log) is { } decoded)
            {
                yield return decoded;
            }
        }
    }

    /// <summary>The logs of <paramref name="contract"/> among <paramref name="logs"/> that are <typeparamref name="TEvent"/>, decoded.</summary>
    public static IEnumerable<TEvent> Events<TEvent>(IEnumerable<FilterLog> logs, Address contract)
        where TEvent : IEventDTO, new()
    {
        foreach (var log in logs)
        {
            if (!log.Removed && IsFrom(log, contract) && log.IsLogForEvent<TEvent>())
            {
                yield return log.DecodeEvent<TEvent>().Event;
            }
        }
    }

    private static bool IsFrom(FilterLog log, Address contract) =>
        log.Address is { } address && Address.TryParse(address, out var parsed) && parsed == contract;

    private static MarketEvent? Map(FilterLog f)
    {
        var tx = Hash32.Parse(f.TransactionHash);
        if (f.IsLogForEvent<RequestSubmittedEventDTO>())
        {
            var e = f.DecodeEvent<RequestSubmittedEventDTO>().Event;
            return new RequestSubmitted(
                new SubmittedRequest(e.Id, Address.Parse(e.Requester), new Hash32(e.CircuitId), e.BidBond, RequestTerms.FromParams(e.Params), (long)f.BlockNumber.Value), tx);
        }
        if (f.IsLogForEvent<RequestAssignedEventDTO>())
        {
            var e = f.DecodeEvent<RequestAssignedEventDTO>().Event;
            return new RequestAssigned(e.Id, Address.Parse(e.Prover), e.Round, (MarketMechanism)e.Mechanism, e.Price, (long)e.ProveBy, (long)e.AcceptBy, tx);
        }
        if (f.IsLogForEvent<RequestFulfilledEventDTO>())
        {
            var e = f.DecodeEvent<RequestFulfilledEventDTO>().Event;
            return new RequestFulfilled(e.Id, Address.Parse(e.Prover), e.Price, e.Bounty, tx);
        }
        if (f.IsLogForEvent<ProverSlashedEventDTO>())
        {
            var e = f.DecodeEvent<ProverSlashedEventDTO>().Event;
            return new ProverSlashed(e.Id, Address.Parse(e.Prover), e.Slashed, tx);
        }
        if (f.IsLogForEvent<RequestReopenedEventDTO>())
        {
            var e = f.DecodeEvent<RequestReopenedEventDTO>().Event;
            return new RequestReopened(e.Id, e.Round, e.MinPrice, (long)e.RampStart, (long)e.RampEnd, Address.Parse(e.Excluded), e.Bounty, tx);
        }
        if (f.IsLogForEvent<RequestExpiredEventDTO>())
        {
            return new RequestClosed(f.DecodeEvent<RequestExpiredEventDTO>().Event.Id, Expired: true, tx);
        }
        if (f.IsLogForEvent<RequestCancelledEventDTO>())
        {
            return new RequestClosed(f.DecodeEvent<RequestCancelledEventDTO>().Event.Id, Expired: false, tx);
        }
        if (f.IsLogForEvent<AskPlacedEventDTO>())
        {
            var e = f.DecodeEvent<AskPlacedEventDTO>().Event;
            return new AskPlaced(e.AskId, Address.Parse(e.Prover), new Hash32(e.CircuitId), e.Price, (long)e.Expiry, tx);
        }
        if (f.IsLogForEvent<AskRemovedEventDTO>())
        {
            return new AskRemoved(f.DecodeEvent<AskRemovedEventDTO>().Event.AskId, tx);
        }
        return null;
    }
}
