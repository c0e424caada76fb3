// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "../../utils/Test.sol";
import {RestakingVault} from "../../../src/RestakingVault.sol";
import {IRestakingVault} from "../../../src/interfaces/IRestakingVault.sol";
import {TestStakeToken} from "../../../src/examples/TestStakeToken.sol";

/// @notice Drives the RestakingVault through random sequences of every state-changing action, as the
/// delegators, the operators and the market (the one authorised slasher) would, and keeps ghost totals of
/// every token flow for the invariants to check against.
/// @dev Inputs are bounded into the valid range so most calls do real work; an action that is not
/// possible in the current state returns early instead of reverting.
contract RestakingVaultHandler is Test {
    RestakingVault public immutable vault;
    TestStakeToken public immutable stake;
    TestStakeToken public immutable usdc;
    address public immutable market;

    address[] internal _actors;
    address[] internal _operators;

    struct OpenLock {
        bytes32 key;
        address operator;
        uint256 amount;
    }

    OpenLock[] internal _locks;
    uint256[] internal _openWithdrawals;
    uint256 internal _lockNonce;

    // ------------------------------------------------------------------ ghosts
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    uint256 public ghostSlashed;
    /// @dev Slashes that returned less than the lock: must stay 0 (locks are always backed).
    uint256 public ghostSlashShortfall;
    /// @dev Completed withdrawals paid more than the value their shares had when queued: must stay 0
    /// (share values only fall, through slashes).
    uint256 public ghostWithdrawalOverpaid;
    mapping(address token => uint256) public ghostRewardIn;
    mapping(address token => uint256) public ghostClaimed;
    mapping(address token => uint256) public ghostDonated;
    mapping(address operator => uint256) public ghostLocked;
    mapping(uint256 id => uint256) internal _valueWhenQueued;
    mapping(bytes4 selector => uint256) public calls;

    constructor(RestakingVault vault_, TestStakeToken stake_, TestStakeToken usdc_, address market_) {
        vault = vault_;
        stake = stake_;
        usdc = usdc_;
        market = market_;
        _operators.push(makeAddr("op0"));
        _operators.push(makeAddr("op1"));
        _operators.push(makeAddr("op2"));
        _actors.push(makeAddr("alice"));
        _actors.push(makeAddr("bob"));
        _actors.push(makeAddr("carol"));
        for (uint256 i; i < _operators.length; ++i) {
            _actors.push(_operators[i]); // operators delegate to pools too, their own included
            vm.prank(_operators[i]);
            vault.registerOperator(uint16(i * 1_500), "ipfs://op");
        }
        for (uint256 i; i < _actors.length; ++i) {
            vm.startPrank(_actors[i]);
            stake.approve(address(vault), type(uint256).max);
            vm.stopPrank();
        }
        vm.startPrank(market);
        stake.approve(address(vault), type(uint256).max);
        usdc.approve(address(vault), type(uint256).max);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ views for the invariants

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function operators() external view returns (address[] memory) {
        return _operators;
    }

    function openLockCount() external view returns (uint256) {
        return _locks.length;
    }

    function openLock(uint256 i) external view returns (OpenLock memory) {
        return _locks[i];
    }

    function openWithdrawals() external view returns (uint256[] memory) {
        return _openWithdrawals;
    }

    // ------------------------------------------------------------------ delegators

    function deposit(uint256 actorSeed, uint256 opSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        address op = _operator(opSeed);
        IRestakingVault.Pool memory p = vault.pool(op);
        if (p.assets == 0 && p.shares != 0) return; // wiped-out pool: deposits are refused by design
        amount = bound(amount, 1, 1_000_000 ether);
        stake.mint(actor, amount);
        vm.prank(actor);
        vault.deposit(op, amount);
        ghostDeposited += amount;
        calls[this.deposit.selector]++;
    }

    function queueWithdrawal(uint256 actorSeed, uint256 opSeed, uint256 shares) external {
        address actor = _actor(actorSeed);
        address op = _operator(opSeed);
        uint256 active = vault.sharesOf(op, actor);
        if (active == 0) return;
        shares = bound(shares, 1, active);
        uint256 value = vault.convertToAssets(op, shares);
        vm.prank(actor);
        try vault.queueWithdrawal(op, shares) returns (uint256 id) {
            _openWithdrawals.push(id);
            _valueWhenQueued[id] = value;
            calls[this.queueWithdrawal.selector]++;
        } catch (bytes memory reason) {
            // The only acceptable refusal: the value is not free (locked or already queued).
            _requireSelector(reason, IRestakingVault.InsufficientFreeStake.selector);
        }
    }

    function completeWithdrawal(uint256 idxSeed) external {
        if (_openWithdrawals.length == 0) return;
        uint256 idx = idxSeed % _openWithdrawals.length;
        uint256 id = _openWithdrawals[idx];
        uint64 readyAt = vault.withdrawal(id).readyAt;
        if (block.timestamp < readyAt) vm.warp(readyAt);
        uint256 paid = vault.completeWithdrawal(id);
        ghostWithdrawn += paid;
        if (paid > _valueWhenQueued[id]) ghostWithdrawalOverpaid += paid - _valueWhenQueued[id];
        _openWithdrawals[idx] = _openWithdrawals[_openWithdrawals.length - 1];
        _openWithdrawals.pop();
        calls[this.completeWithdrawal.selector]++;
    }

    function claim(uint256 actorSeed, uint256 opSeed, uint256 tokenSeed) external {
        address actor = _actor(actorSeed);
        address op = _operator(opSeed);
        address token = _token(tokenSeed);
        uint256 claimable = vault.claimableRewards(op, token, actor);
        if (claimable == 0) return;
        uint256 before = _balanceOf(token, actor);
        vm.prank(actor);
        uint256 paid = vault.claimRewards(op, token);
        assertEq(paid, claimable, "claim paid other than claimable");
        assertEq(_balanceOf(token, actor) - before, paid, "claim transferred other than reported");
        ghostClaimed[token] += paid;
        calls[this.claim.selector]++;
    }

    // ------------------------------------------------------------------ operators

    function setCommission(uint256 opSeed, uint256 bps) external {
        address op = _operator(opSeed);
        bps = bound(bps, 0, 10_000);
        vm.prank(op);
        vault.setCommission(uint16(bps));
        calls[this.setCommission.selector]++;
    }

    function applyCommission(uint256 opSeed) external {
        address op = _operator(opSeed);
        IRestakingVault.OperatorInfo memory info = vault.operatorInfo(op);
        if (info.commissionEffectiveAt == 0) return;
        if (block.timestamp < info.commissionEffectiveAt) vm.warp(info.commissionEffectiveAt);
        vault.applyCommission(op);
        calls[this.applyCommission.selector]++;
    }

    // ------------------------------------------------------------------ the market

    function lock(uint256 opSeed, uint256 amount) external {
        address op = _operator(opSeed);
        uint256 free = vault.freeStake(op);
        if (free == 0) return;
        amount = bound(amount, 1, free);
        bytes32 key = keccak256(abi.encode("lock", _lockNonce++));
        vm.prank(market);
        vault.lock(op, amount, key);
        _locks.push(OpenLock({key: key, operator: op, amount: amount}));
        ghostLocked[op] += amount;
        calls[this.lock.selector]++;
    }

    function unlock(uint256 idxSeed) external {
        if (_locks.length == 0) return;
        OpenLock memory l = _removeLock(idxSeed);
        vm.prank(market);
        vault.unlock(l.key);
        ghostLocked[l.operator] -= l.amount;
        calls[this.unlock.selector]++;
    }

    function slash(uint256 idxSeed) external {
        if (_locks.length == 0) return;
        OpenLock memory l = _removeLock(idxSeed);
        uint256 before = stake.balanceOf(market);
        vm.prank(market);
        uint256 slashed = vault.slash(l.key);
        assertEq(stake.balanceOf(market) - before, slashed, "slash transferred other than reported");
        if (slashed < l.amount) ghostSlashShortfall += l.amount - slashed;
        ghostSlashed += slashed;
        ghostLocked[l.operator] -= l.amount;
        calls[this.slash.selector]++;
    }

    function rewardEth(uint256 opSeed, uint256 amount) external {
        address op = _operator(opSeed);
        amount = bound(amount, 1, 1_000 ether);
        vm.deal(market, amount);
        vm.prank(market);
        vault.rewardOperator{value: amount}(op, address(0), amount);
        ghostRewardIn[address(0)] += amount;
        calls[this.rewardEth.selector]++;
    }

    function rewardToken(uint256 opSeed, uint256 amount, bool inStakeToken) external {
        address op = _operator(opSeed);
        TestStakeToken token = inStakeToken ? stake : usdc;
        amount = bound(amount, 1, 1_000_000e18);
        token.mint(market, amount);
        vm.prank(market);
        vault.rewardOperator(op, address(token), amount);
        ghostRewardIn[address(token)] += amount;
        calls[this.rewardToken.selector]++;
    }

    // ------------------------------------------------------------------ environment

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 10 days));
        calls[this.warp.selector]++;
    }

    /// @dev Tokens sent straight to the vault must not change any pool's accounting.
    function donate(uint256 amount, bool inStakeToken) external {
        TestStakeToken token = inStakeToken ? stake : usdc;
        amount = bound(amount, 1, 1_000 ether);
        token.mint(address(vault), amount);
        ghostDonated[address(token)] += amount;
        calls[this.donate.selector]++;
    }

    // ------------------------------------------------------------------ helpers

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % _actors.length];
    }

    function _operator(uint256 seed) internal view returns (address) {
        return _operators[seed % _operators.length];
    }

    function _token(uint256 seed) internal view returns (address) {
        uint256 k = seed % 3;
        return k == 0 ? address(0) : k == 1 ? address(stake) : address(usdc);
    }

    function _balanceOf(address token, address who) internal view returns (uint256) {
        return token == address(0) ? who.balance : TestStakeToken(token).balanceOf(who);
    }

    function _removeLock(uint256 idxSeed) internal returns (OpenLock memory l) {
        uint256 idx = idxSeed % _locks.length;
        l = _locks[idx];
        _locks[idx] = _locks[_locks.length - 1];
        _locks.pop();
    }

    function _requireSelector(bytes memory reason, bytes4 expected) internal pure {
        bytes4 got;
        assembly ("memory-safe") {
            got := mload(add(reason, 0x20))
        }
        assertEq(got, expected, "unexpected revert");
    }
}
