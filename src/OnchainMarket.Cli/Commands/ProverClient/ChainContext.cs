using System.Numerics;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Agent.Units;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>
/// What the chain-facing commands share: the addresses file, the node, the signing key, and the
/// checks that turn a wrong path, address or amount into a one-line usage error (exit code 2).
/// </summary>
internal sealed class ChainContext
{
    private ChainContext(Deployment deployment, IWeb3 web3, EthECKey? key, MarketContracts? contracts)
    {
        Deployment = deployment;
        Web3 = web3;
        Key = key;
        ContractsOrNull = contracts;
    }

    public Deployment Deployment { get; }

    /// <summary>The node, for reads (its HTTP calls retried by <see cref="RpcRetryHandler"/>).</summary>
    public IWeb3 Web3 { get; }

    public EthECKey? Key { get; }

    private MarketContracts? ContractsOrNull { get; }

    /// <summary>The contracts as the key's account (commands that send need --key-file).</summary>
    public MarketContracts Contracts => ContractsOrNull ?? throw new CliUsageException("this command signs: give --keystore FILE or --key-file FILE");

    public static async Task<ChainContext> OpenAsync(string? addressesPath, string? rpcUrl, EthECKey? key, StructuredLog? log, CancellationToken cancellationToken)
    {
        var path = addressesPath ?? Deployment.DefaultPath;
        Deployment deployment;
        try
        {
            deployment = Deployment.Load(path);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            throw new CliUsageException(e.Message);
        }
        var url = rpcUrl ?? deployment.RpcUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"--rpc {url} is not an http(s) URL");
        }
        var web3 = MarketContracts.ReadOnlyWeb3(endpoint);
        long chainId;
        try
        {
            chainId = (long)(await web3.Eth.ChainId.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception e) when (e is RpcClientUnknownException or RpcClientTimeoutException)
        {
            // Nethereum's own message names only the method; the cause (refused, timed out, not JSON) is inside.
            throw new CliUsageException($"no Ethereum node answers at {url} ({e.GetBaseException().Message}); is the devnet running (omkt devnet up)?");
        }
        if (chainId != deployment.ChainId)
        {
            throw new CliUsageException($"the node at {url} is chain {chainId}, the addresses file {path} is for chain {deployment.ChainId}");
        }
        var code = await web3.Eth.GetCode.SendRequestAsync(deployment.Market).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (code is null or "0x" or "")
        {
            throw new CliUsageException($"there is no contract at the market address {deployment.Market} on {url}: the addresses file {path} is stale (restart with omkt devnet up)");
        }
        var contracts = key is null ? null : new MarketContracts(deployment, new ChainSender(web3, key, chainId, log: log));
        return new ChainContext(deployment, web3, key, contracts);
    }

    /// <summary>Reads a private key file: one line of 64 hex digits (0x optional).</summary>
    public static EthECKey ReadKey(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"--key-file {path}: no such file");
        }
        if (OnchainMarket.Agent.State.PrivateFiles.SharedWarning(path) is { } warning)
        {
            Console.Error.WriteLine("warning: " + warning);
        }
        var text = File.ReadAllText(path).Trim();
        try
        {
            return SigningKeys.FromHex(text);
        }
        catch (FormatException)
        {
            throw new CliUsageException($"--key-file {path} does not hold a private key (expected 64 hex digits)");
        }
    }

    public static Address ParseAddress(string text, string option)
    {
        if (!Address.TryParse(text, out var address))
        {
            throw new CliUsageException($"{option} {text} is not an address (expected 0x and 40 hex digits)");
        }
        return address;
    }

    public static BigInteger ParseAmount(string text, string option)
    {
        if (!TokenAmount.TryParse(text, out var value, out var error))
        {
            throw new CliUsageException($"{option}: {error}");
        }
        return value;
    }

    public static TimeSpan ParseDuration(string text, string option)
    {
        try
        {
            return DurationText.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"{option}: {e.Message}");
        }
    }
}
