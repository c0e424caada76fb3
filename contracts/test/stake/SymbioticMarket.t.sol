// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IOperatorRegistry} from "@symbioticfi/core/src/interfaces/IOperatorRegistry.sol";
import {IOptInService} from "@symbioticfi/core/src/interfaces/service/IOptInService.sol";
import {SymbioticMarketBase} from "./SymbioticMarketBase.sol";
import {IProofMarket} from "../../src/interfaces/IProofMarket.sol";
import {ISymbioticStakeSource} from "../../src/interfaces/ISymbioticStakeSource.sol";
import {RequestStatus} from "../../src/types/RequestStatus.sol";
import {RequestParams} from "../../src/types/RequestParams.sol";
import {MarketParams} from "../../src/types/MarketParams.sol";
import {RequestLib} from "../../src/types/Request.sol";

/// @notice The market's lifecycle on collateral restaked in a real Symbiotic vault.
contract SymbioticMarketTest is SymbioticMarketBase {
    /// @dev The market's NotEligible reasons.
    bytes32 internal constant NO_STAKE = "stake";
    bytes32 internal constant NOT_OPERATOR = "operator";

    function _key(uint256 id) internal view returns (bytes32) {
        return RequestLib.lockKey(id, _req(id).round);
    }

    function test_operators_are_allocated_a_share_of_the_network_limit() public view {
        assertEq(source.allocatedStake(op1), PER_OPERATOR, "a third of the vault");
        assertEq(source.freeStake(op1), PER_OPERATOR, "nothing locked yet");
        assertTrue(source.isOperator(op1), "opted into network and vault");
        assertEq(source.stakeToken(), address(stakeToken), "the vault's collateral");
    }

    function test_lock_reserves_collateral_against_the_allocated_stake() public {
        uint256 id = _assigned(0, op1);
        ISymbioticStakeSource.Lock memory l = source.lockOf(address(market), _key(id));
        assertEq(l.operator, op1, "op1's lock");
        assertEq(l.amount, COLLATERAL, "the request's collateral");
        assertEq(l.capturedAt, block.timestamp - 1, "captured one second back");
        assertEq(source.freeStake(op1), PER_OPERATOR - COLLATERAL, "free stake shrank");
        assertEq(source.freeStake(op2), PER_OPERATOR, "others untouched");
    }

    function test_a_proved_request_pays_the_operator_and_releases_the_lock() public {
        uint256 id = _assigned(0, op1);
        uint256 price = _req(id).price;
        _fulfill(id, op1, 0);
        assertEq(uint8(_req(id).status), uint8(RequestStatus.Fulfilled), "fulfilled");
        assertEq(source.lockedStake(op1), 0, "lock released");
        uint256 fee = price * market.params().feeBps / 10_000;
        assertEq(source.claimableRewards(op1, address(0)), price - fee, "payment held for op1");
        uint256 before = op1.balance;
        vm.prank(op1);
        source.claimRewards(address(0), op1);
        assertEq(op1.balance - before, price - fee, "claimed");
    }

    function test_RevertWhen_a_request_needs_more_than_the_allocated_stake() public {
        RequestParams memory p = _params(0);
        p.requiredCollateral = uint96(PER_OPERATOR) + 1;
        uint256 id = _submit(p);
        vm.prank(op1);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, op1, NO_STAKE));
        market.lock(id);
    }

    function test_locks_never_exceed_the_allocated_stake() public {
        RequestParams memory p = _params(0);
        p.requiredCollateral = uint96(PER_OPERATOR) * 6 / 10;
        uint256 first = _submit(p);
        vm.prank(op1);
        market.lock(first);
        p.publicInputs = inputs[1];
        uint256 second = _submit(p);
        vm.prank(op1);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, op1, NO_STAKE));
        market.lock(second);
        vm.prank(op2);
        market.lock(second);
        assertEq(source.lockedStake(op1), PER_OPERATOR * 6 / 10, "one lock on op1");
    }

    function test_an_operator_not_opted_into_the_vault_cannot_win() public {
        address dave = makeAddr("dave");
        vm.startPrank(dave);
        IOperatorRegistry(core.operatorRegistry).registerOperator();
        IOptInService(core.operatorNetworkOptIn).optIn(address(source));
        market.setCapacity(CAPACITY);
        vm.stopPrank();
        assertFalse(source.isOperator(dave), "network only is not enough");
        uint256 id = _submit(_params(0));
        vm.prank(dave);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, dave, NOT_OPERATOR));
        market.lock(id);
    }

    function test_an_operator_that_opted_out_of_the_network_cannot_win() public {
        vm.prank(op1);
        IOptInService(core.operatorNetworkOptIn).optOut(address(source));
        uint256 id = _submit(_params(0));
        vm.prank(op1);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, op1, NOT_OPERATOR));
        market.lock(id);
    }

    function test_an_operator_that_opts_out_after_the_lock_is_still_slashed() public {
        uint256 id = _assigned(0, op1);
        skip(1);
        vm.startPrank(op1);
        IOptInService(core.operatorNetworkOptIn).optOut(address(source));
        IOptInService(core.operatorVaultOptIn).optOut(address(vault));
        vm.stopPrank();
        assertFalse(source.isOperator(op1), "opted out");
        vm.warp(_req(id).proveBy + 1);
        market.slash(id);
        assertEq(stakeToken.balanceOf(address(market)), COLLATERAL, "opted in at the capture: slashed in full");
    }

    function test_an_operator_without_allocation_cannot_take_collateralised_work() public {
        vm.prank(curator);
        delegator.setOperatorNetworkShares(subnetwork, op1, 0);
        skip(1);
        assertEq(source.freeStake(op1), 0, "no allocation");
        uint256 id = _submit(_params(0));
        vm.prank(op1);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, op1, NO_STAKE));
        market.lock(id);
    }

    function test_a_missed_deadline_slashes_the_vault_pro_rata_and_compensates_the_requester() public {
        uint256 id = _assigned(0, op1);
        uint256 aBefore = vault.activeBalanceOf(restakerA);
        uint256 bBefore = vault.activeBalanceOf(restakerB);
        uint256 totalBefore = vault.totalStake();
        vm.warp(_req(id).proveBy + 1);
        vm.prank(keeper);
        market.slash(id);

        assertEq(vault.totalStake(), totalBefore - COLLATERAL, "the vault lost the collateral");
        assertEq(stakeToken.balanceOf(address(market)), COLLATERAL, "all of it reached the market");
        assertEq(stakeToken.balanceOf(address(burner)), 0, "nothing left in the burner");
        // Every restaker loses the same fraction (to rounding).
        assertApproxEqAbs(vault.activeBalanceOf(restakerA), aBefore - COLLATERAL * 2 / 3, 2, "A loses 2/3");
        assertApproxEqAbs(vault.activeBalanceOf(restakerB), bBefore - COLLATERAL / 3, 2, "B loses 1/3");

        MarketParams memory mp = market.params();
        address st = address(stakeToken);
        // The split caps compensation and bounty at the price and the keeper at its cap (Slashing).
        uint256 price = _req(id).price;
        uint256 half = COLLATERAL * mp.slashRequesterBps / 10_000;
        assertEq(_claim(st, requester), half < price ? half : price, "requester compensated, at most the price");
        assertLe(_claim(st, keeper), mp.keeperRewardCap, "keeper paid, at most its cap");
        uint256 total = _claim(st, requester) + _claim(st, keeper) + _req(id).bounty + market.burned(st);
        assertEq(total, COLLATERAL, "every slashed wei split or burned");
        assertEq(source.lockedStake(op1), 0, "lock consumed");
        assertEq(slasher.cumulativeSlash(subnetwork, op1), COLLATERAL, "Symbiotic recorded the slash");
    }

    function test_the_slashed_request_is_rescued_by_another_operator() public {
        uint256 id = _assigned(0, op1);
        vm.warp(_req(id).proveBy + 1);
        market.slash(id);
        uint256 bounty = _req(id).bounty;
        vm.prank(op2);
        market.lock(id);
        _fulfill(id, op2, 0);
        assertEq(uint8(_req(id).status), uint8(RequestStatus.Fulfilled), "rescued");
        assertEq(_claim(address(stakeToken), op2), bounty, "rescue bounty to op2");
        assertEq(source.lockedStake(op2), 0, "op2's lock released");
    }

    function test_a_withdrawal_cannot_unback_an_active_lock() public {
        uint256 id = _assigned(0, op1);
        // Everyone asks to leave right after the lock.
        skip(10);
        uint256 aAll = vault.activeBalanceOf(restakerA);
        uint256 bAll = vault.activeBalanceOf(restakerB);
        vm.prank(restakerA);
        vault.withdraw(restakerA, aAll);
        vm.prank(restakerB);
        vault.withdraw(restakerB, bAll);
        skip(1);
        assertEq(source.freeStake(op1), 0, "no new work on stake that is leaving");
        assertEq(source.allocatedStake(op1), 0, "nothing allocated any more");

        vm.warp(_req(id).proveBy + 1);
        market.slash(id);
        assertEq(stakeToken.balanceOf(address(market)), COLLATERAL, "the lock was still fully slashable");
        // The withdrawals paid for it: they cannot be claimed before the epoch after next.
        vm.warp(vault.nextEpochStart() + EPOCH);
        uint256 epoch = vault.currentEpoch() - 1;
        vm.prank(restakerA);
        uint256 aOut = vault.claim(restakerA, epoch);
        vm.prank(restakerB);
        uint256 bOut = vault.claim(restakerB, epoch);
        assertApproxEqAbs(aOut + bOut, ALICE_DEPOSIT + BOB_DEPOSIT - COLLATERAL, 2, "withdrawals bore the slash");
    }

    function test_a_slash_after_the_epoch_window_is_refused_and_the_request_refunded() public {
        uint256 id = _assigned(0, op1);
        ISymbioticStakeSource.Lock memory l = source.lockOf(address(market), _key(id));
        vm.warp(uint256(l.capturedAt) + EPOCH + 1);
        uint256 totalBefore = vault.totalStake();
        vm.expectEmit(address(source));
        emit ISymbioticStakeSource.StakeSlashed(
            address(market), _key(id), op1, COLLATERAL, 0, l.capturedAt, 0
        );
        market.slash(id);
        assertEq(vault.totalStake(), totalBefore, "nothing taken");
        assertEq(uint8(_req(id).status), uint8(RequestStatus.Expired), "closed");
        assertEq(_claim(address(0), requester), MAX_PRICE, "escrow refunded");
        assertEq(source.lockedStake(op1), 0, "lock released");
    }

    function test_slashes_out_of_capture_order_still_land_in_full() public {
        // A long request locked first, a short one later: the later capture is slashed first, which
        // Symbiotic would make final for every earlier capture of op1.
        RequestParams memory p = _params(0);
        p.provingWindow = 1_200;
        uint256 early = _submit(p);
        vm.prank(op1);
        market.lock(early);
        skip(100);
        uint256 late = _assigned(1, op1);
        vm.warp(_req(late).proveBy + 1);
        market.slash(late);
        vm.warp(_req(early).proveBy + 1);
        market.slash(early);
        assertEq(stakeToken.balanceOf(address(market)), 2 * uint256(COLLATERAL), "both slashed in full");
        assertEq(slasher.cumulativeSlash(subnetwork, op1), 2 * uint256(COLLATERAL), "recorded by Symbiotic");
    }

    function test_the_capacity_of_other_operators_survives_a_slash() public {
        uint256 id = _assigned(0, op1);
        vm.warp(_req(id).proveBy + 1);
        market.slash(id);
        skip(1);
        // Restaking: op1's slash came out of the shared pool, so every share is worth a little less.
        assertEq(source.allocatedStake(op2), (ALICE_DEPOSIT + BOB_DEPOSIT - COLLATERAL) / 3, "a third of what is left");
    }

    /// @dev Per-operator checks alone over-promise: op1's stake at a later capture still counts collateral
    /// that older locks of op2 and op3 then take. The vault rule refuses that lock, so every slash lands.
    function test_locks_of_all_operators_never_exceed_what_the_vault_can_pay() public {
        vm.prank(owner);
        source.setSlasher(address(this), true);
        source.lock(op1, PER_OPERATOR, "op1 old");
        source.lock(op2, PER_OPERATOR, "op2 old");
        source.lock(op3, PER_OPERATOR, "op3 old");
        assertEq(source.totalLocked(), 3 * PER_OPERATOR, "the whole vault is promised");
        skip(1);
        assertEq(source.slash("op1 old"), PER_OPERATOR, "op1's old lock slashed in full");
        skip(1);
        // op1's own room at the new capture: a third of what is left, none of it locked to op1 ...
        assertEq(source.allocatedStake(op1), (ALICE_DEPOSIT + BOB_DEPOSIT - PER_OPERATOR) / 3, "op1's stake now");
        // ... but the vault's room is gone: op2's and op3's open locks already claim all it holds.
        assertEq(source.vaultSlashable(), 2 * PER_OPERATOR, "what the vault can still pay");
        assertEq(source.freeStake(op1), 0, "no room left in the vault");
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.InsufficientFreeStake.selector, op1, 1, 0));
        source.lock(op1, 1, "op1 new");
        assertEq(source.slash("op2 old"), PER_OPERATOR, "op2's lock lands in full");
        assertEq(source.slash("op3 old"), PER_OPERATOR, "op3's lock lands in full");
        assertEq(source.totalLocked(), 0, "nothing open");
    }

    /// @dev The late prover itself calls slash with every gas limit from too little to enough: a limit that
    /// starves Symbiotic's burner-hook check (`InsufficientBurnerGas`, a revert with data the market would read
    /// as "the source cannot slash") must make the whole call fail, never release the lock unslashed.
    function test_a_slash_starved_of_gas_reverts_instead_of_releasing_the_lock() public {
        uint256 id = _assigned(0, op1);
        vm.warp(_req(id).proveBy + 1);
        uint256 totalBefore = vault.totalStake();
        uint256 landed;
        for (uint256 gasLimit = 150_000; gasLimit <= 700_000; gasLimit += 500) {
            uint256 snap = vm.snapshotState();
            vm.prank(op1);
            (bool ok,) = address(market).call{gas: gasLimit}(abi.encodeCall(IProofMarket.slash, (id)));
            if (ok) {
                landed++;
                assertEq(vault.totalStake(), totalBefore - COLLATERAL, "a slash that succeeds takes the collateral");
                assertEq(slasher.cumulativeSlash(subnetwork, op1), COLLATERAL, "and Symbiotic records it");
            }
            vm.revertToState(snap);
        }
        assertGt(landed, 0, "the sweep reached a gas limit that is enough");
    }
}
