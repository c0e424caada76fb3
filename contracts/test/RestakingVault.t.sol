// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {RestakingVaultSetup} from "./utils/RestakingVaultSetup.sol";
import {RestakingVault} from "../src/RestakingVault.sol";
import {IRestakingVault} from "../src/interfaces/IRestakingVault.sol";
import {TestStakeToken} from "../src/examples/TestStakeToken.sol";

/// @notice Construction, operators, commission, deposits, withdrawals and governance.
contract RestakingVaultTest is RestakingVaultSetup {
    // ------------------------------------------------------------------ constructor

    function test_constructor_sets_the_immutables() public view {
        assertEq(vault.stakeToken(), address(stake), "stake token");
        assertEq(uint256(vault.withdrawalDelay()), WITHDRAWAL_DELAY, "withdrawal delay");
        assertEq(uint256(vault.commissionDelay()), COMMISSION_DELAY, "commission delay");
        assertEq(vault.owner(), owner, "owner");
        assertTrue(vault.isSlasher(slasher), "slasher");
        assertFalse(vault.isSlasher(stranger), "stranger is no slasher");
    }

    function test_RevertWhen_the_stake_token_is_zero() public {
        vm.expectRevert(IRestakingVault.ZeroAddress.selector);
        new RestakingVault(IERC20(address(0)), 1, 1, owner);
    }

    function test_RevertWhen_the_withdrawal_delay_is_zero() public {
        vm.expectRevert(IRestakingVault.ZeroWithdrawalDelay.selector);
        new RestakingVault(stake, 0, 1, owner);
    }

    // ------------------------------------------------------------------ operators

    function test_registerOperator_records_and_emits() public {
        address op = makeAddr("newOperator");
        vm.expectEmit(address(vault));
        emit IRestakingVault.OperatorRegistered(op, 250, "https://op");
        vm.prank(op);
        vault.registerOperator(250, "https://op");
        IRestakingVault.OperatorInfo memory info = vault.operatorInfo(op);
        assertTrue(info.registered, "registered");
        assertEq(uint256(info.commissionBps), 250, "commission");
        assertTrue(vault.isOperator(op), "isOperator");
        assertFalse(vault.isOperator(stranger), "stranger is no operator");
    }

    function test_RevertWhen_an_operator_registers_twice() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.OperatorAlreadyRegistered.selector, operator));
        vm.prank(operator);
        vault.registerOperator(0, "");
    }

    function test_RevertWhen_the_commission_is_above_100_percent() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.CommissionTooHigh.selector, 10_001, 10_000));
        vm.prank(stranger);
        vault.registerOperator(10_001, "");
    }

    function test_setMetadataURI_emits() public {
        vm.expectEmit(address(vault));
        emit IRestakingVault.OperatorMetadataURIUpdated(operator, "ipfs://new");
        vm.prank(operator);
        vault.setMetadataURI("ipfs://new");
    }

    function test_RevertWhen_a_non_operator_sets_metadata() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NotOperator.selector, stranger));
        vm.prank(stranger);
        vault.setMetadataURI("x");
    }

    // ------------------------------------------------------------------ commission

    function test_commission_decrease_applies_at_once() public {
        vm.expectEmit(address(vault));
        emit IRestakingVault.CommissionUpdated(operator, 1_000, 400);
        vm.prank(operator);
        vault.setCommission(400);
        assertEq(uint256(vault.operatorInfo(operator).commissionBps), 400, "commission");
    }

    function test_commission_increase_waits_for_the_delay() public {
        uint64 effectiveAt = uint64(block.timestamp) + COMMISSION_DELAY;
        vm.expectEmit(address(vault));
        emit IRestakingVault.CommissionIncreaseQueued(operator, 2_000, effectiveAt);
        vm.prank(operator);
        vault.setCommission(2_000);

        IRestakingVault.OperatorInfo memory info = vault.operatorInfo(operator);
        assertEq(uint256(info.commissionBps), 1_000, "old commission still in force");
        assertEq(uint256(info.pendingCommissionBps), 2_000, "pending");
        assertEq(uint256(info.commissionEffectiveAt), effectiveAt, "effective at");

        vm.warp(effectiveAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IRestakingVault.CommissionNotYetEffective.selector, effectiveAt, effectiveAt - 1)
        );
        vault.applyCommission(operator);

        vm.warp(effectiveAt);
        vm.expectEmit(address(vault));
        emit IRestakingVault.CommissionUpdated(operator, 1_000, 2_000);
        vm.prank(stranger); // anyone may apply
        vault.applyCommission(operator);
        info = vault.operatorInfo(operator);
        assertEq(uint256(info.commissionBps), 2_000, "new commission");
        assertEq(uint256(info.commissionEffectiveAt), 0, "pending cleared");
    }

    function test_a_decrease_cancels_a_queued_increase() public {
        vm.startPrank(operator);
        vault.setCommission(5_000);
        vault.setCommission(900);
        vm.stopPrank();
        vm.warp(block.timestamp + COMMISSION_DELAY);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NoPendingCommission.selector, operator));
        vault.applyCommission(operator);
        assertEq(uint256(vault.operatorInfo(operator).commissionBps), 900, "decrease kept");
    }

    function test_a_due_increase_applies_before_the_next_reward_is_split() public {
        _deposit(alice, operator, 100 ether);
        vm.prank(operator);
        vault.setCommission(5_000);
        vm.warp(block.timestamp + COMMISSION_DELAY);
        _rewardEth(operator, 1 ether);
        assertEq(uint256(vault.operatorInfo(operator).commissionBps), 5_000, "applied by the reward");
        assertEq(vault.claimableRewards(operator, address(0), operator), 0.5 ether, "commission at the new rate");
    }

    function test_RevertWhen_applying_without_a_pending_increase() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NoPendingCommission.selector, operator));
        vault.applyCommission(operator);
    }

    function test_RevertWhen_commission_changes_come_from_a_non_operator() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NotOperator.selector, stranger));
        vm.prank(stranger);
        vault.setCommission(1);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NotOperator.selector, stranger));
        vault.applyCommission(stranger);
    }

    function test_RevertWhen_a_commission_change_is_above_100_percent() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.CommissionTooHigh.selector, 20_000, 10_000));
        vm.prank(operator);
        vault.setCommission(20_000);
    }

    // ------------------------------------------------------------------ deposit

    function test_first_deposit_mints_shares_with_the_virtual_offset() public {
        stake.mint(alice, 5 ether);
        uint256 expectedShares = 5 ether * vault.VIRTUAL_SHARES();
        vm.expectEmit(address(vault));
        emit IRestakingVault.Deposited(operator, alice, 5 ether, expectedShares, 5 ether, expectedShares);
        vm.prank(alice);
        uint256 shares = vault.deposit(operator, 5 ether);
        assertEq(shares, expectedShares, "shares");
        assertEq(vault.sharesOf(operator, alice), shares, "balance");
        assertEq(stake.balanceOf(address(vault)), 5 ether, "tokens pulled");
        assertEq(stake.balanceOf(alice), 0, "alice paid");
        assertEq(vault.totalStake(operator), 5 ether, "pool assets");
        assertEq(vault.freeStake(operator), 5 ether, "all free");
    }

    function test_later_deposits_get_proportional_shares() public {
        uint256 a = _deposit(alice, operator, 3 ether);
        uint256 b = _deposit(bob, operator, 1 ether);
        assertApproxEqRel(a, 3 * b, 1e9, "3:1 shares");
        assertApproxEqAbs(vault.convertToAssets(operator, b), 1 ether, 1, "bob's value");
    }

    function test_donations_do_not_move_the_share_price() public {
        // The classic inflation attack: 1 wei deposit, then a large direct transfer to the vault.
        _deposit(bob, operator, 1);
        stake.mint(address(vault), 100 ether);
        uint256 victimShares = _deposit(alice, operator, 10 ether);
        assertApproxEqAbs(vault.convertToAssets(operator, victimShares), 10 ether, 1, "victim keeps its value");
    }

    function test_RevertWhen_depositing_zero() public {
        vm.expectRevert(IRestakingVault.ZeroAmount.selector);
        vm.prank(alice);
        vault.deposit(operator, 0);
    }

    function test_RevertWhen_depositing_with_a_non_operator() public {
        stake.mint(alice, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NotOperator.selector, stranger));
        vm.prank(alice);
        vault.deposit(stranger, 1 ether);
    }

    function test_RevertWhen_the_pool_was_slashed_to_zero() public {
        _deposit(alice, operator, 2 ether);
        _lock(operator, 2 ether, "k");
        vm.prank(slasher);
        vault.slash("k");
        stake.mint(bob, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.PoolWipedOut.selector, operator));
        vm.prank(bob);
        vault.deposit(operator, 1 ether);
    }

    function test_RevertWhen_a_deposit_overflows_the_pool() public {
        uint256 big = uint256(type(uint128).max) / vault.VIRTUAL_SHARES() + 1;
        stake.mint(alice, big);
        vm.expectPartialRevert(IRestakingVault.AmountOverflow.selector);
        vm.prank(alice);
        vault.deposit(operator, big);
    }

    function testFuzz_deposit_then_withdraw_returns_the_deposit(uint256 first, uint256 amount) public {
        first = bound(first, 1, 1e30);
        amount = bound(amount, 1, 1e30);
        _deposit(bob, operator, first);
        uint256 shares = _deposit(alice, operator, amount);
        uint256 id = _queue(alice, operator, shares);
        vm.warp(block.timestamp + WITHDRAWAL_DELAY);
        uint256 paid = vault.completeWithdrawal(id);
        assertLe(paid, amount, "withdrew more than deposited");
        assertApproxEqAbs(paid, amount, 1, "lost more than a rounding wei");
        assertEq(stake.balanceOf(alice), paid, "paid to alice");
    }

    // ------------------------------------------------------------------ withdrawals

    function test_queueWithdrawal_moves_shares_out_of_the_active_balance() public {
        uint256 shares = _deposit(alice, operator, 4 ether);
        uint64 readyAt = uint64(block.timestamp) + WITHDRAWAL_DELAY;
        vm.expectEmit(address(vault));
        emit IRestakingVault.WithdrawalQueued(0, operator, alice, shares / 4, readyAt, shares / 4);
        uint256 id = _queue(alice, operator, shares / 4);
        assertEq(id, 0, "first id");
        assertEq(vault.withdrawalCount(), 1, "count");
        assertEq(vault.sharesOf(operator, alice), shares - shares / 4, "active shares");
        IRestakingVault.Withdrawal memory w = vault.withdrawal(id);
        assertEq(w.owner, alice, "owner");
        assertEq(w.operator, operator, "operator");
        assertEq(uint256(w.shares), shares / 4, "shares");
        assertEq(uint256(w.readyAt), readyAt, "readyAt");
        assertEq(vault.totalStake(operator), 4 ether, "queued stake is still slashable");
        assertApproxEqAbs(vault.queuedStake(operator), 1 ether, 1, "queued value");
        assertApproxEqAbs(vault.freeStake(operator), 3 ether, 1, "free excludes queued");
    }

    function test_RevertWhen_queueing_zero_shares() public {
        vm.expectRevert(IRestakingVault.ZeroAmount.selector);
        _queue(alice, operator, 0);
    }

    function test_RevertWhen_queueing_more_than_the_active_shares() public {
        uint256 shares = _deposit(alice, operator, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.InsufficientShares.selector, shares + 1, shares));
        _queue(alice, operator, shares + 1);
    }

    function test_RevertWhen_a_withdrawal_would_unback_a_lock() public {
        uint256 shares = _deposit(alice, operator, 10 ether);
        _lock(operator, 8 ether, "k");
        // 2 ether free: a 3-ether withdrawal would leave the lock unbacked.
        vm.expectRevert(
            abi.encodeWithSelector(IRestakingVault.InsufficientFreeStake.selector, operator, 3 ether, 2 ether)
        );
        _queue(alice, operator, shares * 3 / 10);
        // Exactly the free part still goes through.
        _queue(alice, operator, vault.convertToShares(operator, 2 ether) - 1);
        assertLe(vault.freeStake(operator), 1, "nothing meaningful left free");
    }

    function test_completeWithdrawal_pays_the_owner_after_the_delay() public {
        uint256 shares = _deposit(alice, operator, 2 ether);
        uint256 id = _queue(alice, operator, shares);
        uint64 readyAt = uint64(block.timestamp) + WITHDRAWAL_DELAY;

        vm.warp(readyAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.WithdrawalNotReady.selector, id, readyAt));
        vault.completeWithdrawal(id);

        vm.warp(readyAt);
        uint256 expected = vault.convertToAssets(operator, shares);
        vm.expectEmit(address(vault));
        emit IRestakingVault.WithdrawalCompleted(id, operator, alice, shares, expected, 2 ether - expected, 0, 0);
        vm.prank(stranger); // anyone may complete; the owner is paid
        uint256 paid = vault.completeWithdrawal(id);
        assertEq(paid, expected, "paid");
        assertEq(stake.balanceOf(alice), paid, "alice received");
        assertEq(stake.balanceOf(stranger), 0, "caller received nothing");
        assertEq(vault.withdrawal(id).owner, address(0), "record deleted");
    }

    function test_RevertWhen_completing_an_unknown_or_finished_withdrawal() public {
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.UnknownWithdrawal.selector, 7));
        vault.completeWithdrawal(7);

        uint256 shares = _deposit(alice, operator, 1 ether);
        uint256 id = _queue(alice, operator, shares);
        vm.warp(block.timestamp + WITHDRAWAL_DELAY);
        vault.completeWithdrawal(id);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.UnknownWithdrawal.selector, id));
        vault.completeWithdrawal(id);
    }

    function test_a_slash_during_the_delay_reaches_the_queued_withdrawal() public {
        uint256 aliceShares = _deposit(alice, operator, 6 ether);
        _deposit(bob, operator, 4 ether);
        uint256 id = _queue(alice, operator, aliceShares);
        _lock(operator, 2 ether, "k");
        vm.prank(slasher);
        vault.slash("k");
        // 20% of the pool was slashed: alice's queued 6 ether is now worth 4.8 ether.
        vm.warp(block.timestamp + WITHDRAWAL_DELAY);
        uint256 paid = vault.completeWithdrawal(id);
        assertApproxEqAbs(paid, 4.8 ether, 1, "queued stake slashed pro rata");
        assertApproxEqAbs(vault.convertToAssets(operator, vault.sharesOf(operator, bob)), 3.2 ether, 1, "bob too");
    }

    // ------------------------------------------------------------------ governance

    function test_setSlasher_only_by_the_owner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        vault.setSlasher(stranger, true);

        vm.expectEmit(address(vault));
        emit IRestakingVault.SlasherSet(stranger, true);
        vm.prank(owner);
        vault.setSlasher(stranger, true);
        assertTrue(vault.isSlasher(stranger), "authorised");

        vm.prank(owner);
        vault.setSlasher(stranger, false);
        assertFalse(vault.isSlasher(stranger), "revoked");
    }

    function test_RevertWhen_the_slasher_is_the_zero_address() public {
        vm.expectRevert(IRestakingVault.ZeroAddress.selector);
        vm.prank(owner);
        vault.setSlasher(address(0), true);
    }

    function test_ownership_transfer_takes_two_steps() public {
        address next = makeAddr("nextOwner");
        vm.prank(owner);
        vault.transferOwnership(next);
        assertEq(vault.owner(), owner, "not yet transferred");
        assertEq(vault.pendingOwner(), next, "pending");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        vault.acceptOwnership();
        vm.prank(next);
        vault.acceptOwnership();
        assertEq(vault.owner(), next, "transferred");
    }

    function test_a_fee_on_transfer_asset_mints_shares_for_what_arrived() public {
        FeeToken fee = new FeeToken();
        RestakingVault v = new RestakingVault(IERC20(address(fee)), WITHDRAWAL_DELAY, COMMISSION_DELAY, owner);
        vm.prank(operator);
        v.registerOperator(0, "");
        fee.mint(alice, 100 ether);
        vm.startPrank(alice);
        fee.approve(address(v), type(uint256).max);
        uint256 shares = v.deposit(operator, 100 ether);
        vm.stopPrank();
        assertEq(v.totalStake(operator), 99 ether, "pool counts the 99 that arrived");
        assertEq(shares, 99 ether * v.VIRTUAL_SHARES(), "shares for 99");
        assertEq(fee.balanceOf(address(v)), 99 ether, "balance backs the pool");
    }

    function test_gas_deposit_queue_complete() public {
        _deposit(bob, operator, 1 ether);
        stake.mint(alice, 2 ether);
        vm.prank(alice);
        vm.startSnapshotGas("vault.deposit (new delegator)");
        uint256 shares = vault.deposit(operator, 1 ether);
        vm.stopSnapshotGas();
        vm.prank(alice);
        vm.startSnapshotGas("vault.queueWithdrawal");
        uint256 id = vault.queueWithdrawal(operator, shares);
        vm.stopSnapshotGas();
        vm.warp(block.timestamp + WITHDRAWAL_DELAY);
        vm.startSnapshotGas("vault.completeWithdrawal");
        vault.completeWithdrawal(id);
        vm.stopSnapshotGas();
    }

    // ------------------------------------------------------------------ test token

    function test_TestStakeToken_mints_to_anyone() public {
        TestStakeToken t = new TestStakeToken("T", "T");
        t.mint(stranger, 42);
        assertEq(t.balanceOf(stranger), 42, "minted");
        assertEq(t.totalSupply(), 42, "supply");
        assertEq(uint256(t.decimals()), 18, "decimals");
    }
}

/// @dev An ERC-20 that burns 1% of every transfer, to check the vault counts what arrives.
contract FeeToken is TestStakeToken {
    constructor() TestStakeToken("Fee", "FEE") {}

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 cut = value / 100;
            super._update(from, address(0), cut);
            value -= cut;
        }
        super._update(from, to, value);
    }
}
