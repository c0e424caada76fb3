using System.CommandLine;
using Nethereum.Contracts;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.Request;

/// <summary>`omkt request wait ID`: waits for the proof and prints it with the fulfilment transaction.</summary>
internal static class RequestWaitCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var id = new Argument<string>("id") { Description = "The request id" };
        var timeout = new Option<string>("--timeout") { Description = "Give up after this long", DefaultValueFactory = _ => "15m" };
        var command = new Command("wait", "Wait until the request is fulfilled (or expires) and print the proof") { id, addresses, rpc, timeout };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var requestId = RequestCommand.ParseId(parse.GetValue(id)!);
            var limit = ChainContext.ParseDuration(parse.GetValue(timeout)!, "--timeout");
            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), null, null, cancellationToken);
            var chain = RequestReader.For(context);
            var state = await chain.GetRequestAsync(requestId, cancellationToken);
            if (state.Status == Agent.Chain.RequestStatus.None)
            {
                throw new CliUsageException($"there is no request {requestId}");
            }
            var until = DateTime.UtcNow + limit;
            var last = state.Status;
            var toldRampEnded = false;
            Console.Error.WriteLine($"request {requestId}: {state.Status}");
            while (state.Status is Agent.Chain.RequestStatus.Open or Agent.Chain.RequestStatus.Assigned)
            {
                if (DateTime.UtcNow > until)
                {
                    Console.Error.WriteLine($"omkt: request {requestId} is still {state.Status} after {limit.TotalSeconds:0} s");
                    return 1;
                }
                await Task.Delay(500, cancellationToken);
                state = await chain.GetRequestAsync(requestId, cancellationToken);
                if (!toldRampEnded && await DutchRampEndedAsync(context, state, cancellationToken))
                {
                    // Nobody locked at any price up to the requester's maximum: waiting longer rarely helps.
                    toldRampEnded = true;
                    Console.Error.WriteLine($"request {requestId}: the Dutch price reached its maximum {TokenAmount.FormatEther(state.MaxPrice)} at {state.TimeB} " +
                        $"and no prover has locked it; it stays open at that price until {state.Deadline} (cancel and resubmit with a higher --max-price to attract one)");
                }
                if (state.Status != last)
                {
                    Console.Error.WriteLine($"request {requestId}: {state.Status}{(state.Prover.IsZero ? string.Empty : $" (prover {state.Prover})")}");
                    last = state.Status;
                }
            }
            if (state.Status != Agent.Chain.RequestStatus.Fulfilled)
            {
                Console.Error.WriteLine($"omkt: request {requestId} ended {state.Status}; its escrow is claimable by the requester");
                return 1;
            }
            // The proof is in the fulfilment's calldata: find the transaction through its event, the id as a topic.
            var fulfilled = chain.Market.ContractHandler.GetEvent<RequestFulfilledEventDTO>().CreateFilterInput(requestId);
            var log = (await chain.Web3.Processing.Logs.GetAllEvents<RequestFulfilledEventDTO>(fulfilled, context.Deployment.DeployBlock, null, cancellationToken,
                numberOfBlocksPerRequest: MarketEventFollower.MaxBlocksPerPage, retryWeight: 0)).LastOrDefault()
                ?? throw new CliUsageException($"request {requestId} is fulfilled but the node has no RequestFulfilled log for it since block {context.Deployment.DeployBlock}: is --rpc the chain of this deployment?");
            var tx = await chain.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(log.Log.TransactionHash).WaitAsync(cancellationToken);
            var (via, proof) = MarketContracts.ProofInFulfilment(tx.Input, requestId);
            Console.WriteLine($"request {requestId} fulfilled by {Address.Parse(log.Event.Prover)} at price {TokenAmount.FormatEther(log.Event.Price)}");
            Console.WriteLine($"fulfilment tx {log.Log.TransactionHash} (via {via})");
            Console.WriteLine($"proof [{string.Join(", ", proof)}]");
            return 0;
        }));
        return command;
    }

    /// <summary>Whether an open Dutch request's ramp is over (by the chain's clock, not ours).</summary>
    private static async Task<bool> DutchRampEndedAsync(ChainContext context, RequestState state, CancellationToken cancellationToken)
    {
        if (state.Status != Agent.Chain.RequestStatus.Open || state.Mechanism != Agent.Pricing.MarketMechanism.Dutch)
        {
            return false;
        }
        return await context.Web3.TimestampAsync(cancellationToken) >= state.TimeB;
    }
}
