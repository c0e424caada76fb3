using System.CommandLine;
using System.Globalization;
using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.Request;

/// <summary>`omkt request submit`: posts a proof request and escrows its max price.</summary>
internal static class RequestSubmitCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var signer = new SignerOptions(required: true);
        var circuit = new Option<string>("--circuit") { Description = "Circuit name (from the addresses file) or circuit id (0x...)", Required = true };
        var input = new Option<string?>("--input") { Description = "Input signals (circom input JSON) carried inline in the request" };
        var inputUri = new Option<string?>("--input-uri") { Description = "Where provers fetch the input instead (file path, file:// or http(s)://); --input gives the file to hash" };
        var publicInputs = new Option<string?>("--public") { Description = "Public inputs, comma-separated decimals (default: computed from --input with the circuit's witness generator)" };
        var mechanism = new Option<string>("--mechanism") { Description = "sealed (second-price sealed bid), dutch, orderbook or race", DefaultValueFactory = _ => "dutch" };
        mechanism.AcceptOnlyFromAmong("sealed", "dutch", "orderbook", "race");
        var maxPrice = new Option<string>("--max-price") { Description = "Most you pay, escrowed now (e.g. 0.01ether)", Required = true };
        var minPrice = new Option<string>("--min-price") { Description = "Dutch: where the price ramp starts", DefaultValueFactory = _ => "0" };
        var collateral = new Option<string>("--collateral") { Description = "Stake the assigned prover locks (stake token)", DefaultValueFactory = _ => "1ether" };
        var commitWindow = new Option<string>("--commit-window") { Description = "Sealed bid: how long bids can be committed", DefaultValueFactory = _ => "20s" };
        var revealWindow = new Option<string>("--reveal-window") { Description = "Sealed bid: how long bids can be revealed", DefaultValueFactory = _ => "20s" };
        var ramp = new Option<string>("--ramp") { Description = "Dutch: time for the price to reach --max-price", DefaultValueFactory = _ => "60s" };
        var provingWindow = new Option<string>("--proving-window") { Description = "Time the assigned prover has to deliver", DefaultValueFactory = _ => "120s" };
        var deadline = new Option<string>("--deadline") { Description = "Time from now after which the request cannot be served", DefaultValueFactory = _ => "15m" };
        var noFallback = new Option<bool>("--no-fallback") { Description = "Do not re-auction after a failure or slash; refund instead" };

        var command = new Command("submit", "Submit a proof request (prices in ether/gwei/wei; no floating point)")
        {
            addresses, rpc, signer, circuit, input, inputUri, publicInputs, mechanism, maxPrice, minPrice, collateral,
            commitWindow, revealWindow, ramp, provingWindow, deadline, noFallback,
        };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var max = ChainContext.ParseAmount(parse.GetValue(maxPrice)!, "--max-price");
            var min = ChainContext.ParseAmount(parse.GetValue(minPrice)!, "--min-price");
            var stake = ChainContext.ParseAmount(parse.GetValue(collateral)!, "--collateral");
            if (max.IsZero)
            {
                throw new CliUsageException("--max-price must be more than zero");
            }
            if (min > max)
            {
                throw new CliUsageException($"--min-price {TokenAmount.FormatEther(min)} is above --max-price {TokenAmount.FormatEther(max)}");
            }
            var uint96 = BigInteger.One << 96;
            if (max >= uint96 || stake >= uint96)
            {
                throw new CliUsageException("prices and collateral must fit in 96 bits (under 79 billion ether)");
            }
            var commit = ChainContext.ParseDuration(parse.GetValue(commitWindow)!, "--commit-window");
            var reveal = ChainContext.ParseDuration(parse.GetValue(revealWindow)!, "--reveal-window");
            var rampTime = ChainContext.ParseDuration(parse.GetValue(ramp)!, "--ramp");
            var window = ChainContext.ParseDuration(parse.GetValue(provingWindow)!, "--proving-window");
            var life = ChainContext.ParseDuration(parse.GetValue(deadline)!, "--deadline");
            var inputPath = parse.GetValue(input);
            var uri = parse.GetValue(inputUri);
            if (inputPath is null)
            {
                throw new CliUsageException("--input is required (the input JSON file; with --input-uri it is only hashed)");
            }
            if (!File.Exists(inputPath))
            {
                throw new CliUsageException($"--input {inputPath}: no such file");
            }
            var inputBytes = await File.ReadAllBytesAsync(inputPath, cancellationToken);

            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), signer.Read(parse), null, cancellationToken);
            var chain = context.Contracts;
            var circuitText = parse.GetValue(circuit)!;
            var known = context.Deployment.FindCircuit(circuitText);
            Hash32 circuitId;
            if (known is not null)
            {
                circuitId = Hash32.Parse(known.CircuitId);
            }
            else if (!Hash32.TryParse(circuitText, out circuitId))
            {
                throw new CliUsageException($"--circuit {circuitText}: unknown circuit (known: {string.Join(", ", context.Deployment.Circuits.Select(c => c.Name))}; or give a 0x circuit id)");
            }
            if (!await chain.IsCircuitRegisteredAsync(circuitId, cancellationToken))
            {
                throw new CliUsageException($"--circuit {circuitText}: circuit {circuitId} is not registered");
            }

            BigInteger[] publics;
            if (parse.GetValue(publicInputs) is { } publicText)
            {
                publics = [.. publicText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p =>
                    BigInteger.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new CliUsageException($"--public: '{p}' is not a decimal number"))];
            }
            else if (known is not null && File.Exists(known.Wasm))
            {
                try
                {
                    publics = WitnessPreview.PublicSignals(known.Wasm, System.Text.Encoding.UTF8.GetString(inputBytes), known.PublicInputs);
                }
                catch (Exception e) when (e is OnchainMarket.Prover.Files.ProverInputException or OnchainMarket.Prover.Witness.WitnessCalculationException)
                {
                    throw new CliUsageException($"--input {inputPath}: the circuit rejects it: {e.Message}");
                }
            }
            else
            {
                throw new CliUsageException("--public is required when the circuit's witness generator is not on this machine");
            }

            var balance = (await chain.Web3.Eth.GetBalance.SendRequestAsync(chain.Account.ToLowerHex()).WaitAsync(cancellationToken)).Value;
            if (max > balance)
            {
                throw new CliUsageException($"--max-price {TokenAmount.FormatEther(max)} is more than the account can escrow ({TokenAmount.FormatEther(balance)})");
            }

            var now = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                await context.Web3.TimestampAsync(cancellationToken));
            var kind = parse.GetValue(mechanism) switch
            {
                "sealed" => MarketMechanism.SealedBid,
                "orderbook" => MarketMechanism.Orderbook,
                "race" => MarketMechanism.Race,
                _ => MarketMechanism.Dutch,
            };
            var terms = new RequestTerms
            {
                CircuitId = circuitId,
                PublicInputs = publics,
                WitnessInline = uri is null ? inputBytes : [],
                WitnessUri = uri ?? string.Empty,
                WitnessHash = uri is null ? Hash32.Zero : Keccak256.Hash(inputBytes),
                MaxPrice = max,
                MinPrice = min,
                RequiredCollateral = stake,
                CommitDeadline = now + (long)commit.TotalSeconds,
                RevealDeadline = now + (long)(commit + reveal).TotalSeconds,
                RampDuration = (long)rampTime.TotalSeconds,
                ProvingWindow = (long)window.TotalSeconds,
                Deadline = now + (long)life.TotalSeconds,
                Mechanism = kind,
                FallbackToAuction = !parse.GetValue(noFallback),
                OrderbookHint = kind == MarketMechanism.Orderbook
                    ? await chain.RequestHintAsync(circuitId, max, cancellationToken)
                    : 0,
            };
            if (kind == MarketMechanism.SealedBid && terms.RevealDeadline + terms.ProvingWindow > terms.Deadline)
            {
                throw new CliUsageException("--deadline is too short for the commit and reveal windows plus the proving window");
            }
            if (terms.ProvingWindow > life.TotalSeconds)
            {
                throw new CliUsageException("--proving-window is longer than --deadline");
            }
            var (id, receipt) = await chain.SubmitAsync(terms, cancellationToken);
            Console.WriteLine($"request {id} submitted ({kind}, max {TokenAmount.FormatEther(max)} escrowed, public inputs [{string.Join(", ", publics)}]) in tx {receipt.TransactionHash}");
            Console.WriteLine($"follow it with: omkt request wait {id}");
            return 0;
        }));
        return command;
    }
}
