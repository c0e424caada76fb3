// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SymbioticMarketBase} from "../SymbioticMarketBase.sol";
import {SymbioticStakeHandler} from "./SymbioticStakeHandler.sol";

/// @notice Invariants of the Symbiotic stake source over random deposits, withdrawals, claims, locks,
/// unlocks, slashes and time (SymbioticStakeHandler) against the real Symbiotic vault: locks stay within
/// what Symbiotic would let us slash, every slash inside the epoch window lands in full and reaches the
/// slasher, none outside it takes anything, and the vault's collateral is conserved.
/// forge-config: default.invariant.runs = 256
/// forge-config: default.invariant.depth = 64
contract SymbioticStakeInvariantsTest is SymbioticMarketBase {
    SymbioticStakeHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory ops = new address[](3);
        (ops[0], ops[1], ops[2]) = (op1, op2, op3);
        address[] memory restakers = new address[](2);
        (restakers[0], restakers[1]) = (restakerA, restakerB);
        handler = new SymbioticStakeHandler(vault, source, stakeToken, ops, restakers);
        vm.prank(owner);
        source.setSlasher(address(handler), true);

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = SymbioticStakeHandler.deposit.selector;
        selectors[1] = SymbioticStakeHandler.withdraw.selector;
        selectors[2] = SymbioticStakeHandler.claim.selector;
        selectors[3] = SymbioticStakeHandler.lock.selector;
        selectors[4] = SymbioticStakeHandler.lock.selector; // locks twice as likely: keeps several open
        selectors[5] = SymbioticStakeHandler.unlock.selector;
        selectors[6] = SymbioticStakeHandler.slash.selector;
        selectors[7] = SymbioticStakeHandler.slash.selector;
        selectors[8] = SymbioticStakeHandler.warp.selector;
        targetSelector(address(handler), selectors);
    }

    /// @dev One campaign for all checks: each `invariant_` function is a campaign of its own (256 x 64
    /// calls against the whole Symbiotic vault), and five of them would cost five times the time.
    function invariant_symbiotic_stake() public view {
        _every_slash_inside_the_window_lands_in_full();
        _no_slash_outside_the_window_takes_anything();
        _lock_totals_match_the_open_locks();
        _open_locks_are_backed_at_their_slash_capture();
        _collateral_is_conserved();
    }

    function _every_slash_inside_the_window_lands_in_full() internal view {
        assertEq(handler.ghostShortfalls(), 0, "a slash inside the epoch window found less than its lock");
    }

    function _no_slash_outside_the_window_takes_anything() internal view {
        assertEq(handler.ghostLateTakes(), 0, "a refused slash took collateral");
    }

    function _lock_totals_match_the_open_locks() internal view {
        SymbioticStakeHandler.OpenLock[] memory open = handler.openLocks();
        address[] memory ops = handler.operators();
        for (uint256 k; k < ops.length; ++k) {
            uint256 sum;
            for (uint256 i; i < open.length; ++i) {
                if (open[i].operator == ops[k]) sum += open[i].amount;
            }
            assertEq(source.lockedStake(ops[k]), sum, "lockedStake != sum of open locks");
        }
    }

    /// @notice The capture rule: at the capture a slash of an open lock would use, Symbiotic still lets us
    /// slash every open lock of that operator captured no later.
    function _open_locks_are_backed_at_their_slash_capture() internal view {
        SymbioticStakeHandler.OpenLock[] memory open = handler.openLocks();
        for (uint256 i; i < open.length; ++i) {
            uint48 c = handler.captureFor(open[i]);
            if (uint256(c) + EPOCH < block.timestamp) continue; // out of the window: refused, checked above
            uint256 due;
            for (uint256 j; j < open.length; ++j) {
                if (open[j].operator == open[i].operator && open[j].capturedAt <= c) due += open[j].amount;
            }
            assertGe(slasher.slashableStake(subnetwork, open[i].operator, c, ""), due, "an open lock is unbacked");
        }
    }

    function _collateral_is_conserved() internal view {
        uint256 initial = ALICE_DEPOSIT + BOB_DEPOSIT;
        assertEq(
            stakeToken.balanceOf(address(vault)),
            initial + handler.ghostDeposited() - handler.ghostClaimed() - handler.ghostSlashed(),
            "vault balance != deposits - claims - slashes"
        );
        assertEq(stakeToken.balanceOf(address(handler)), handler.ghostSlashed(), "every slash reached the slasher");
        assertEq(stakeToken.balanceOf(address(burner)), 0, "nothing stays in the burner");
    }

    /// @notice The run exercised both kinds of slash (a campaign that never slashes proves nothing).
    function afterInvariant() public view {
        assertGt(handler.ghostSlashesInWindow() + handler.ghostSlashesRefused(), 0, "no slash in this run");
    }
}
