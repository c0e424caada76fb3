namespace OnchainMarket.Agent.Proving;

/// <summary>
/// What the prover client may fetch on the word of the chain. Circuit URIs and request input URIs
/// are written by whoever registered the circuit or posted the request, so by default only https
/// to public addresses is fetched, without redirects, within a size cap and a deadline; a local
/// file is read only from the operator's mirror folder. Every fetched byte is checked against the
/// content hash the chain gives before it is used.
/// </summary>
public sealed record FetchPolicy
{
    /// <summary>Also fetch plain http:// (a local test server, a trusted LAN mirror).</summary>
    public bool AllowHttp { get; init; }

    /// <summary>Also reach loopback, private, link-local (cloud metadata) and other non-public addresses.</summary>
    public bool AllowPrivateHosts { get; init; }

    /// <summary>
    /// A folder the operator fills with circuit files and inputs. Circuit files are found in it by
    /// content hash; a request's file:// or path input URI is read only when it resolves inside it.
    /// Null: no chain-supplied local path is ever read.
    /// </summary>
    public string? MirrorFolder { get; init; }

    /// <summary>Largest request input (circom input JSON) accepted.</summary>
    public long MaxInputBytes { get; init; } = 1 << 20;

    /// <summary>Largest witness generator (.wasm) accepted.</summary>
    public long MaxWasmBytes { get; init; } = 64L << 20;

    /// <summary>Largest proving key (.zkey) accepted.</summary>
    public long MaxZkeyBytes { get; init; } = 4L << 30;

    /// <summary>Deadline of one fetch, connection to last byte.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest constraint count a circuit may declare (2^34: well above any Groth16 circuit proved today).</summary>
    public ulong MaxConstraints { get; init; } = 1UL << 34;

    public static FetchPolicy Default { get; } = new();
}
