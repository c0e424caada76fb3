using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Nethereum.Contracts;
using Nethereum.Web3;
using OnchainMarket.Contracts.ProofMarket;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.Indexer;

/// <summary>
/// `omkt indexer load --rpc URL --addresses FILE --events N`: fills a local devnet with market events for the
/// indexer benchmark: race requests submitted and cancelled, sent pipelined from anvil's unlocked dev account
/// (JSON-RPC batches, no waiting per receipt) and mined a few hundred per block.
/// </summary>
internal static class IndexerLoadCommand
{
    private const int PerBlock = 400;

    public static Command Create()
    {
        var rpc = new Option<string>("--rpc") { Description = "JSON-RPC URL of a local anvil with the market deployed", Required = true };
        var addresses = new Option<string>("--addresses") { Description = "Addresses file written by Deploy.s.sol", Required = true };
        var events = new Option<int>("--events") { Description = "How many market events to generate", DefaultValueFactory = _ => 100_000 };
        var command = new Command("load", "Generate market events on a local anvil (for scripts/bench-indexer)") { rpc, addresses, events };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(events);
            if (target <= 0)
            {
                throw new CliUsageException($"--events {target} must be positive");
            }
            var (market, circuitId) = ReadDeployment(parse.GetValue(addresses)!);
            using var client = new JsonRpcClient(IndexerOptionsParsing.Rpc(parse.GetValue(rpc)), new RpcClientOptions { RequestTimeout = TimeSpan.FromMinutes(2) });
            var service = new ProofMarketService(new Web3(IndexerOptionsParsing.Rpc(parse.GetValue(rpc)).ToString()), market.ToLowerHex());
            var sender = (await client.SendAsync<string[]>("eth_accounts", [], cancellationToken))[0];
            var latest = await client.GetBlockByNumberAsync(BlockTag.Latest, cancellationToken)
                ?? throw new InvalidOperationException("the node has no latest block");
            var count = await service.RequestCountQueryAsync().WaitAsync(cancellationToken);
            // Requests must end within the market's lifetime cap (below the stake source's withdrawal delay);
            // a minute of margin covers the blocks this run mines.
            var lifetime = (long)await service.MaxRequestLifetimeQueryAsync().WaitAsync(cancellationToken);
            var deadline = checked((uint)(latest.Timestamp + Math.Min(30 * 86400L, lifetime - 60)));

            await client.SendRawAsync("evm_setAutomine", [false], cancellationToken);
            // Nonces are assigned here: a node filling them in for concurrent calls of one batch may hand out one twice.
            var nonce = await client.GetTransactionCountAsync(Address.Parse(sender.ToLowerInvariant()), BlockTag.Pending, cancellationToken);
            var clock = Stopwatch.StartNew();
            var generated = 0;
            var blocks = 0;
            var open = new List<BigInteger>();
            var nextId = count + 1;
            var random = new Random(1);
            while (generated < target)
            {
                var calls = new List<RpcRequest>();
                // Cancel what the previous block submitted, and submit as many new requests.
                foreach (var id in open)
                {
                    calls.Add(Send(sender, nonce++, market, new CancelFunction { ReturnValue1 = id }.GetCallData(), 0, 250_000));
                }
                var submits = PerBlock / 2;
                open.Clear();
                for (var i = 0; i < submits; i++)
                {
                    var maxPrice = new BigInteger(1_000_000 + random.Next(1_000_000));
                    var witness = new byte[64];
                    random.NextBytes(witness);
                    var request = new RequestParams
                    {
                        CircuitId = circuitId.ToArray(),
                        PublicInputs = [random.Next(), random.Next(), random.Next()],
                        WitnessInline = witness,
                        WitnessURI = "",
                        WitnessHash = new byte[32],
                        Token = Address.Zero.ToLowerHex(),
                        MaxPrice = maxPrice,
                        ProvingWindow = 3600,
                        Deadline = deadline,
                        Mechanism = 3, // race: submitted and cancelled without any prover
                        Callback = Address.Zero.ToLowerHex(),
                    };
                    calls.Add(Send(sender, nonce++, market, new SubmitFunction { P = request }.GetCallData(), maxPrice, 600_000));
                    open.Add(nextId++);
                }
                foreach (var chunk in calls.Chunk(200))
                {
                    foreach (var sent in await client.BatchAsync(chunk, cancellationToken))
                    {
                        // A node that refuses a transaction (rather than mining a revert) stops the run.
                        sent.Get<Hash32>();
                    }
                }
                await client.SendRawAsync("evm_mine", [], cancellationToken);
                blocks++;
                // Count what the block really holds: a reverted transaction emits nothing.
                var receipts = await client.SendAsync<JsonElement>("eth_getBlockReceipts", ["latest"], cancellationToken);
                var logs = 0;
                var reverted = 0;
                foreach (var receipt in receipts.EnumerateArray())
                {
                    logs += receipt.GetProperty("logs").GetArrayLength();
                    reverted += receipt.GetProperty("status").GetString() == "0x1" ? 0 : 1;
                }
                if (reverted > 0)
                {
                    Console.Error.WriteLine($"load: {reverted} of {calls.Count} transactions in block {blocks} reverted");
                }
                if (logs == 0)
                {
                    Console.Error.WriteLine($"omkt: block {blocks} holds no market event; is the market at {market} deployed with circuit {circuitId}?");
                    return CliRunner.Failure;
                }
                generated += logs;
                if (blocks % 25 == 0)
                {
                    Console.Error.WriteLine($"load: {generated} events in {blocks} blocks, {generated / clock.Elapsed.TotalSeconds:0} events/s");
                }
            }
            await client.SendRawAsync("evm_setAutomine", [true], cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {generated} market events in {blocks} blocks in {clock.Elapsed.TotalSeconds:0.0} s"));
            return CliRunner.Success;
        });
        return command;
    }

    private static RpcRequest Send(string from, long nonce, Address to, byte[] data, BigInteger value, long gas) =>
        new("eth_sendTransaction",
        [
            new Dictionary<string, string>
            {
                ["from"] = from,
                ["nonce"] = HexConvert.ToQuantity(nonce),
                ["to"] = to.ToLowerHex(),
                ["data"] = HexConvert.ToHex(data),
                ["value"] = HexConvert.ToQuantity(value),
                ["gas"] = HexConvert.ToQuantity(gas),
            },
        ]);

    private static (Address Market, Hash32 CircuitId) ReadDeployment(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var market = root.TryGetProperty("proofMarket", out var m) || root.TryGetProperty("market", out m)
                ? Address.Parse(m.GetString()!.ToLowerInvariant())
                : throw new CliUsageException($"{path} names no proofMarket");
            var circuit = root.TryGetProperty("rollupCircuitId", out var c)
                ? Hash32.Parse(c.GetString()!)
                : root.TryGetProperty("circuits", out var list) && list.GetArrayLength() > 0
                    ? Hash32.Parse(list[0].GetProperty("circuitId").GetString()!)
                    : throw new CliUsageException($"{path} names no registered circuit (rollupCircuitId)");
            return (market, circuit);
        }
        catch (Exception e) when (e is IOException or JsonException or FormatException or KeyNotFoundException)
        {
            throw new CliUsageException($"--addresses {path}: {e.Message}");
        }
    }
}
