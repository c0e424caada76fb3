// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RestakingVaultSetup} from "./utils/RestakingVaultSetup.sol";
import {IRestakingVault} from "../src/interfaces/IRestakingVault.sol";
import {TestStakeToken} from "../src/examples/TestStakeToken.sol";

/// @notice rewardOperator / claimRewards: commission to the operator, the rest per active share.
contract RestakingVaultRewardsTest is RestakingVaultSetup {
    function setUp() public override {
        super.setUp();
        _deposit(alice, operator, 6 ether);
        _deposit(bob, operator, 4 ether);
    }

    function test_an_eth_reward_pays_commission_and_splits_the_rest_by_shares() public {
        // 10% commission: 0.1 to the operator, 0.9 split 60/40.
        _rewardEth(operator, 1 ether);
        assertEq(vault.claimableRewards(operator, address(0), operator), 0.1 ether, "commission");
        assertApproxEqAbs(vault.claimableRewards(operator, address(0), alice), 0.54 ether, 1, "alice");
        assertApproxEqAbs(vault.claimableRewards(operator, address(0), bob), 0.36 ether, 1, "bob");
        assertEq(vault.rewardReserve(address(0)), 1 ether, "reserve");
        assertEq(address(vault).balance, 1 ether, "eth held");

        uint256 expected = vault.claimableRewards(operator, address(0), alice);
        vm.expectEmit(address(vault));
        emit IRestakingVault.RewardsClaimed(operator, address(0), alice, expected);
        vm.prank(alice);
        uint256 paid = vault.claimRewards(operator, address(0));
        assertEq(paid, expected, "paid");
        assertEq(alice.balance, expected, "alice received eth");
        assertEq(vault.claimableRewards(operator, address(0), alice), 0, "nothing left");

        vm.prank(operator);
        assertEq(vault.claimRewards(operator, address(0)), 0.1 ether, "operator claims its commission");
    }

    function test_an_erc20_reward_is_pulled_from_the_payer() public {
        usdc.mint(slasher, 1_000e6);
        vm.prank(slasher);
        vault.rewardOperator(operator, address(usdc), 1_000e6);
        assertEq(usdc.balanceOf(slasher), 0, "pulled");
        assertEq(usdc.balanceOf(address(vault)), 1_000e6, "held");
        assertEq(vault.rewardReserve(address(usdc)), 1_000e6, "reserve");
        assertEq(vault.rewardTokens(operator).length, 1, "token listed");
        assertEq(vault.rewardTokens(operator)[0], address(usdc), "token");
        vm.prank(bob);
        uint256 paid = vault.claimRewards(operator, address(usdc));
        assertApproxEqAbs(paid, 360e6, 1, "bob's 40% of 900");
        assertEq(usdc.balanceOf(bob), paid, "bob received");
    }

    function test_rewardOperator_emits_the_accumulator() public {
        uint256 active = 10 ether * vault.VIRTUAL_SHARES();
        uint256 expectedAcc = 0.9 ether * vault.REWARD_PRECISION() / active;
        vm.deal(slasher, 1 ether);
        vm.expectEmit(address(vault));
        emit IRestakingVault.OperatorRewarded(operator, address(0), slasher, 1 ether, 0.1 ether, expectedAcc);
        vm.prank(slasher);
        vault.rewardOperator{value: 1 ether}(operator, address(0), 1 ether);
        assertEq(vault.rewardPerShare(operator, address(0)), expectedAcc, "accumulator");
    }

    function test_later_depositors_do_not_share_earlier_rewards() public {
        _rewardEth(operator, 1 ether);
        address carol = makeAddr("carol");
        vm.prank(carol);
        stake.approve(address(vault), type(uint256).max);
        _deposit(carol, operator, 10 ether);
        assertEq(vault.claimableRewards(operator, address(0), carol), 0, "carol earned nothing yet");
        _rewardEth(operator, 1 ether);
        // Carol holds half the active shares now: half of 0.9.
        assertApproxEqAbs(vault.claimableRewards(operator, address(0), carol), 0.45 ether, 1, "carol");
        assertApproxEqAbs(vault.claimableRewards(operator, address(0), alice), 0.54 ether + 0.27 ether, 2, "alice");
    }

    function test_rewards_earned_before_a_deposit_are_kept() public {
        _rewardEth(operator, 1 ether);
        _deposit(alice, operator, 6 ether); // share change settles what alice earned so far
        assertApproxEqAbs(vault.claimableRewards(operator, address(0), alice), 0.54 ether, 1, "alice kept 0.54");
    }

    function test_queued_shares_stop_earning() public {
        _queue(alice, operator, vault.sharesOf(operator, alice));
        assertApproxEqAbs(vault.claimableRewards(operator, address(0), alice), 0, 0, "nothing yet");
        _rewardEth(operator, 1 ether);
        assertEq(vault.claimableRewards(operator, address(0), alice), 0, "queued shares earn nothing");
        assertApproxEqAbs(vault.claimableRewards(operator, address(0), bob), 0.9 ether, 1, "bob gets all of it");
    }

    function test_rewards_earned_before_queueing_are_kept() public {
        _rewardEth(operator, 1 ether);
        _queue(alice, operator, vault.sharesOf(operator, alice));
        assertApproxEqAbs(vault.claimableRewards(operator, address(0), alice), 0.54 ether, 1, "kept");
        vm.prank(alice);
        vault.claimRewards(operator, address(0));
        assertApproxEqAbs(alice.balance, 0.54 ether, 1, "paid");
    }

    function test_a_reward_without_active_shares_goes_to_the_operator() public {
        _queue(alice, operator, vault.sharesOf(operator, alice));
        _queue(bob, operator, vault.sharesOf(operator, bob));
        _rewardEth(operator, 1 ether);
        assertEq(vault.claimableRewards(operator, address(0), operator), 1 ether, "operator takes all");
        assertEq(vault.rewardPerShare(operator, address(0)), 0, "accumulator untouched");
    }

    function test_the_stake_token_as_reward_stays_out_of_the_pool() public {
        _rewardToken(stake, operator, 1 ether);
        assertEq(vault.totalStake(operator), 10 ether, "pool assets unchanged");
        assertEq(vault.rewardReserve(address(stake)), 1 ether, "reserve");
        assertEq(stake.balanceOf(address(vault)), 11 ether, "balance = pool + reserve");
    }

    function test_RevertWhen_a_non_slasher_pays_a_reward() public {
        vm.deal(stranger, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NotSlasher.selector, stranger));
        vm.prank(stranger);
        vault.rewardOperator{value: 1 ether}(operator, address(0), 1 ether);
    }

    function test_RevertWhen_a_reward_is_zero() public {
        vm.expectRevert(IRestakingVault.ZeroAmount.selector);
        vm.prank(slasher);
        vault.rewardOperator(operator, address(0), 0);
    }

    function test_RevertWhen_the_rewarded_account_is_no_operator() public {
        vm.deal(slasher, 1);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.NotOperator.selector, stranger));
        vm.prank(slasher);
        vault.rewardOperator{value: 1}(stranger, address(0), 1);
    }

    function test_RevertWhen_the_eth_value_does_not_match() public {
        vm.deal(slasher, 2 ether);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.RewardValueMismatch.selector, 2 ether, 1 ether));
        vm.prank(slasher);
        vault.rewardOperator{value: 1 ether}(operator, address(0), 2 ether);
        usdc.mint(slasher, 5);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.RewardValueMismatch.selector, 5, 1));
        vm.prank(slasher);
        vault.rewardOperator{value: 1}(operator, address(usdc), 5);
    }

    function test_RevertWhen_an_operator_gets_a_ninth_reward_token() public {
        for (uint256 i; i < vault.MAX_REWARD_TOKENS(); ++i) {
            _rewardToken(new TestStakeToken("R", "R"), operator, 1);
        }
        TestStakeToken extra = new TestStakeToken("X", "X");
        extra.mint(slasher, 1);
        vm.startPrank(slasher);
        extra.approve(address(vault), 1);
        vm.expectRevert(abi.encodeWithSelector(IRestakingVault.TooManyRewardTokens.selector, operator, 8));
        vault.rewardOperator(operator, address(extra), 1);
        vm.stopPrank();
    }

    function test_RevertWhen_there_is_nothing_to_claim() public {
        vm.expectRevert(IRestakingVault.NothingToClaim.selector);
        vm.prank(alice);
        vault.claimRewards(operator, address(0));
        _rewardEth(operator, 1 ether);
        vm.expectRevert(IRestakingVault.NothingToClaim.selector);
        vm.prank(stranger);
        vault.claimRewards(operator, address(0));
    }

    function test_RevertWhen_the_claimer_rejects_eth() public {
        RejectsEth rejecter = new RejectsEth();
        stake.mint(address(rejecter), 1 ether);
        rejecter.depositTo(vault, stake, operator, 1 ether);
        _rewardEth(operator, 1 ether);
        vm.expectPartialRevert(IRestakingVault.EthTransferFailed.selector);
        rejecter.claim(vault, operator);
    }

    function test_claim_cannot_reenter() public {
        Reenterer attacker = new Reenterer();
        stake.mint(address(attacker), 1 ether);
        attacker.depositTo(vault, stake, operator, 1 ether);
        _rewardEth(operator, 1 ether);
        uint256 claimable = vault.claimableRewards(operator, address(0), address(attacker));
        attacker.claim(vault, operator);
        assertEq(address(attacker).balance, claimable, "paid once");
        assertTrue(attacker.reentryFailed(), "reentry was blocked");
    }

    function testFuzz_rewards_are_split_without_creating_wei(
        uint256 amount,
        uint16 commissionBps,
        uint256 aliceExtra,
        uint256 carolDeposit
    ) public {
        amount = bound(amount, 1, 1e30);
        commissionBps = uint16(bound(commissionBps, 0, 10_000));
        aliceExtra = bound(aliceExtra, 0, 1e30);
        carolDeposit = bound(carolDeposit, 1, 1e30);
        address carol = makeAddr("carol");
        vm.prank(carol);
        stake.approve(address(vault), type(uint256).max);
        vm.prank(operator);
        vault.setCommission(commissionBps);
        vm.warp(block.timestamp + COMMISSION_DELAY);
        if (aliceExtra != 0) _deposit(alice, operator, aliceExtra);
        _deposit(carol, operator, carolDeposit);
        _rewardEth(operator, amount);

        uint256 commission = vault.claimableRewards(operator, address(0), operator);
        assertEq(commission, amount * commissionBps / 10_000, "commission");
        uint256 sum = commission + vault.claimableRewards(operator, address(0), alice)
            + vault.claimableRewards(operator, address(0), bob) + vault.claimableRewards(operator, address(0), carol);
        assertLe(sum, amount, "claims exceed the reward");
        // Floor rounding loses at most one wei per delegator plus one in the accumulator.
        assertApproxEqAbs(sum, amount, 4, "more than rounding dust lost");
    }

    function test_gas_reward_and_claim() public {
        vm.deal(slasher, 2 ether);
        vm.startPrank(slasher);
        vault.rewardOperator{value: 1 ether}(operator, address(0), 1 ether); // first: lists the token
        vm.startSnapshotGas("vault.rewardOperator (ETH, listed token)");
        vault.rewardOperator{value: 1 ether}(operator, address(0), 1 ether);
        vm.stopSnapshotGas();
        vm.stopPrank();
        vm.prank(alice);
        vm.startSnapshotGas("vault.claimRewards (ETH)");
        vault.claimRewards(operator, address(0));
        vm.stopSnapshotGas();
    }
}

/// @dev A delegator contract that cannot receive ETH.
contract RejectsEth {
    function depositTo(IRestakingVault vault, TestStakeToken token, address operator, uint256 amount) external {
        token.approve(address(vault), amount);
        vault.deposit(operator, amount);
    }

    function claim(IRestakingVault vault, address operator) external {
        vault.claimRewards(operator, address(0));
    }
}

/// @dev A delegator that tries to claim again from its receive hook.
contract Reenterer {
    IRestakingVault private _vault;
    address private _operator;
    bool public reentryFailed;

    function depositTo(IRestakingVault vault, TestStakeToken token, address operator, uint256 amount) external {
        token.approve(address(vault), amount);
        vault.deposit(operator, amount);
    }

    function claim(IRestakingVault vault, address operator) external {
        (_vault, _operator) = (vault, operator);
        vault.claimRewards(operator, address(0));
    }

    receive() external payable {
        (bool ok,) = address(_vault).call(abi.encodeCall(IRestakingVault.claimRewards, (_operator, address(0))));
        reentryFailed = !ok;
    }
}
