using System.CommandLine;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;
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
            using var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), null, null, cancellationToken);
            var chain = RequestReader.For(context);
            var state = await chain.GetRequestAsync(requestId, cancellationToken);
            if (state.Status == Agent.Chain.RequestStatus.None)
            {
                throw new CliUsageException($"there is no request {requestId}");
            }
            var until = DateTime.UtcNow + limit;
            var last = state.Status;
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
            // The proof is in the fulfilment's calldata: find the transaction through its event.
            var fulfilled = chain.Market.Abi.Event("RequestFulfilled");
            var logs = await context.Rpc.GetLogsAsync(new LogFilter
            {
                FromBlock = BlockTag.At(context.Deployment.DeployBlock),
                ToBlock = BlockTag.Latest,
                Addresses = [chain.Market.Address],
                Topics = [[fulfilled.Topic0], [AbiCodec.EncodeTopic(AbiType.UInt256, requestId)]],
            }, cancellationToken);
            var log = chain.Market.Decode(logs, "RequestFulfilled").Last();
            var tx = await context.Rpc.SendRawAsync("eth_getTransactionByHash", [log.Log.TransactionHash.ToString()], cancellationToken);
            var input = HexConvert.FromHex(tx.GetProperty("input").GetString()!);
            var selector = input.AsSpan(0, 4).ToArray();
            var function = chain.Market.Abi.Functions.First(f => f.Selector.AsSpan().SequenceEqual(selector));
            var arguments = function.DecodeCall(input);
            var proof = (object?[])arguments[function.Name == "fulfill" ? 1 : 0]!;
            Console.WriteLine($"request {requestId} fulfilled by {log.Address("prover")} at price {TokenAmount.FormatEther(log.Int("price"))}");
            Console.WriteLine($"fulfilment tx {log.Log.TransactionHash} (block {log.Log.BlockNumber}, via {function.Name})");
            Console.WriteLine($"proof [{string.Join(", ", proof)}]");
            return 0;
        }));
        return command;
    }
}
