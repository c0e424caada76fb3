namespace OnchainMarket.Simulation.Mechanisms;

/// <summary>
/// Open fulfilment as the contract settles a race (ProofMarket.commitProof / revealProof over
/// contracts/src/libraries/ProofRace.sol): a prover commits to its proof, then reveals it in a
/// later block; the first valid reveal is paid the request's full escrow (maxPrice: there is no
/// price discovery) and closes the request, so every other prover's work is wasted. Reveals are
/// fed in chain order (block, then position in the block). Not thread-safe.
/// </summary>
public sealed class ProofRace
{
    private readonly Dictionary<int, ulong> _commitBlocks = [];
    private Clearing? _winner;

    public ProofRace(ulong maxPrice)
    {
        MaxPrice = maxPrice;
    }

    public ulong MaxPrice { get; }

    /// <summary>Commitments stored (the contract's <c>commits</c>).</summary>
    public int Commits { get; private set; }

    /// <summary>Records a commitment landing in <paramref name="block"/>; a later one replaces an earlier one, as on-chain.</summary>
    public bool Commit(int prover, ulong block)
    {
        if (_winner is not null)
        {
            return false;
        }
        _commitBlocks[prover] = block;
        Commits++;
        return true;
    }

    /// <summary>
    /// A reveal landing in <paramref name="block"/>. It pays (and returns true) only if the request is
    /// still open, the prover committed in an earlier block and the proof verifies.
    /// </summary>
    public bool Reveal(int prover, ulong block, bool proofValid)
    {
        if (_winner is not null || !_commitBlocks.TryGetValue(prover, out var committed) || block <= committed || !proofValid)
        {
            return false;
        }
        _commitBlocks.Remove(prover);
        _winner = new Clearing(prover, MaxPrice);
        return true;
    }

    /// <summary>The paid prover and its pay (maxPrice), or null while no valid proof was revealed.</summary>
    public Clearing? Clear() => _winner;
}
