// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestStatus} from "../src/types/RequestStatus.sol";
import {Request} from "../src/types/Request.sol";
import {RequestParams} from "../src/types/RequestParams.sol";

/// @notice lock (reverse Dutch auction) and eligibility.
contract ProofMarketDutchTest is MarketTestBase {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = _submit(Mechanism.Dutch, 0);
    }

    function test_lock_assigns_at_the_current_ramp_price() public {
        skip(500);
        uint256 expected = MAX_PRICE / 10 + (MAX_PRICE - MAX_PRICE / 10) * 500 / 1_000;
        assertEq(market.currentPrice(id), expected, "half-way up the ramp");
        vm.prank(alice);
        market.lock(id);
        Request memory r = _req(id);
        assertEq(uint8(r.status), uint8(RequestStatus.Assigned), "assigned");
        assertEq(r.prover, alice, "alice");
        assertEq(r.price, expected, "price of the moment");
        assertEq(vault.freeStake(alice), STAKE - COLLATERAL, "collateral locked");
    }

    function test_lock_after_the_ramp_pays_maxPrice() public {
        skip(1_500);
        vm.prank(alice);
        market.lock(id);
        assertEq(_req(id).price, MAX_PRICE, "capped at maxPrice");
    }

    function test_RevertWhen_lock_twice() public {
        vm.prank(alice);
        market.lock(id);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongStatus.selector, id, uint8(RequestStatus.Assigned)));
        market.lock(id);
    }

    function test_RevertWhen_lock_by_a_prover_in_cooldown() public {
        uint256 other = _assignedDutch(1, bob);
        vm.warp(_req(other).proveBy + 1);
        market.slash(other);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, bob, bytes32("cooldown")));
        market.lock(id);
    }

    function test_RevertWhen_lock_by_a_prover_at_capacity() public {
        vm.prank(alice);
        market.setCapacity(1);
        _assignedDutch(1, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, alice, bytes32("capacity")));
        market.lock(id);
    }

    function test_RevertWhen_lock_without_enough_free_stake() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.requiredCollateral = uint96(STAKE + 1);
        uint256 big = _submit(p);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, alice, bytes32("stake")));
        market.lock(big);
    }

    function test_RevertWhen_lock_by_a_non_operator() public {
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        market.setCapacity(1);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, stranger, bytes32("operator")));
        market.lock(id);
    }

    function test_RevertWhen_lock_too_late_for_a_full_proving_window() public {
        vm.warp(_req(id).deadline - PROVING_WINDOW + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("lock")));
        market.lock(id);
    }

    function test_RevertWhen_lock_a_sealed_bid_request() public {
        uint256 sealedId = _submit(Mechanism.SealedBid, 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongMechanism.selector, sealedId, Mechanism.SealedBid));
        market.lock(sealedId);
    }

    function test_RevertWhen_lock_while_paused() public {
        vm.prank(owner);
        market.pause();
        vm.prank(alice);
        vm.expectRevert();
        market.lock(id);
    }

    function testFuzz_lock_price_is_monotone_and_within_bounds(uint256 t1, uint256 t2) public {
        t1 = bound(t1, 0, 2_000);
        t2 = bound(t2, t1, 2_000);
        uint256 start = block.timestamp;
        vm.warp(start + t1);
        uint256 p1 = market.currentPrice(id);
        vm.warp(start + t2);
        uint256 p2 = market.currentPrice(id);
        assertLe(p1, p2, "price never falls");
        assertGe(p1, MAX_PRICE / 10, "never below minPrice");
        assertLe(p2, MAX_PRICE, "never above maxPrice");
        vm.prank(alice);
        market.lock(id);
        assertEq(_req(id).price, p2, "locked at the quoted price");
    }
}
