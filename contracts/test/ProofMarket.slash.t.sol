// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestStatus} from "../src/types/RequestStatus.sol";
import {Request} from "../src/types/Request.sol";
import {RequestParams} from "../src/types/RequestParams.sol";
import {MarketParams} from "../src/types/MarketParams.sol";

/// @notice slash, the split, cooldown, re-open with rescue bounty, exhaustion.
contract ProofMarketSlashTest is MarketTestBase {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = _assignedDutch(0, alice);
    }

    function _late() internal {
        vm.warp(_req(id).proveBy + 1);
    }

    /// @dev Alice locked at the ramp's start: the price, and so the requester's loss, is 0.1 ETH.
    uint256 internal constant PRICE = MAX_PRICE / 10;
    uint256 internal constant KEEPER_CAP = 0.01 ether;

    function test_slash_caps_compensation_and_bounty_at_the_price_and_burns_the_rest() public {
        assertEq(_req(id).price, PRICE, "assigned at minPrice");
        _late();
        vm.prank(keeper);
        market.slash(id);
        address st = address(stakeToken);
        assertEq(_claim(st, requester), PRICE, "compensation capped at the price (50% would be 5)");
        assertEq(_req(id).bounty, PRICE, "bounty capped at the price (30% would be 3)");
        assertEq(_claim(st, keeper), KEEPER_CAP, "keeper capped (5% would be 0.5)");
        assertEq(_claim(st, treasury), 0, "the treasury earns nothing from a failure");
        assertEq(market.burned(st), COLLATERAL - 2 * PRICE - KEEPER_CAP, "the rest burned");
        assertEq(stakeToken.balanceOf(address(market)), COLLATERAL, "the slashed stake sits in the market");
        assertEq(vault.freeStake(alice), STAKE - COLLATERAL, "alice lost the collateral");
    }

    function test_slash_pays_the_bps_shares_when_they_are_below_their_caps() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.requiredCollateral = 0.1 ether;
        p.minPrice = MAX_PRICE;
        uint256 other = _submit(p);
        vm.prank(bob);
        market.lock(other);
        vm.warp(_req(other).proveBy + 1);
        vm.prank(keeper);
        market.slash(other);
        address st = address(stakeToken);
        assertEq(_claim(st, requester), 0.05 ether, "50% of the collateral, below the 1 ETH price");
        assertEq(_req(other).bounty, 0.03 ether, "30%");
        assertEq(_claim(st, keeper), 0.005 ether, "5%, below the keeper cap");
        assertEq(market.burned(st), 0.015 ether, "15% burned");
    }

    function test_slash_emits_every_share() public {
        _late();
        vm.expectEmit(address(market));
        emit IProofMarket.ProverSlashed(
            id, alice, keeper, COLLATERAL, PRICE, PRICE, KEEPER_CAP, COLLATERAL - 2 * PRICE - KEEPER_CAP,
            block.timestamp + 1 hours
        );
        vm.prank(keeper);
        market.slash(id);
    }

    function test_slash_cools_the_operator_down_and_frees_its_slot() public {
        _late();
        market.slash(id);
        assertEq(market.operatorState(alice).cooldownUntil, block.timestamp + 1 hours, "cooldown");
        assertEq(market.operatorState(alice).active, 0, "slot freed");
        assertFalse(market.isEligible(alice, 0), "not eligible during cooldown");
        skip(1 hours);
        assertTrue(market.isEligible(alice, 0), "eligible again after cooldown");
    }

    function test_slash_reopens_as_Dutch_excluding_the_slashed_prover() public {
        uint96 oldPrice = _req(id).price;
        _late();
        market.slash(id);
        Request memory r = _req(id);
        assertEq(uint8(r.status), uint8(RequestStatus.Open), "open");
        assertEq(uint8(r.mechanism), uint8(Mechanism.Dutch), "Dutch");
        assertEq(r.round, 1, "round 1");
        assertEq(r.minPrice, oldPrice, "ramp starts at the old price");
        assertEq(r.prover, alice, "alice excluded");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, alice, bytes32("excluded")));
        market.lock(id);
    }

    function test_rescuer_is_paid_price_plus_bounty() public {
        _late();
        market.slash(id);
        vm.prank(bob);
        market.lock(id);
        uint256 bounty = _req(id).bounty;
        _fulfill(id, bob, 0);
        assertEq(_claim(address(stakeToken), bob), bounty, "rescue bounty to bob");
        assertEq(uint8(_status(id)), uint8(RequestStatus.Fulfilled), "fulfilled");
    }

    function test_slash_after_maxReopens_refunds_escrow_and_bounty() public {
        for (uint256 round; round < 2; ++round) {
            _late();
            market.slash(id);
            vm.prank(round == 0 ? bob : carol);
            market.lock(id);
        }
        _late();
        market.slash(id);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Expired), "expired after two re-opens");
        assertEq(_claim(address(0), requester), MAX_PRICE, "escrow refunded");
        // Rounds re-open at the failed price: 0.1 ETH each time, so each share is capped there.
        uint256 st = _claim(address(stakeToken), requester);
        assertEq(st, 3 * PRICE, "compensation per failure, each capped at the price");
        assertEq(_req(id).bounty, 0, "the unused bounties were burned, not refunded to the requester");
    }

    function test_slash_without_fallback_refunds() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.fallbackToAuction = false;
        uint256 other = _submit(p);
        vm.prank(bob);
        market.lock(other);
        vm.warp(_req(other).proveBy + 1);
        market.slash(other);
        assertEq(uint8(_status(other)), uint8(RequestStatus.Expired), "no fallback: expired");
    }

    function test_slash_too_close_to_the_deadline_refunds() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.deadline = uint32(block.timestamp + PROVING_WINDOW + 10);
        p.rampDuration = PROVING_WINDOW;
        uint256 other = _submit(p);
        vm.prank(bob);
        market.lock(other);
        vm.warp(_req(other).proveBy + 1);
        market.slash(other);
        assertEq(uint8(_status(other)), uint8(RequestStatus.Expired), "no time left: expired");
    }

    function test_RevertWhen_slash_inside_the_proving_window() public {
        vm.warp(_req(id).proveBy);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("slash")));
        market.slash(id);
    }

    function test_RevertWhen_slash_a_fulfilled_request() public {
        _fulfill(id, alice, 0);
        _late();
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongStatus.selector, id, uint8(RequestStatus.Fulfilled)));
        market.slash(id);
    }

    function test_slash_works_while_paused() public {
        vm.prank(owner);
        market.pause();
        _late();
        market.slash(id);
        assertEq(_req(id).round, 1, "slashed and re-opened while paused");
    }

    function testFuzz_slash_split_conserves_the_slashed_amount(uint16 req, uint16 bounty, uint16 kp) public {
        kp = uint16(bound(kp, 0, 1_000));
        req = uint16(bound(req, 0, 10_000 - kp));
        bounty = uint16(bound(bounty, 0, 10_000 - kp - req));
        MarketParams memory mp = market.params();
        (mp.slashRequesterBps, mp.slashBountyBps, mp.slashKeeperBps) = (req, bounty, kp);
        vm.prank(owner);
        market.setParams(mp);
        uint256 fresh = _assignedDutch(1, bob);
        vm.warp(_req(fresh).proveBy + 1);
        vm.prank(keeper);
        market.slash(fresh);
        address st = address(stakeToken);
        uint256 total = _claim(st, requester) + _claim(st, keeper) + _req(fresh).bounty + market.burned(st);
        assertEq(total, COLLATERAL, "every slashed wei accounted for");
        assertEq(_claim(st, treasury), 0, "never the treasury");
    }

    /// @dev Governance raising the requester's share after assignment must not reach a running job.
    function test_GovernanceChangeDoesNotApplyToAssignedJob_F3() public {
        MarketParams memory mp = market.params();
        (mp.slashRequesterBps, mp.slashBountyBps, mp.slashKeeperBps, mp.cooldown) = (9_000, 0, 1_000, 30 days);
        vm.prank(owner);
        market.setParams(mp);
        _late();
        vm.prank(keeper);
        market.slash(id);
        assertEq(_req(id).bounty, PRICE, "the bounty share of the request's own version (30%) applied");
        assertEq(market.operatorState(alice).cooldownUntil, block.timestamp + 1 hours, "its own cooldown");
    }
}
