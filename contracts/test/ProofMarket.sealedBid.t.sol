// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestStatus} from "../src/types/RequestStatus.sol";
import {Request} from "../src/types/Request.sol";
import {RequestParams} from "../src/types/RequestParams.sol";
import {SealedBidAuction} from "../src/libraries/SealedBidAuction.sol";

/// @notice commitBid / revealBid / finalize / reclaimBond.
contract ProofMarketSealedBidTest is MarketTestBase {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = _submit(Mechanism.SealedBid, 0);
    }

    // ------------------------------------------------------------------ commit

    function test_commitBid_stores_the_commitment_and_takes_the_bond() public {
        uint256 before = address(market).balance;
        _commit(id, alice, 0.5 ether);
        assertEq(address(market).balance - before, MAX_PRICE, "bond = 100% of maxPrice by default");
        assertEq(market.bidCommitment(id, alice).seq, 1, "first commit has seq 1");
        assertEq(_req(id).commits, 1, "commit counted");
    }

    function test_RevertWhen_commitBid_twice() public {
        _commit(id, alice, 0.5 ether);
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.AlreadyCommitted.selector, id, alice));
        market.commitBid{value: MAX_PRICE}(id, bytes32(uint256(1) << 255));
    }

    function test_RevertWhen_commitBid_with_the_wrong_bond() public {
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongPayment.selector, 1 wei, MAX_PRICE));
        market.commitBid{value: 1 wei}(id, keccak256("c"));
    }

    function test_RevertWhen_commitBid_after_the_commit_window() public {
        _toRevealPhase(id);
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("commit")));
        market.commitBid{value: MAX_PRICE}(id, keccak256("c"));
    }

    function test_RevertWhen_commitBid_on_a_Dutch_request() public {
        uint256 dutch = _submit(Mechanism.Dutch, 1);
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongMechanism.selector, dutch, Mechanism.Dutch));
        market.commitBid{value: MAX_PRICE}(dutch, keccak256("c"));
    }

    function test_RevertWhen_commitBid_on_an_unknown_request() public {
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.UnknownRequest.selector, 999));
        market.commitBid(999, keccak256("c"));
    }

    function test_RevertWhen_commitBid_with_a_zero_digest() public {
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.CommitmentMismatch.selector, id, alice));
        market.commitBid{value: MAX_PRICE}(id, bytes32(uint256(7)));
    }

    function test_RevertWhen_commitBid_while_paused() public {
        vm.prank(owner);
        market.pause();
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert();
        market.commitBid{value: MAX_PRICE}(id, keccak256("c"));
    }

    // ------------------------------------------------------------------ reveal

    function test_revealBid_returns_the_bond_and_tracks_best_and_second() public {
        _commit(id, alice, 0.5 ether);
        _commit(id, bob, 0.3 ether);
        _commit(id, carol, 0.4 ether);
        _toRevealPhase(id);
        _reveal(id, alice, 0.5 ether);
        _reveal(id, bob, 0.3 ether);
        _reveal(id, carol, 0.4 ether);
        Request memory r = _req(id);
        assertEq(r.prover, bob, "lowest bid leads");
        assertEq(r.price, 0.3 ether, "best price");
        assertEq(r.secondPrice, 0.4 ether, "second price");
        assertEq(r.reveals, 3, "three reveals");
        assertEq(_claim(address(0), alice), MAX_PRICE, "alice's bond claimable");
    }

    function test_revealBid_tie_goes_to_the_earlier_commit() public {
        _commit(id, alice, 0.5 ether);
        _commit(id, bob, 0.5 ether);
        _toRevealPhase(id);
        _reveal(id, bob, 0.5 ether);
        _reveal(id, alice, 0.5 ether);
        assertEq(_req(id).prover, alice, "alice committed first");
        assertEq(_req(id).secondPrice, 0.5 ether, "second equals best on a tie");
    }

    function test_RevertWhen_revealBid_does_not_match() public {
        _commit(id, alice, 0.5 ether);
        _toRevealPhase(id);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.CommitmentMismatch.selector, id, alice));
        market.revealBid(id, 0.4 ether, _salt(alice, 0.5 ether));
    }

    function test_RevertWhen_revealBid_during_the_commit_window() public {
        _commit(id, alice, 0.5 ether);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("reveal")));
        _reveal(id, alice, 0.5 ether);
    }

    function test_RevertWhen_revealBid_after_the_reveal_window() public {
        _commit(id, alice, 0.5 ether);
        _afterReveal(id);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("reveal")));
        _reveal(id, alice, 0.5 ether);
    }

    function test_RevertWhen_revealBid_twice() public {
        _commit(id, alice, 0.5 ether);
        _toRevealPhase(id);
        _reveal(id, alice, 0.5 ether);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NoCommitment.selector, id, alice));
        _reveal(id, alice, 0.5 ether);
    }

    function test_RevertWhen_revealBid_above_maxPrice() public {
        _commit(id, alice, 2 ether);
        _toRevealPhase(id);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.BidAboveMax.selector, 2 ether, MAX_PRICE));
        _reveal(id, alice, 2 ether);
    }

    function test_RevertWhen_revealBid_by_a_prover_without_capacity() public {
        _commit(id, alice, 0.5 ether);
        vm.prank(alice);
        market.setCapacity(0);
        _toRevealPhase(id);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, alice, bytes32("capacity")));
        _reveal(id, alice, 0.5 ether);
    }

    function test_RevertWhen_revealBid_by_an_unregistered_prover() public {
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        market.setCapacity(1);
        _commit(id, stranger, 0.5 ether);
        _toRevealPhase(id);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, stranger, bytes32("operator")));
        _reveal(id, stranger, 0.5 ether);
    }

    // ------------------------------------------------------------------ finalize

    function test_finalize_assigns_the_lowest_bid_at_the_second_price_and_locks_collateral() public {
        _commit(id, alice, 0.5 ether);
        _commit(id, bob, 0.3 ether);
        _toRevealPhase(id);
        _reveal(id, alice, 0.5 ether);
        _reveal(id, bob, 0.3 ether);
        _afterReveal(id);
        uint256 freeBefore = vault.freeStake(bob);
        market.finalize(id);
        Request memory r = _req(id);
        assertEq(uint8(r.status), uint8(RequestStatus.Assigned), "assigned");
        assertEq(r.prover, bob, "bob won");
        assertEq(r.price, 0.5 ether, "paid the second price");
        assertEq(r.proveBy, block.timestamp + PROVING_WINDOW, "proving window started");
        assertEq(freeBefore - vault.freeStake(bob), COLLATERAL, "collateral locked");
        assertEq(market.operatorState(bob).active, 1, "one active assignment");
    }

    function test_finalize_pays_maxPrice_to_a_single_bid() public {
        uint256 assigned = _assignedSealed(1, alice, 0.2 ether);
        assertEq(_req(assigned).price, MAX_PRICE, "single bid clears at maxPrice");
    }

    function test_finalize_burns_unrevealed_bonds_and_returns_the_winners() public {
        _commit(id, alice, 0.5 ether);
        _commit(id, bob, 0.3 ether);
        _toRevealPhase(id);
        _reveal(id, alice, 0.5 ether);
        assertEq(_claim(address(0), alice), 0, "the best bid's bond is held until assignment");
        _afterReveal(id);
        market.finalize(id);
        assertEq(_claim(address(0), requester), 0, "bob's bond never reaches the requester");
        assertEq(market.burned(address(0)), MAX_PRICE, "bob's bond burned");
        assertEq(_claim(address(0), alice), MAX_PRICE, "alice's bond returned once she is assigned");
        assertEq(_req(id).prover, alice, "alice assigned");
    }

    function test_finalize_without_reveals_reopens_as_Dutch() public {
        _commit(id, alice, 0.5 ether);
        _afterReveal(id);
        market.finalize(id);
        Request memory r = _req(id);
        assertEq(uint8(r.status), uint8(RequestStatus.Open), "open again");
        assertEq(uint8(r.mechanism), uint8(Mechanism.Dutch), "as a Dutch auction");
        assertEq(r.round, 1, "round 1");
    }

    function test_finalize_without_reveals_and_without_fallback_expires() public {
        RequestParams memory p = _params(Mechanism.SealedBid, 2);
        p.fallbackToAuction = false;
        uint256 other = _submit(p);
        _afterReveal(other);
        market.finalize(other);
        assertEq(uint8(_status(other)), uint8(RequestStatus.Expired), "expired");
        assertEq(_claim(address(0), requester), MAX_PRICE, "escrow refunded");
    }

    function test_finalize_of_a_winner_that_lost_eligibility_reopens_without_it() public {
        _commit(id, alice, 0.5 ether);
        _toRevealPhase(id);
        _reveal(id, alice, 0.5 ether);
        vm.prank(alice);
        market.setCapacity(0);
        _afterReveal(id);
        market.finalize(id);
        Request memory r = _req(id);
        assertEq(uint8(r.mechanism), uint8(Mechanism.Dutch), "re-opened");
        assertEq(r.prover, alice, "alice is the excluded prover");
        vm.prank(alice);
        market.setCapacity(4);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, alice, bytes32("excluded")));
        market.lock(id);
    }

    function test_RevertWhen_finalize_before_the_reveal_window_ends() public {
        _toRevealPhase(id);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("finalize")));
        market.finalize(id);
    }

    function test_RevertWhen_finalize_twice() public {
        _assignedSealed(3, alice, 0.5 ether);
        uint256 last = market.requestCount();
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongStatus.selector, last, uint8(RequestStatus.Assigned)));
        market.finalize(last);
    }

    // ------------------------------------------------------------------ reclaimBond

    function test_reclaimBond_returns_a_bond_after_cancel() public {
        _commit(id, alice, 0.5 ether);
        vm.prank(requester);
        market.cancel(id);
        vm.prank(alice);
        market.reclaimBond(id);
        assertEq(_claim(address(0), alice), MAX_PRICE, "bond back");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NoCommitment.selector, id, alice));
        market.reclaimBond(id);
    }

    function test_RevertWhen_reclaimBond_of_a_bond_already_forfeited() public {
        _commit(id, alice, 0.5 ether);
        _afterReveal(id);
        market.finalize(id);
        assertEq(market.burned(address(0)), MAX_PRICE, "bond burned at finalize");
        vm.prank(requester);
        market.cancel(id);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NoCommitment.selector, id, alice));
        market.reclaimBond(id);
    }

    function test_RevertWhen_reclaimBond_on_a_live_request() public {
        _commit(id, alice, 0.5 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongStatus.selector, id, uint8(RequestStatus.Open)));
        market.reclaimBond(id);
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev Whatever the three bids, the clearing price lies in [winning bid, maxPrice] and the
    /// lowest bid wins.
    function testFuzz_clearing_price_between_winning_bid_and_maxPrice(uint96 a, uint96 b, uint96 c) public {
        a = uint96(bound(a, 0, MAX_PRICE));
        b = uint96(bound(b, 0, MAX_PRICE));
        c = uint96(bound(c, 0, MAX_PRICE));
        _commit(id, alice, a);
        _commit(id, bob, b);
        _commit(id, carol, c);
        _toRevealPhase(id);
        _reveal(id, carol, c);
        _reveal(id, alice, a);
        _reveal(id, bob, b);
        uint96 lowest = a <= b && a <= c ? a : (b <= c ? b : c);
        address expectedWinner = a == lowest ? alice : (b == lowest ? bob : carol);
        _afterReveal(id);
        market.finalize(id);
        Request memory r = _req(id);
        assertEq(r.prover, expectedWinner, "lowest bid, earliest commit wins");
        assertGe(r.price, lowest, "clearing price >= winning bid");
        assertLe(r.price, MAX_PRICE, "clearing price <= maxPrice");
    }
}
