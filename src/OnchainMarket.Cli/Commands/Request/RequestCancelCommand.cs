using System.CommandLine;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Request;

/// <summary>`omkt request cancel ID`: withdraws a request before any bid is revealed or prover assigned.</summary>
internal static class RequestCancelCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var signer = new SignerOptions(required: true);
        var id = new Argument<string>("id") { Description = "The request id" };
        var command = new Command("cancel", "Cancel an open request; its escrow becomes claimable") { id, addresses, rpc, signer };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var requestId = RequestCommand.ParseId(parse.GetValue(id)!);
            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), signer.Read(parse), null, cancellationToken);
            var chain = context.Contracts;
            var state = await chain.GetRequestAsync(requestId, cancellationToken);
            if (state.Status == Agent.Chain.RequestStatus.None)
            {
                throw new CliUsageException($"there is no request {requestId}");
            }
            if (state.Requester != chain.Account)
            {
                throw new CliUsageException($"request {requestId} belongs to {state.Requester}, not {chain.Account}");
            }
            var receipt = await chain.CancelAsync(requestId, cancellationToken);
            var withdrawn = await chain.WithdrawAsync(Ethereum.Address.Zero, chain.Account, cancellationToken);
            Console.WriteLine($"request {requestId} cancelled (tx {receipt.TransactionHash}); escrow withdrawn (tx {withdrawn.TransactionHash})");
            return 0;
        }));
        return command;
    }
}
