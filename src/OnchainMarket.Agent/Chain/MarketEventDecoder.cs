using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.BlockchainProcessing.Processor;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;
using Log = OnchainMarket.Ethereum.Log;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// The one adapter from the ProofMarket's generated event DTOs (Nethereum's decoder) to <see cref="MarketEvent"/>
/// records. The same mapping serves the log processors that follow the chain (<see cref="Handlers"/>, with
/// <see cref="Topics"/> as their server-side filter) and the logs of a receipt (<see cref="Decode"/>).
/// Only logs of the market's address count; removed (reorged) logs never do.
/// </summary>
public static class MarketEventDecoder
{
    private static readonly IReadOnlyList<IMapping> Mappings =
    [
        new Mapping<RequestSubmittedEventDTO>((e, log) => new RequestSubmitted(
            new SubmittedRequest(e.Id, Address.Parse(e.Requester), new Hash32(e.CircuitId), e.BidBond, RequestTerms.FromParams(e.Params), (long)log.BlockNumber.Value),
            Tx(log))),
        new Mapping<RequestAssignedEventDTO>((e, log) =>
            new RequestAssigned(e.Id, Address.Parse(e.Prover), e.Round, (MarketMechanism)e.Mechanism, e.Price, (long)e.ProveBy, (long)e.AcceptBy, Tx(log))),
        new Mapping<RequestFulfilledEventDTO>((e, log) => new RequestFulfilled(e.Id, Address.Parse(e.Prover), e.Price, e.Bounty, Tx(log))),
        new Mapping<ProverSlashedEventDTO>((e, log) => new ProverSlashed(e.Id, Address.Parse(e.Prover), e.Slashed, Tx(log))),
        new Mapping<RequestReopenedEventDTO>((e, log) =>
            new RequestReopened(e.Id, e.Round, e.MinPrice, (long)e.RampStart, (long)e.RampEnd, Address.Parse(e.Excluded), e.Bounty, Tx(log))),
        new Mapping<RequestExpiredEventDTO>((e, log) => new RequestClosed(e.Id, Expired: true, Tx(log))),
        new Mapping<RequestCancelledEventDTO>((e, log) => new RequestClosed(e.Id, Expired: false, Tx(log))),
        new Mapping<AskPlacedEventDTO>((e, log) => new AskPlaced(e.AskId, Address.Parse(e.Prover), new Hash32(e.CircuitId), e.Price, (long)e.Expiry, Tx(log))),
        new Mapping<AskRemovedEventDTO>((e, log) => new AskRemoved(e.AskId, Tx(log))),
    ];

    /// <summary>The topic0 of every event the prover client acts on: the eth_getLogs filter, so the node sends nothing else.</summary>
    public static IReadOnlyList<string> Topics { get; } = [.. Mappings.Select(m => m.Topic0)];

    /// <summary>One typed log processor per event the prover client acts on, each handing its record to <paramref name="handle"/>.</summary>
    public static IReadOnlyList<ProcessorHandler<FilterLog>> Handlers(Action<MarketEvent> handle) => [.. Mappings.Select(m => m.Handler(handle))];

    /// <summary>Every log of <paramref name="market"/> among <paramref name="logs"/> that the prover client acts on, in order.</summary>
    public static IEnumerable<MarketEvent> Decode(IEnumerable<Log> logs, Address market)
    {
        foreach (var log in logs)
        {
            if (log.Removed || log.Address != market || log.Topics.Count == 0)
            {
                continue;
            }
            var filterLog = ToFilterLog(log);
            if (Mappings.Select(m => m.TryMap(filterLog)).FirstOrDefault(e => e is not null) is { } decoded)
            {
                yield return decoded;
            }
        }
    }

    /// <summary>The logs of <paramref name="contract"/> among <paramref name="logs"/> that are <typeparamref name="TEvent"/>, decoded.</summary>
    public static IEnumerable<TEvent> Events<TEvent>(IEnumerable<Log> logs, Address contract)
        where TEvent : IEventDTO, new()
    {
        foreach (var log in logs)
        {
            if (log.Removed || log.Address != contract)
            {
                continue;
            }
            var filterLog = ToFilterLog(log);
            if (filterLog.IsLogForEvent<TEvent>())
            {
                yield return filterLog.DecodeEvent<TEvent>().Event;
            }
        }
    }

    /// <summary>Nethereum's view of one of our logs (its decoder reads topics and data as hex).</summary>
    public static FilterLog ToFilterLog(Log log) => new()
    {
        Address = log.Address.ToLowerHex(),
        Topics = [.. log.Topics.Select(t => (object)t.ToString())],
        Data = HexConvert.ToHex(log.Data),
        BlockNumber = new HexBigInteger(log.BlockNumber),
        BlockHash = log.BlockHash.ToString(),
        TransactionHash = log.TransactionHash.ToString(),
        TransactionIndex = new HexBigInteger(log.TransactionIndex),
        LogIndex = new HexBigInteger(log.LogIndex),
        Removed = log.Removed,
    };

    private static Hash32 Tx(FilterLog log) => Hash32.Parse(log.TransactionHash);

    private interface IMapping
    {
        string Topic0 { get; }

        ProcessorHandler<FilterLog> Handler(Action<MarketEvent> handle);

        MarketEvent? TryMap(FilterLog log);
    }

    private sealed class Mapping<TEvent>(Func<TEvent, FilterLog, MarketEvent> map) : IMapping
        where TEvent : IEventDTO, new()
    {
        public string Topic0 { get; } = "0x" + Nethereum.Contracts.ABITypedRegistry.GetEvent<TEvent>().Sha3Signature;

        public ProcessorHandler<FilterLog> Handler(Action<MarketEvent> handle) =>
            new EventLogProcessorHandler<TEvent>(e =>
            {
                if (e.Log.Removed != true)
                {
                    handle(map(e.Event, e.Log));
                }
            });

        public MarketEvent? TryMap(FilterLog log) => log.IsLogForEvent<TEvent>() ? map(log.DecodeEvent<TEvent>().Event, log) : null;
    }
}
