using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>A deployed contract: its artifact's ABI at an address, for calls, calldata and log decoding.</summary>
public sealed class BoundContract(ContractArtifact artifact, Address address, JsonRpcClient rpc)
{
    public ContractArtifact Artifact { get; } = artifact;

    public Address Address { get; } = address;

    public JsonRpcClient Rpc { get; } = rpc;

    public ContractAbi Abi => Artifact.Abi;

    public byte[] Encode(string function, params object?[] arguments) => Abi.Function(function).EncodeCall(arguments);

    /// <summary>eth_call of a view function; a revert throws <see cref="ContractRevertException"/>.</summary>
    public async Task<object?[]> CallAsync(string function, object?[] arguments, Address? from = null, CancellationToken cancellationToken = default)
    {
        var abiFunction = Abi.Function(function);
        var output = await Rpc.CallAsync(
            new CallRequest { From = from, To = Address, Data = abiFunction.EncodeCall(arguments) }, BlockTag.Latest, cancellationToken)
            .ConfigureAwait(false);
        return abiFunction.DecodeOutput(output);
    }

    /// <summary>The single return value of a view function.</summary>
    public async Task<T> CallOneAsync<T>(string function, object?[] arguments, CancellationToken cancellationToken = default) =>
        (T)(await CallAsync(function, arguments, cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;

    /// <summary>A view function returning one struct, read by field name.</summary>
    public async Task<AbiStruct> CallStructAsync(string function, object?[] arguments, CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(function, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        var output = Abi.Function(function).Outputs[0];
        return new AbiStruct(output.Type.Components, (object?[])values[0]!);
    }

    /// <summary>The logs of this contract among <paramref name="logs"/> that are <paramref name="eventName"/>, decoded.</summary>
    public IEnumerable<DecodedLog> Decode(IEnumerable<Log> logs, string eventName)
    {
        var abiEvent = Abi.Event(eventName);
        foreach (var log in logs)
        {
            if (!log.Removed && log.Address == Address && abiEvent.Matches(log.Topics))
            {
                yield return new DecodedLog(abiEvent, log, abiEvent.Decode(log.Topics, log.Data));
            }
        }
    }

    /// <summary>Every log of this contract whose topic0 is a known event, decoded.</summary>
    public IEnumerable<DecodedLog> DecodeAll(IEnumerable<Log> logs)
    {
        foreach (var log in logs)
        {
            if (log.Removed || log.Address != Address)
            {
                continue;
            }
            var abiEvent = Abi.Events.FirstOrDefault(e => e.Matches(log.Topics));
            if (abiEvent is not null)
            {
                yield return new DecodedLog(abiEvent, log, abiEvent.Decode(log.Topics, log.Data));
            }
        }
    }
}
