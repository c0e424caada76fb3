using System.CommandLine;

namespace OnchainMarket.Cli.Commands.Request;

/// <summary>`omkt request submit|status|wait|cancel`: the requester's side of the market.</summary>
internal static class RequestCommand
{
    public static Command Create() => new("request", "Request proofs: submit, follow, wait for and cancel requests")
    {
        RequestSubmitCommand.Create(),
        RequestStatusCommand.Create(),
        RequestWaitCommand.Create(),
        RequestCancelCommand.Create(),
    };

    /// <summary>Parses a request id argument.</summary>
    public static System.Numerics.BigInteger ParseId(string text)
    {
        if (!System.Numerics.BigInteger.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id.IsZero)
        {
            throw new CliUsageException($"'{text}' is not a request id (a positive integer)");
        }
        return id;
    }
}
