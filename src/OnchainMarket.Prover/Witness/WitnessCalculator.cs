using System.Numerics;
using System.Text;
using OnchainMarket.Prover.Files;
using Wasmtime;

namespace OnchainMarket.Prover.Witness;

/// <summary>
/// Runs a circom 2 witness generator (.wasm) in-process with Wasmtime, doing what circom's
/// witness_calculator.js does, and produces the same .wtns bytes as its generate_witness.js.
/// One instance per circuit; not thread-safe (the wasm instance has one shared buffer).
/// </summary>
public sealed class WitnessCalculator : IDisposable
{
    private static readonly string[] ErrorTexts =
    [
        "Unknown error.",
        "Signal not found.",
        "Too many signals set.",
        "Signal already set.",
        "Assert Failed.",
        "Not enough memory.",
        "Input signal array access exceeds the size.",
        "Out of bounds array access.",
    ];

    private readonly string _path;
    private readonly Engine _engine;
    private readonly Module _module;
    private readonly Linker _linker;
    private readonly Store _store;
    private readonly Instance _instance;
    private readonly Func<int> _getMessageChar;
    private readonly Func<int, int> _readShared;
    private readonly Action<int, int> _writeShared;
    private readonly Action<int> _init;
    private readonly Action<int, int, int> _setInputSignal;
    private readonly Func<int, int, int> _getInputSignalSize;
    private readonly Func<int> _getInputSize;
    private readonly Action<int> _getWitness;
    private readonly StringBuilder _errors = new();
    private readonly StringBuilder _log = new();
    private readonly WitnessLimits _limits;
    private int _errorCode;
    private volatile bool _timedOut;

    /// <param name="wasmPath">circom's witness generator.</param>
    /// <param name="cacheDirectory">
    /// Where compiled modules are kept between runs (compiling a large generator takes seconds);
    /// null = the user's cache folder (omkt/wasm), "" = no cache.
    /// </param>
    /// <param name="limits">Time, memory and size bounds (default <see cref="WitnessLimits.Default"/>).</param>
    public WitnessCalculator(string wasmPath, string? cacheDirectory = null, WitnessLimits? limits = null)
    {
        _path = wasmPath;
        _limits = limits ?? WitnessLimits.Default;
        if (!File.Exists(wasmPath))
        {
            throw new ProverInputException(wasmPath, "the witness generator .wasm does not exist");
        }
        // Epoch interruption lets a timer stop a generator that loops; its cost is one check per loop head.
        using (var config = new Config().WithEpochInterruption(true))
        {
            _engine = new Engine(config);
        }
        try
        {
            _module = LoadModule(_engine, wasmPath, cacheDirectory ?? DefaultCacheDirectory);
        }
        catch (WasmtimeException e)
        {
            _engine.Dispose();
            throw new ProverInputException(wasmPath, $"not a valid WebAssembly module ({FirstLine(e.Message)})", e);
        }
        _linker = new Linker(_engine);
        _store = new Store(_engine);
        // One memory, a few tables and instances: what circom emits; growth past the cap fails inside the module.
        _store.SetLimits(memorySize: _limits.MaxMemoryBytes, tableElements: 1_000_000, instances: 4, tables: 4, memories: 2);
        _linker.DefineFunction("runtime", "exceptionHandler", (int code) =>
        {
            _errorCode = code;
            throw new InvalidOperationException($"circuit error {code}");
        });
        _linker.DefineFunction("runtime", "printErrorMessage", () => { AppendCapped(_errors, ReadMessage() + "\n"); });
        _linker.DefineFunction("runtime", "writeBufferMessage", () =>
        {
            // The circuit's log(): kept, since a user may want it, but not printed here.
            AppendCapped(_log, ReadMessage());
        });
        _linker.DefineFunction("runtime", "showSharedRWMemory", () => { });
        try
        {
            using var deadline = ArmDeadline(CancellationToken.None);
            try
            {
                _instance = _linker.Instantiate(_store, _module);
            }
            catch (Exception e) when (e is WasmtimeException)
            {
                throw new ProverInputException(wasmPath, _timedOut ? $"instantiation ran past {_limits.Timeout.TotalSeconds:0.#} s" : $"cannot be instantiated ({FirstLine(e.Message)})", e);
            }
            _getMessageChar = Export<Func<int>>(_instance.GetFunction<int>("getMessageChar"), "getMessageChar");
            _readShared = Export(_instance.GetFunction<int, int>("readSharedRWMemory"), "readSharedRWMemory");
            _writeShared = Export(_instance.GetAction<int, int>("writeSharedRWMemory"), "writeSharedRWMemory");
            _init = Export(_instance.GetAction<int>("init"), "init");
            _setInputSignal = Export(_instance.GetAction<int, int, int>("setInputSignal"), "setInputSignal");
            _getInputSignalSize = Export(_instance.GetFunction<int, int, int>("getInputSignalSize"), "getInputSignalSize");
            _getInputSize = Export(_instance.GetFunction<int>("getInputSize"), "getInputSize");
            _getWitness = Export(_instance.GetAction<int>("getWitness"), "getWitness");
            var getFieldNumLen32 = Export(_instance.GetFunction<int>("getFieldNumLen32"), "getFieldNumLen32");
            var getRawPrime = Export(_instance.GetAction("getRawPrime"), "getRawPrime");
            var getWitnessSize = Export(_instance.GetFunction<int>("getWitnessSize"), "getWitnessSize");
            var getVersion = Export(_instance.GetFunction<int>("getVersion"), "getVersion");
            Version = CallValue(getVersion);
            N32 = CallValue(getFieldNumLen32);
            if (N32 is <= 0 or > 16)
            {
                throw new ProverInputException(wasmPath, $"unsupported field size of {N32} words");
            }
            Call(getRawPrime);
            Prime = ReadShared();
            WitnessSize = CallValue(getWitnessSize);
            if (WitnessSize <= 0 || WitnessSize > _limits.MaxWitnessSize || (long)WitnessSize * N32 * 4 > Array.MaxLength)
            {
                // Checked before anything of that size is allocated.
                throw new ProverInputException(wasmPath, $"claims {WitnessSize} witness values, outside 1..{_limits.MaxWitnessSize}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>$XDG_CACHE_HOME/omkt/wasm, or ~/.cache/omkt/wasm.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }
            return Path.Combine(root, "omkt", "wasm");
        }
    }

    /// <summary>
    /// Compiles the module, or loads the machine code compiled by an earlier run. The cache key is the
    /// hash of the .wasm and of the Wasmtime library, so a changed file or runtime never reuses stale code.
    /// </summary>
    private static Module LoadModule(Engine engine, string wasmPath, string cacheDirectory)
    {
        var bytes = File.ReadAllBytes(wasmPath);
        if (cacheDirectory.Length == 0)
        {
            return Module.FromBytes(engine, Path.GetFileName(wasmPath), bytes);
        }
        var runtime = typeof(Engine).Assembly.ManifestModule.ModuleVersionId.ToString();
        // The engine's settings are part of the key: code compiled without epoch checks must never be loaded into this engine.
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. bytes, .. Encoding.UTF8.GetBytes(runtime + "/epoch-interruption")]));
        var cached = Path.Combine(cacheDirectory, key + ".cwasm");
        if (File.Exists(cached))
        {
            try
            {
                return Module.DeserializeFile(engine, Path.GetFileName(wasmPath), cached);
            }
            catch (WasmtimeException)
            {
                // A corrupt or incompatible cache entry: compile again and replace it.
            }
        }
        var module = Module.FromBytes(engine, Path.GetFileName(wasmPath), bytes);
        try
        {
            Directory.CreateDirectory(cacheDirectory);
            var temporary = cached + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, module.Serialize());
            File.Move(temporary, cached, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation; a read-only home folder must not stop witness generation.
        }
        return module;
    }

    /// <summary>circom's major version that compiled the generator.</summary>
    public int Version { get; }

    /// <summary>Field element size in 32-bit words (8 for BN254).</summary>
    public int N32 { get; }

    public BigInteger Prime { get; }

    /// <summary>Number of witness values (wires), the constant one included.</summary>
    public int WitnessSize { get; }

    /// <summary>What the circuit printed with log() during the last calculation.</summary>
    public string Log => _log.ToString();

    private T Export<T>(T? function, string name) where T : class =>
        function ?? throw new ProverInputException(_path, $"not a circom witness generator: export {name} is missing or has another signature");

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private string ReadMessage()
    {
        // A hostile module may never end its message: read at most the cap, keep only printable text.
        var message = new StringBuilder();
        var read = 0;
        for (var c = _getMessageChar(); c != 0 && read < _limits.MaxMessageChars; c = _getMessageChar(), read++)
        {
            message.Append(c is >= 0x20 and < 0x7F or >= 0xA0 and <= 0xFFFF && !char.IsControl((char)c) ? (char)c : '?');
        }
        return message.ToString();
    }

    private void AppendCapped(StringBuilder target, string text)
    {
        if (target.Length < _limits.MaxMessageChars)
        {
            target.Append(text.AsSpan(0, Math.Min(text.Length, _limits.MaxMessageChars - target.Length)));
        }
    }

    /// <summary>
    /// Arms the time limit: the store traps at the next epoch, which a timer (the limit) or the
    /// caller's cancellation advances. Disposing disarms it.
    /// </summary>
    private IDisposable ArmDeadline(CancellationToken cancellationToken)
    {
        _timedOut = false;
        _store.SetEpochDeadline(1);
        var engine = _engine;
        var timer = new Timer(_ =>
        {
            _timedOut = true;
            engine.IncrementEpoch();
        }, null, _limits.Timeout, System.Threading.Timeout.InfiniteTimeSpan);
        var registration = cancellationToken.Register(engine.IncrementEpoch);
        return new Disarm(timer, registration);
    }

    private sealed class Disarm(Timer timer, CancellationTokenRegistration registration) : IDisposable
    {
        public void Dispose()
        {
            registration.Dispose();
            // Wait for a callback in flight so that it cannot advance the epoch of the next calculation.
            using var done = new ManualResetEvent(false);
            if (timer.Dispose(done))
            {
                done.WaitOne();
            }
        }
    }

    private BigInteger ReadShared()
    {
        var bytes = new byte[N32 * 4];
        ReadShared(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    private void ReadShared(Span<byte> destination)
    {
        for (var j = 0; j < N32; j++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(destination[(j * 4)..], _readShared(j));
        }
    }

    /// <summary>Computes the witness for <paramref name="input"/>.</summary>
    public WtnsFile Calculate(CircuitInput input, CancellationToken cancellationToken = default)
    {
        _errors.Clear();
        _log.Clear();
        _errorCode = 0;
        using var deadline = ArmDeadline(cancellationToken);
        try
        {
            return CalculateArmed(input, cancellationToken);
        }
        catch (WitnessCalculationException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's cancellation advanced the epoch: report it as such.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (WasmtimeException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure(e);
        }
    }

    private WtnsFile CalculateArmed(CircuitInput input, CancellationToken cancellationToken)
    {
        var n8 = N32 * 4;
        var word = new byte[n8];
        Call(() => _init(0));
        var counter = 0;
        foreach (var (name, values) in input.Signals)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hash = Fnv1a(name);
            var msb = (int)(hash >> 32);
            var lsb = (int)(uint)hash;
            var size = CallValue(() => _getInputSignalSize(msb, lsb));
            if (size < 0)
            {
                throw new WitnessCalculationException($"Signal {name} not found", 1, "");
            }
            if (values.Length < size)
            {
                throw new WitnessCalculationException($"Not enough values for input signal {name}: {values.Length} of {size}", 0, "");
            }
            if (values.Length > size)
            {
                throw new WitnessCalculationException($"Too many values for input signal {name}: {values.Length}, expected {size}", 2, "");
            }
            for (var i = 0; i < values.Length; i++)
            {
                var value = values[i] % Prime;
                if (value.Sign < 0)
                {
                    value += Prime;
                }
                Array.Clear(word);
                value.TryWriteBytes(word, out _, isUnsigned: true, isBigEndian: false);
                for (var j = 0; j < N32; j++)
                {
                    _writeShared(j, BitConverter.ToInt32(word, j * 4));
                }
                var position = i;
                Call(() => _setInputSignal(msb, lsb, position));
                counter++;
            }
        }
        var expected = CallValue(_getInputSize);
        if (counter < expected)
        {
            throw new WitnessCalculationException($"Not all inputs have been set. Only {counter} out of {expected}", 0, "");
        }

        var result = new byte[WitnessSize * n8];
        for (var i = 0; i < WitnessSize; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            _getWitness(i);
            ReadShared(result.AsSpan(i * n8, n8));
        }
        return new WtnsFile(Prime, n8, result);
    }

    /// <summary>Reads the input JSON file and computes the witness.</summary>
    public WtnsFile Calculate(string inputJsonPath, CancellationToken cancellationToken = default) =>
        Calculate(CircuitInput.FromFile(inputJsonPath), cancellationToken);

    private T CallValue<T>(Func<T> function)
    {
        var value = default(T)!;
        Call(() => value = function());
        return value;
    }

    private void Call(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is WasmtimeException or InvalidOperationException)
        {
            throw Failure(e);
        }
    }

    /// <summary>What a trap means: the time limit, a circom runtime error (with the circuit's message), or another trap.</summary>
    private WitnessCalculationException Failure(Exception e)
    {
        if (_timedOut)
        {
            return new WitnessCalculationException($"the witness generator ran past its limit of {_limits.Timeout.TotalSeconds:0.#} s", 0, "");
        }
        var code = _errorCode;
        var circuitMessage = _errors.ToString().TrimEnd('\n');
        var text = code > 0 && code < ErrorTexts.Length ? ErrorTexts[code] : code == 0 ? $"the circuit trapped ({FirstLine(e.Message)})" : ErrorTexts[0];
        var message = circuitMessage.Length > 0 ? $"{text} {circuitMessage.Replace('\n', ' ')}" : text;
        return new WitnessCalculationException(message, code, circuitMessage);
    }

    /// <summary>FNV-1a 64 over the UTF-16 code units of the signal name, as circom hashes signal names.</summary>
    public static ulong Fnv1a(string name)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }

    public void Dispose()
    {
        _store?.Dispose();
        _linker?.Dispose();
        _module?.Dispose();
        _engine?.Dispose();
    }
}
