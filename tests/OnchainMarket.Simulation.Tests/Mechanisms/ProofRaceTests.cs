using OnchainMarket.Simulation.Mechanisms;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Mechanisms;

public sealed class ProofRaceTests
{
    [Fact]
    public void The_first_valid_reveal_is_paid_the_full_max_price()
    {
        var race = new ProofRace(maxPrice: 1000);
        race.Commit(prover: 1, block: 10);
        race.Commit(prover: 2, block: 10);

        Assert.True(race.Reveal(2, block: 11, proofValid: true));
        Assert.False(race.Reveal(1, block: 11, proofValid: true));
        Assert.Equal(new Clearing(2, 1000), race.Clear());
    }

    [Fact]
    public void A_reveal_in_the_commitment_s_own_block_is_refused()
    {
        var race = new ProofRace(1000);
        race.Commit(1, 10);

        Assert.False(race.Reveal(1, 10, true));
        Assert.True(race.Reveal(1, 11, true));
    }

    [Fact]
    public void Reveals_without_commitment_or_with_an_invalid_proof_are_refused()
    {
        var race = new ProofRace(1000);
        race.Commit(1, 10);

        Assert.False(race.Reveal(2, 11, true));
        Assert.False(race.Reveal(1, 11, proofValid: false));
        Assert.Null(race.Clear());
    }

    [Fact]
    public void No_commitment_is_taken_after_the_race_is_won()
    {
        var race = new ProofRace(1000);
        race.Commit(1, 10);
        race.Reveal(1, 11, true);

        Assert.False(race.Commit(2, 12));
    }
}
