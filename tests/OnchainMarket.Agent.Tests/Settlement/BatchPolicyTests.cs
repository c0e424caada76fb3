using CsCheck;
using OnchainMarket.Agent.Settlement;
using OnchainMarket.Ethereum;
using Xunit;

namespace OnchainMarket.Agent.Tests.Settlement;

/// <summary>The batch policy against a clock that is only a number: no waiting, no chain.</summary>
public sealed class BatchPolicyTests
{
    private const long T0 = 1_000_000;
    private static readonly Hash32 CircuitA = Hash32.Parse("0x" + new string('a', 64));
    private static readonly Hash32 CircuitB = Hash32.Parse("0x" + new string('b', 64));

    // 20 s wait, 8 a batch, 30 s margin: a proof needs more than 50 s left to be held.
    private static readonly BatchPolicy Policy = new(new BatchOptions { MaxWait = TimeSpan.FromSeconds(20), MaxSize = 8, InclusionMarginSeconds = 30 });

    private static ReadyProof Proof(int id, long readyAt = T0, long window = 3_600, Hash32? circuit = null) =>
        new(id, 0, circuit ?? CircuitA, readyAt, readyAt + window);

    [Fact]
    public void A_lone_proof_is_held_until_its_wait_is_over_then_sent_alone()
    {
        var held = new[] { Proof(1) };

        Assert.Empty(Policy.Due(held, T0 + 19));
        var plan = Assert.Single(Policy.Due(held, T0 + 20));
        Assert.False(plan.IsBatch);
    }

    [Fact]
    public void Eight_ready_proofs_of_one_circuit_go_at_once_in_one_batch_ordered_by_id()
    {
        var held = Enumerable.Range(1, 8).Reverse().Select(i => Proof(i, readyAt: T0 + i)).ToList();

        var plan = Assert.Single(Policy.Due(held, T0 + 8));

        Assert.True(plan.IsBatch);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (System.Numerics.BigInteger)i), plan.Proofs.Select(p => p.RequestId));
    }

    [Fact]
    public void Seven_proofs_wait_for_an_eighth_until_the_oldest_has_waited_its_time()
    {
        var held = Enumerable.Range(1, 7).Select(i => Proof(i, readyAt: T0 + i)).ToList();

        Assert.Empty(Policy.Due(held, T0 + 20));
        var plan = Assert.Single(Policy.Due(held, T0 + 21));
        Assert.Equal(7, plan.Proofs.Count);
    }

    [Fact]
    public void A_proof_whose_window_is_about_to_close_is_never_held()
    {
        var closing = Proof(1, window: 50);
        var roomy = Proof(2);

        Assert.False(Policy.MayHold(closing));
        Assert.True(Policy.MayHold(roomy));
        // Handed in together, the closing one goes alone at once and the roomy one stays held.
        var plan = Assert.Single(Policy.Due([closing, roomy], T0));
        Assert.Equal(closing, Assert.Single(plan.Proofs));
    }

    [Fact]
    public void A_group_is_sent_early_when_waiting_on_would_leave_a_member_less_than_the_margin()
    {
        // 60 s left at ready: holdable, but by T0 + 10 only 50 s = wait + margin remain.
        var held = new[] { Proof(1, window: 60), Proof(2, readyAt: T0 + 5) };

        Assert.Empty(Policy.Due(held, T0 + 9));
        var plan = Assert.Single(Policy.Due(held, T0 + 10));
        Assert.True(plan.IsBatch);
    }

    [Fact]
    public void A_held_proof_whose_window_came_within_the_margin_goes_alone_not_in_the_batch()
    {
        // The chain's clock jumped: proof 1 has 30 s left, proofs 2 and 3 plenty.
        var held = new[] { Proof(1, window: 100), Proof(2), Proof(3) };

        var plans = Policy.Due(held, T0 + 70);

        Assert.Contains(plans, p => !p.IsBatch && p.Proofs[0].RequestId == 1);
        Assert.Contains(plans, p => p.IsBatch && p.Proofs.Select(x => (int)x.RequestId).SequenceEqual([2, 3]));
    }

    [Fact]
    public void Circuits_are_never_mixed_in_one_batch()
    {
        var held = Enumerable.Range(1, 8).Select(i => Proof(i, circuit: CircuitA))
            .Concat(Enumerable.Range(9, 3).Select(i => Proof(i, circuit: CircuitB))).ToList();

        var plans = Policy.Due(held, T0);

        // A's batch is full and goes; B's three wait for their time.
        var plan = Assert.Single(plans);
        Assert.All(plan.Proofs, p => Assert.Equal(CircuitA, p.CircuitId));
    }

    [Fact]
    public void More_than_a_batch_is_split_into_full_batches_and_a_remainder_once_due()
    {
        var held = Enumerable.Range(1, 19).Select(i => Proof(i)).ToList();

        Assert.Equal([8, 8], Policy.Due(held, T0).Select(p => p.Proofs.Count));
        Assert.Equal([8, 8, 3], Policy.Due(held, T0 + 20).Select(p => p.Proofs.Count));
    }

    [Fact]
    public void On_stop_every_group_goes_now_still_batched_by_circuit()
    {
        var held = new[] { Proof(1), Proof(2), Proof(3, circuit: CircuitB), Proof(4, window: 100) };

        Assert.Empty(Policy.Due(held.Take(3), T0));
        var plans = Policy.Due(held, T0 + 70, all: true);

        Assert.Contains(plans, p => p.IsBatch && p.Proofs.Select(x => (int)x.RequestId).SequenceEqual([1, 2]));
        Assert.Contains(plans, p => !p.IsBatch && p.Proofs[0].RequestId == 3);
        Assert.Contains(plans, p => !p.IsBatch && p.Proofs[0].RequestId == 4);
        Assert.Equal(3, plans.Count);
    }

    [Fact]
    public void Bad_options_are_refused_with_the_value()
    {
        var e = Assert.Throws<ArgumentException>(() => new BatchPolicy(new BatchOptions { MaxWait = TimeSpan.FromSeconds(1), MaxSize = 1 }));
        Assert.Contains("1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new BatchPolicy(new BatchOptions { MaxWait = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public void Whatever_is_held_each_proof_is_sent_at_most_once_in_time_and_batches_are_one_circuit_in_id_order()
    {
        var gen = Gen.Select(Gen.Int[0, 40], Gen.Long[0, 30], Gen.Long[0, 400], Gen.Bool).Array[1, 40];
        gen.Sample(specs =>
        {
            var held = specs.Select((s, i) => Proof(i + 1, readyAt: T0 + s.Item2, window: 40 + s.Item3, circuit: s.Item4 ? CircuitA : CircuitB)).ToList();
            var now = T0 + 30;
            var plans = Policy.Due(held, now);
            var sent = plans.SelectMany(p => p.Proofs).ToList();
            Assert.Equal(sent.Count, sent.Distinct().Count());
            foreach (var plan in plans.Where(p => p.IsBatch))
            {
                Assert.Single(plan.Proofs.Select(p => p.CircuitId).Distinct());
                Assert.True(plan.Proofs.Zip(plan.Proofs.Skip(1)).All(x => x.First.RequestId < x.Second.RequestId), "ids must increase");
                Assert.True(plan.Proofs.Count <= 8);
                // Every member of a batch still has more than the margin left.
                Assert.All(plan.Proofs, p => Assert.True(p.ProveBy - now > 30));
            }
            // Nothing that must go now is left behind: a held proof has more than wait + margin left and waited less than the wait.
            foreach (var p in held.Except(sent))
            {
                Assert.True(p.ProveBy - now > 50 && now < p.ReadyAt + 20, $"proof {p.RequestId} held too long");
            }
        });
    }
}
