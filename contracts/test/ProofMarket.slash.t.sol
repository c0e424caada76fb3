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

    function test_slash_splits_the_collateral_by_the_governance_shares() public {
        _late();
        vm.prank(keeper);
        market.slash(id);
        address st = address(stakeToken);
        assertEq(_claim(st, requester), COLLATERAL * 5_000 / 10_000, "50% compensates the requester");
        assertEq(_claim(st, keeper), COLLATERAL * 500 / 10_000, "5% to the keeper");
        assertEq(_claim(st, treasury), COLLATERAL * 1_500 / 10_000, "15% to the treasury");
        assertEq(_req(id).bounty, COLLATERAL * 3_000 / 10_000, "30% rescue bounty");
        assertEq(stakeToken.balanceOf(address(market)), COLLATERAL, "the slashed stake sits in the market");
        assertEq(vault.freeStake(alice), STAKE - COLLATERAL, "alice lost the collateral");
    }

    function test_slash_emits_every_share() public {
        _late();
        vm.expectEmit(address(market));
        emit IProofMarket.ProverSlashed(
            id, alice, keeper, COLLATERAL, 5 ether, 3 ether, 0.5 ether, 1.5 ether, block.timestamp + 1 hours
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
        uint256 st = _claim(address(stakeToken), requester);
        assertEq(st, 3 * (COLLATERAL / 2) + 3 * (COLLATERAL * 3 / 10), "compensation + bounties");
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
        _late();
        vm.prank(keeper);
        market.slash(id);
        address st = address(stakeToken);
        uint256 total = _claim(st, requester) + _claim(st, keeper) + _claim(st, treasury) + _req(id).bounty;
        assertEq(total, COLLATERAL, "every slashed wei accounted for");
    }
}
