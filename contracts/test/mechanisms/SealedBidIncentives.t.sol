// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "../utils/MarketTestBase.sol";
import {Mechanism} from "../../src/types/Mechanism.sol";
import {Request} from "../../src/types/Request.sol";
import {RequestStatus} from "../../src/types/RequestStatus.sol";
import {MarketParams} from "../../src/types/MarketParams.sol";
import {IProofMarket} from "../../src/interfaces/IProofMarket.sol";

/// @notice Incentive properties of the sealed-bid auction, played on the real market: truthful
/// bidding is dominant, selective non-reveal loses money under the default bond, unrevealed bonds
/// are burned (never the requester's).
contract SealedBidIncentivesTest is MarketTestBase {
    /// @dev Runs one auction where each listed prover commits (in list order) and, if `reveal[i]`,
    /// reveals `bids[i]`; returns the winner (zero if none) and the clearing price.
    function _auction(address[] memory who, uint96[] memory bids, bool[] memory reveal)
        internal
        returns (uint256 id, address winner, uint256 price)
    {
        id = _submit(Mechanism.SealedBid, 0);
        for (uint256 i; i < who.length; ++i) {
            _commit(id, who[i], bids[i]);
        }
        _toRevealPhase(id);
        for (uint256 i; i < who.length; ++i) {
            if (reveal[i]) _reveal(id, who[i], bids[i]);
        }
        _afterReveal(id);
        market.finalize(id);
        Request memory r = _req(id);
        if (r.status == RequestStatus.Assigned) (winner, price) = (r.prover, r.price);
    }

    function _three(address a, address b, address c) internal pure returns (address[] memory w) {
        w = new address[](3);
        (w[0], w[1], w[2]) = (a, b, c);
    }

    function _bids(uint96 a, uint96 b, uint96 c) internal pure returns (uint96[] memory x) {
        x = new uint96[](3);
        (x[0], x[1], x[2]) = (a, b, c);
    }

    function _flags(bool a, bool b, bool c) internal pure returns (bool[] memory f) {
        f = new bool[](3);
        (f[0], f[1], f[2]) = (a, b, c);
    }

    /// @dev Attacker = alice (low bid a) + bob (second identity, bid b); carol bids h honestly.
    /// Payoff of the attacker in wei (may be negative): price received minus cost if one of its
    /// identities wins, minus bonds forfeited.
    function _attackerPayoff(uint96 a, uint96 b, uint96 h, uint96 cost, bool hideA) internal returns (int256) {
        uint256 snap = vm.snapshotState();
        uint256 burnedBefore = market.burned(address(0));
        (, address winner, uint256 price) = _auction(_three(alice, bob, carol), _bids(a, b, h), _flags(!hideA, true, true));
        uint256 forfeited = market.burned(address(0)) - burnedBefore;
        int256 payoff;
        if (winner == alice || winner == bob) payoff = int256(price) - int256(uint256(cost));
        payoff -= int256(forfeited);
        vm.revertToState(snap);
        return payoff;
    }

    /// @notice Hiding the low bid never pays under the default bond (100% of maxPrice): whatever
    /// the honest bid h and the attacker's bids and cost, hiding yields strictly less than revealing.
    function testFuzz_selective_non_reveal_loses_money_under_default_params(
        uint96 a,
        uint96 b,
        uint96 h,
        uint96 cost
    ) public {
        a = uint96(bound(a, 1, MAX_PRICE));
        b = uint96(bound(b, a, MAX_PRICE));
        h = uint96(bound(h, 1, MAX_PRICE));
        cost = uint96(bound(cost, 0, MAX_PRICE));
        int256 honest = _attackerPayoff(a, b, h, cost, false);
        int256 attack = _attackerPayoff(a, b, h, cost, true);
        assertTrue(attack < honest, "hiding the low bid must cost the attacker money");
    }

    /// @notice A 10% bond would make the attack pay (hiding a 0.1 bid so a 0.2 one wins at 1.0
    /// gains 0.8 for a 0.1 bond), so governance cannot set a bond below maxPrice at all.
    function test_RevertWhen_bond_below_what_selective_non_reveal_needs() public {
        MarketParams memory mp = market.params();
        mp.bidBondBps = 1_000;
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(IProofMarket.ParameterOutOfRange.selector, bytes32("bidBondBps"), 1_000, 10_000, 20_000)
        );
        market.setParams(mp);
    }

    /// @notice The requester's shill ladder (F9): it commits shills at several prices, and after the
    /// honest reveals shows only the shill just above the winner, collapsing the second price.
    /// Its unrevealed shills' bonds are burned, so the ladder costs it more than it saves.
    function test_RequesterShillLadderLosesMoney_F9() public {
        address shill1 = makeAddr("shill1");
        address shill2 = makeAddr("shill2");
        _onboard(shill1, STAKE);
        _onboard(shill2, STAKE);
        // Honest: alice 0.3, carol 0.9. Without shills alice is paid 0.9.
        uint256 id = _submit(Mechanism.SealedBid, 0);
        _commit(id, alice, 0.3 ether);
        _commit(id, carol, 0.9 ether);
        _commit(id, shill1, 0.31 ether);
        _commit(id, shill2, 0.6 ether);
        uint256 spent = 2 * uint256(MAX_PRICE); // the two shill bonds, from the requester's pocket
        _toRevealPhase(id);
        _reveal(id, alice, 0.3 ether);
        _reveal(id, carol, 0.9 ether);
        _reveal(id, shill1, 0.31 ether); // just above alice; shill2 stays hidden
        _afterReveal(id);
        market.finalize(id);
        assertEq(_req(id).price, 0.31 ether, "the ladder collapsed the second price");
        uint256 saved = 0.9 ether - 0.31 ether;
        uint256 back = _claim(address(0), shill1) + _claim(address(0), shill2) + _claim(address(0), requester);
        assertEq(back, MAX_PRICE, "only the revealed shill's bond comes back; nothing forfeited reaches the requester");
        assertGt(spent - back, saved, "the hidden shill's burned bond exceeds what the ladder saved");
    }

    /// @dev Utility of alice (true cost v) bidding `bid` against bob's x and carol's y (each may abstain).
    function _utility(uint96 v, uint96 bid, uint96 x, uint96 y, bool bobBids, bool carolBids)
        internal
        returns (int256 u)
    {
        uint256 snap = vm.snapshotState();
        uint256 n = 1 + (bobBids ? 1 : 0) + (carolBids ? 1 : 0);
        address[] memory who = new address[](n);
        uint96[] memory bids = new uint96[](n);
        bool[] memory rev = new bool[](n);
        who[0] = alice;
        bids[0] = bid;
        uint256 j = 1;
        if (bobBids) (who[j], bids[j]) = (bob, x);
        if (bobBids) ++j;
        if (carolBids) (who[j], bids[j]) = (carol, y);
        for (uint256 i; i < n; ++i) {
            rev[i] = true;
        }
        (, address winner, uint256 price) = _auction(who, bids, rev);
        if (winner == alice) u = int256(price) - int256(uint256(v));
        vm.revertToState(snap);
    }

    /// @notice Truthful bidding is a dominant strategy: for every profile of the others' bids, no
    /// misreport gives alice a higher utility than bidding her true cost.
    function testFuzz_truthful_bid_is_never_worse_than_a_misreport(
        uint96 v,
        uint96 misreport,
        uint96 x,
        uint96 y,
        bool bobBids,
        bool carolBids
    ) public {
        v = uint96(bound(v, 0, MAX_PRICE));
        misreport = uint96(bound(misreport, 0, MAX_PRICE));
        x = uint96(bound(x, 0, MAX_PRICE));
        y = uint96(bound(y, 0, MAX_PRICE));
        int256 truthful = _utility(v, v, x, y, bobBids, carolBids);
        int256 lie = _utility(v, misreport, x, y, bobBids, carolBids);
        assertTrue(truthful >= lie, "a misreport beat the truthful bid");
    }

    /// @notice Every unrevealed commit's bond is burned; revealed bonds go back (the winner's once it
    /// is assigned). The requester gets its escrow back at most, never a bond.
    function testFuzz_unrevealed_bonds_are_burned_not_paid_to_the_requester(bool ra, bool rb, bool rc) public {
        uint256 requesterBefore = _claim(address(0), requester);
        (uint256 id,,) = _auction(_three(alice, bob, carol), _bids(0.3 ether, 0.4 ether, 0.5 ether), _flags(ra, rb, rc));
        uint256 unrevealed = (ra ? 0 : 1) + (rb ? 0 : 1) + (rc ? 0 : 1);
        uint256 bond = MAX_PRICE;
        uint256 refund = _status(id) == RequestStatus.Expired ? MAX_PRICE : 0;
        assertEq(_claim(address(0), requester) - requesterBefore, refund, "no bond reaches the requester");
        assertEq(market.burned(address(0)), unrevealed * bond, "forfeited bonds burned");
        assertEq(_claim(address(0), alice), ra ? bond : 0, "alice's bond back only if revealed");
        assertEq(_claim(address(0), bob), rb ? bond : 0, "bob's bond back only if revealed");
        assertEq(_claim(address(0), carol), rc ? bond : 0, "carol's bond back only if revealed");
    }
}
