// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "../utils/MarketTestBase.sol";
import {Mechanism} from "../../src/types/Mechanism.sol";
import {Request} from "../../src/types/Request.sol";
import {RequestStatus} from "../../src/types/RequestStatus.sol";
import {RequestParams} from "../../src/types/RequestParams.sol";

/// @notice A prover in cooldown or at its declared capacity can win under no mechanism.
contract EligibilityTest is MarketTestBase {
    /// @dev Puts alice at capacity (`cap` assignments) or, if `cooldown`, slashes her once.
    function _disable(uint256 cap, bool cooldown) internal {
        if (cooldown) {
            uint256 late = _assignedDutch(7, alice);
            vm.warp(_req(late).proveBy + 1);
            market.slash(late);
            return;
        }
        vm.prank(alice);
        market.setCapacity(uint32(cap));
        for (uint256 i; i < cap; ++i) {
            _assignedDutch(i, alice);
        }
    }

    function testFuzz_disabled_prover_cannot_win_a_Dutch_auction(uint256 cap, bool cooldown) public {
        _disable(bound(cap, 0, 3), cooldown);
        uint256 id = _submit(Mechanism.Dutch, 5);
        vm.prank(alice);
        try market.lock(id) {
            fail("a disabled prover locked a request");
        } catch {}
        assertTrue(_req(id).prover != alice, "not assigned to alice");
    }

    function testFuzz_disabled_prover_cannot_win_a_sealed_bid(uint256 cap, bool cooldown) public {
        uint256 id = _submit(Mechanism.SealedBid, 5);
        _commit(id, alice, 0.1 ether);
        _commit(id, bob, 0.9 ether);
        _disable(bound(cap, 0, 3), cooldown);
        vm.warp(_req(id).timeA + 1);
        vm.prank(alice);
        try market.revealBid(id, 0.1 ether, _salt(alice, 0.1 ether)) {
            fail("a disabled prover revealed");
        } catch {}
        _reveal(id, bob, 0.9 ether);
        vm.warp(_req(id).timeB + 1);
        market.finalize(id);
        assertEq(_req(id).prover, bob, "the eligible bidder won");
    }

    function test_prover_disabled_after_revealing_does_not_get_assigned() public {
        uint256 id = _submit(Mechanism.SealedBid, 5);
        _commit(id, alice, 0.1 ether);
        _toRevealPhase(id);
        _reveal(id, alice, 0.1 ether);
        _disable(0, true);
        _afterReveal(id);
        market.finalize(id);
        assertTrue(_req(id).status != RequestStatus.Assigned, "cooled-down winner not assigned");
        assertEq(uint8(_req(id).mechanism), uint8(Mechanism.Dutch), "re-opened without her instead");
    }

    function testFuzz_disabled_prover_ask_is_skipped_by_the_orderbook(uint256 cap, bool cooldown) public {
        vm.prank(alice);
        market.placeAsk(_terms(0.1 ether, uint32(block.timestamp + 1 days)), 0);
        uint64 hint = market.askHint(circuitId, address(0), 0.5 ether);
        vm.prank(bob);
        market.placeAsk(_terms(0.5 ether, uint32(block.timestamp + 1 days)), hint);
        _disable(bound(cap, 0, 3), cooldown);
        RequestParams memory p = _params(Mechanism.Orderbook, 5);
        p.orderbookHint = market.requestHint(circuitId, address(0), p.maxPrice);
        uint256 id = _submit(p);
        assertEq(_req(id).prover, bob, "the cheaper but disabled ask was skipped");
    }
}
