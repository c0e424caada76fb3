// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";
import {RestakingVault} from "../../src/RestakingVault.sol";
import {IRestakingVault} from "../../src/interfaces/IRestakingVault.sol";
import {TestStakeToken} from "../../src/examples/TestStakeToken.sol";

/// @notice Shared deployment for the RestakingVault tests: a stake token, a reward token, the vault with
/// a 7-day withdrawal delay and a 3-day commission delay, one authorised slasher and two operators.
abstract contract RestakingVaultSetup is Test {
    uint64 internal constant WITHDRAWAL_DELAY = 7 days;
    uint64 internal constant COMMISSION_DELAY = 3 days;

    TestStakeToken internal stake;
    TestStakeToken internal usdc;
    RestakingVault internal vault;

    address internal owner;
    address internal slasher;
    address internal operator;
    address internal operator2;
    address internal alice;
    address internal bob;
    address internal stranger;

    function setUp() public virtual {
        owner = makeAddr("owner");
        slasher = makeAddr("slasher");
        operator = makeAddr("operator");
        operator2 = makeAddr("operator2");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        stranger = makeAddr("stranger");
        vm.warp(1_700_000_000);

        stake = new TestStakeToken("Test restaked ETH", "tETH");
        usdc = new TestStakeToken("Test dollar", "tUSD");
        vault = new RestakingVault(stake, WITHDRAWAL_DELAY, COMMISSION_DELAY, owner);
        vm.prank(owner);
        vault.setSlasher(slasher, true);

        vm.prank(operator);
        vault.registerOperator(1_000, "ipfs://operator");
        vm.prank(operator2);
        vault.registerOperator(0, "ipfs://operator2");

        address[4] memory people = [alice, bob, operator, slasher];
        for (uint256 i; i < people.length; ++i) {
            vm.startPrank(people[i]);
            stake.approve(address(vault), type(uint256).max);
            usdc.approve(address(vault), type(uint256).max);
            vm.stopPrank();
        }
    }

    function _deposit(address who, address op, uint256 amount) internal returns (uint256 shares) {
        stake.mint(who, amount);
        vm.prank(who);
        shares = vault.deposit(op, amount);
    }

    function _lock(address op, uint256 amount, bytes32 key) internal {
        vm.prank(slasher);
        vault.lock(op, amount, key);
    }

    function _queue(address who, address op, uint256 shares) internal returns (uint256 id) {
        vm.prank(who);
        id = vault.queueWithdrawal(op, shares);
    }

    function _rewardEth(address op, uint256 amount) internal {
        vm.deal(slasher, slasher.balance + amount);
        vm.prank(slasher);
        vault.rewardOperator{value: amount}(op, address(0), amount);
    }

    function _rewardToken(TestStakeToken token, address op, uint256 amount) internal {
        token.mint(slasher, amount);
        vm.startPrank(slasher);
        token.approve(address(vault), amount);
        vault.rewardOperator(op, address(token), amount);
        vm.stopPrank();
    }

    function _pool(address op) internal view returns (IRestakingVault.Pool memory) {
        return vault.pool(op);
    }
}
