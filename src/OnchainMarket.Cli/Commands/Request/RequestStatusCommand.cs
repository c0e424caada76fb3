using System.CommandLine;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Request;

/// <summary>`omkt request status ID`: where a request stands.</summary>
internal static class RequestStatusCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var id = new Argument<string>("id") { Description = "The request id" };
        var command = new Command("status", "Show a request's status, mechanism, prover and price") { id, addresses, rpc };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var requestId = RequestCommand.ParseId(parse.GetValue(id)!);
            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), null, null, cancellationToken);
            var reader = RequestReader.For(context);
            var state = await reader.GetRequestAsync(requestId, cancellationToken);
            if (state.Status == Agent.Chain.RequestStatus.None)
            {
                throw new CliUsageException($"there is no request {requestId}");
            }
            Console.WriteLine($"request {requestId}: {state.Status} ({state.Mechanism}, round {state.Round})");
            Console.WriteLine($"  max price {TokenAmount.FormatEther(state.MaxPrice)}, price {TokenAmount.FormatEther(state.Price)}, bounty {TokenAmount.FormatEther(state.Bounty, "rsETH")}");
            if (!state.Prover.IsZero)
            {
                Console.WriteLine($"  prover {state.Prover}{(state.ProveBy > 0 ? $", proof due {DateTimeOffset.FromUnixTimeSeconds(state.ProveBy):u}" : string.Empty)}");
            }
            Console.WriteLine($"  deadline {DateTimeOffset.FromUnixTimeSeconds(state.Deadline):u}");
            return 0;
        }));
        return command;
    }
}
