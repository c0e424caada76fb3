// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RestakingVaultSetup} from "./utils/RestakingVaultSetup.sol";
import {IRestakingVault} from "../src/interfaces/IRestakingVault.sol";

/// @notice lock / unlock / slash: the IStakeSource seam the market uses.
contract RestakingVaultLocksTest is RestakingVaultSetup {
    bytes32 internal constant KEY = keccak256("request-1/round-0");

    function setUp() public override {
        super.setUp();
        _deposit(alice, operator, 6 ether);
        _deposit(bob, operator, 4 ether);
    }

    // ------------------------------------------------------------------ lock

    function test_lock_reserves_free_stake_and_emits() public {
        vm.expectEmit(address(vault));
        emit IRestakingVault.StakeLocked(slasher, KEY, operator, 3 ether, 3 ether);
        _lock(operator, 3 ether, KEY);
        IRestakingVault.Lock memory l = vault.lockOf(slasher, KEY);
        assertEq(l.operator, operator, "lock operator");
        assertEq(uint256(l.amount), 3 ether, "lock amount");
        assertEq(uint256(_pool(operator).locked), 3 ether, "pool locked");
        assertEq(vault.freeStake(operator), 7 ether, "free");
        assertEq(vault.totalStake(operator), 10 ether, "locking moves no tokens");
    }

    function test_RevertWhen_a_non_slasher_locks() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NotSlasher.selector, stranger));
        vm.prank(stranger);
        vault.lock(operator, 1, KEY);
    }

    function test_RevertWhen_locking_zero() public {
        vm.expectRevert(IRestakingVault.ZeroAmount.selector);
        _lock(operator, 0, KEY);
    }

    function test_RevertWhen_the_key_is_taken() public {
        _lock(operator, 1 ether, KEY);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.LockExists.selector, KEY));
        _lock(operator, 1 ether, KEY);
    }

    function test_the_same_key_is_independent_per_slasher() public {
        address market2 = makeAddr("market2");
        vm.prank(owner);
        vault.setSlasher(market2, true);
        _lock(operator, 1 ether, KEY);
        vm.prank(market2);
        vault.lock(operator, 2 ether, KEY);
        assertEq(uint256(_pool(operator).locked), 3 ether, "both locks count");
    }

    function test_RevertWhen_locking_more_than_free_stake() public {
        _lock(operator, 9 ether, KEY);
        vm.expectRevert(
            abi.encodeWithSelector(IRestakingVault.InsufficientFreeStake.selector, operator, 2 ether, 1 ether)
        );
        _lock(operator, 2 ether, "other");
    }

    function test_RevertWhen_locking_stake_that_is_queued_for_withdrawal() public {
        _queue(bob, operator, vault.sharesOf(operator, bob));
        uint256 free = vault.freeStake(operator);
        assertApproxEqAbs(free, 6 ether, 1, "queued stake is not free");
        vm.expectRevert(
            abi.encodeWithSelector(IRestakingVault.InsufficientFreeStake.selector, operator, free + 1, free)
        );
        _lock(operator, free + 1, KEY);
    }

    function test_RevertWhen_locking_for_an_operator_without_stake() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.InsufficientFreeStake.selector, stranger, 1, 0));
        _lock(stranger, 1, KEY);
    }

    function test_RevertWhen_a_lock_does_not_fit_96_bits() public {
        uint256 huge = uint256(type(uint96).max) + 1;
        _deposit(alice, operator2, huge);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.AmountOverflow.selector, huge));
        _lock(operator2, huge, KEY);
    }

    function testFuzz_locks_never_exceed_free_stake(uint256 a, uint256 b, uint256 queuedShares) public {
        queuedShares = bound(queuedShares, 0, vault.sharesOf(operator, bob));
        if (queuedShares != 0) _queue(bob, operator, queuedShares);
        a = bound(a, 1, 20 ether);
        b = bound(b, 1, 20 ether);
        uint256 free = vault.freeStake(operator);
        vm.prank(slasher);
        (bool okA,) = address(vault).call(abi.encodeCall(vault.lock, (operator, a, "a")));
        assertEq(okA, a <= free, "first lock accepted iff free");
        free = vault.freeStake(operator);
        vm.prank(slasher);
        (bool okB,) = address(vault).call(abi.encodeCall(vault.lock, (operator, b, "b")));
        assertEq(okB, b <= free, "second lock accepted iff free");
        IRestakingVault.Pool memory p = _pool(operator);
        assertLe(uint256(p.locked) + vault.queuedStake(operator), p.assets, "locks + queued exceed stake");
    }

    // ------------------------------------------------------------------ unlock

    function test_unlock_releases_the_lock() public {
        _lock(operator, 3 ether, KEY);
        vm.expectEmit(address(vault));
        emit IRestakingVault.StakeUnlocked(slasher, KEY, operator, 3 ether, 0);
        vm.prank(slasher);
        vault.unlock(KEY);
        assertEq(vault.freeStake(operator), 10 ether, "free again");
        assertEq(vault.lockOf(slasher, KEY).operator, address(0), "lock deleted");
    }

    function test_RevertWhen_unlocking_an_unknown_key() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.UnknownLock.selector, slasher, KEY));
        vm.prank(slasher);
        vault.unlock(KEY);
    }

    function test_RevertWhen_another_account_unlocks() public {
        _lock(operator, 1 ether, KEY);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.UnknownLock.selector, stranger, KEY));
        vm.prank(stranger);
        vault.unlock(KEY);
    }

    function test_a_revoked_slasher_can_still_unlock_but_not_slash() public {
        _lock(operator, 1 ether, KEY);
        _lock(operator, 1 ether, "second");
        vm.prank(owner);
        vault.setSlasher(slasher, false);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NotSlasher.selector, slasher));
        vm.prank(slasher);
        vault.slash(KEY);
        vm.prank(slasher);
        vault.unlock(KEY);
        vm.prank(slasher);
        vault.unlock("second");
        assertEq(uint256(_pool(operator).locked), 0, "released");
    }

    // ------------------------------------------------------------------ slash

    function test_slash_takes_the_lock_from_the_pool_and_pays_the_slasher() public {
        _lock(operator, 2.5 ether, KEY);
        vm.expectEmit(address(vault));
        emit IRestakingVault.StakeSlashed(slasher, KEY, operator, 2.5 ether, 2.5 ether, 7.5 ether, 0);
        vm.prank(slasher);
        uint256 slashed = vault.slash(KEY);
        assertEq(slashed, 2.5 ether, "slashed");
        assertEq(stake.balanceOf(slasher), 2.5 ether, "slasher paid");
        assertEq(vault.totalStake(operator), 7.5 ether, "pool shrank");
        assertEq(stake.balanceOf(address(vault)), 7.5 ether, "tokens left the vault");
        assertEq(uint256(_pool(operator).locked), 0, "lock released");
        assertEq(vault.lockOf(slasher, KEY).operator, address(0), "lock deleted");
    }

    function test_RevertWhen_a_non_slasher_slashes() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NotSlasher.selector, stranger));
        vm.prank(stranger);
        vault.slash(KEY);
    }

    function test_RevertWhen_slashing_an_unknown_or_released_key() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.UnknownLock.selector, slasher, KEY));
        vm.prank(slasher);
        vault.slash(KEY);
        _lock(operator, 1 ether, KEY);
        vm.prank(slasher);
        vault.unlock(KEY);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.UnknownLock.selector, slasher, KEY));
        vm.prank(slasher);
        vault.slash(KEY);
    }

    function test_other_locks_stay_backed_after_a_slash() public {
        _queue(alice, operator, vault.sharesOf(operator, alice) / 2); // 3 ether queued
        _lock(operator, 4 ether, KEY);
        _lock(operator, 3 ether, "other");
        vm.prank(slasher);
        vault.slash(KEY);
        IRestakingVault.Pool memory p = _pool(operator);
        assertEq(uint256(p.locked), 3 ether, "other lock intact");
        assertLe(uint256(p.locked) + vault.queuedStake(operator), p.assets, "other lock unbacked");
        vm.prank(slasher);
        assertEq(vault.slash("other"), 3 ether, "second slash takes the full lock");
    }

    function testFuzz_slash_lowers_every_delegator_pro_rata(uint256 amount) public {
        amount = bound(amount, 1, 10 ether);
        uint256 aliceBefore = vault.convertToAssets(operator, vault.sharesOf(operator, alice));
        uint256 bobBefore = vault.convertToAssets(operator, vault.sharesOf(operator, bob));
        _lock(operator, amount, KEY);
        vm.prank(slasher);
        vault.slash(KEY);
        uint256 aliceAfter = vault.convertToAssets(operator, vault.sharesOf(operator, alice));
        uint256 bobAfter = vault.convertToAssets(operator, vault.sharesOf(operator, bob));
        // 60% / 40% of the loss each, within rounding.
        assertApproxEqAbs(aliceBefore - aliceAfter, amount * 6 / 10, 2, "alice's share of the loss");
        assertApproxEqAbs(bobBefore - bobAfter, amount * 4 / 10, 2, "bob's share of the loss");
        assertLe(aliceAfter + bobAfter, vault.totalStake(operator), "claims exceed the pool");
    }

    function test_gas_lock_unlock_slash() public {
        vm.startPrank(slasher);
        vm.startSnapshotGas("vault.lock (fresh key)");
        vault.lock(operator, 1 ether, KEY);
        vm.stopSnapshotGas();
        vm.startSnapshotGas("vault.unlock");
        vault.unlock(KEY);
        vm.stopSnapshotGas();
        vault.lock(operator, 1 ether, KEY);
        vm.startSnapshotGas("vault.slash");
        vault.slash(KEY);
        vm.stopSnapshotGas();
        vm.stopPrank();
    }
}
