// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "../../utils/Test.sol";
import {IVault} from "@symbioticfi/core/src/interfaces/vault/IVault.sol";
import {ISlasher} from "@symbioticfi/core/src/interfaces/slasher/ISlasher.sol";
import {TestStakeToken} from "../../../src/examples/TestStakeToken.sol";
import {SymbioticStakeSource} from "../../../src/stake/SymbioticStakeSource.sol";

/// @notice Drives restakers (deposits, withdrawals, claims) and the market's side (locks, unlocks, slashes)
/// against the real Symbiotic vault behind a SymbioticStakeSource; this contract is the authorised slasher.
/// Ghost totals let the invariants check every lock, slash and token movement.
contract SymbioticStakeHandler is Test {
    struct OpenLock {
        bytes32 key;
        address operator;
        uint256 amount;
        uint48 capturedAt;
    }

    struct PendingClaim {
        address restaker;
        uint256 epoch;
    }

    /// @dev Bounds the invariant checks' loop over open locks.
    uint256 internal constant MAX_OPEN_LOCKS = 12;
    /// @dev Symbiotic's share rounding a slash may come up short by (see `slash`).
    uint256 internal constant ROUNDING_WEI = 2;

    IVault internal immutable vault;
    ISlasher internal immutable slasher;
    SymbioticStakeSource internal immutable source;
    TestStakeToken internal immutable token;
    address[] internal _operators;
    address[] internal _restakers;

    OpenLock[] internal _open;
    PendingClaim[] internal _claims;
    uint256 internal _nextKey;

    uint256 public ghostDeposited;
    uint256 public ghostClaimed;
    uint256 public ghostSlashed;
    uint256 public ghostSlashesInWindow;
    uint256 public ghostSlashesRefused;
    /// @notice Slashes inside the window that found less than their lock: must stay 0.
    uint256 public ghostShortfalls;
    /// @notice The largest rounding shortfall of a slash inside the window seen.
    uint256 public ghostMaxRounding;
    /// @notice Slashes outside the window that took something: must stay 0.
    uint256 public ghostLateTakes;

    constructor(
        IVault vault_,
        SymbioticStakeSource source_,
        TestStakeToken token_,
        address[] memory operators_,
        address[] memory restakers_
    ) {
        vault = vault_;
        slasher = ISlasher(vault_.slasher());
        source = source_;
        token = token_;
        _operators = operators_;
        _restakers = restakers_;
    }

    // ------------------------------------------------------------------ restakers

    function deposit(uint256 who, uint256 amount) external {
        address r = _restakers[who % _restakers.length];
        amount = bound(amount, 1e9, 100 ether);
        token.mint(r, amount);
        vm.startPrank(r);
        token.approve(address(vault), amount);
        vault.deposit(r, amount);
        vm.stopPrank();
        ghostDeposited += amount;
    }

    function withdraw(uint256 who, uint256 pct) external {
        address r = _restakers[who % _restakers.length];
        uint256 amount = vault.activeBalanceOf(r) * bound(pct, 1, 100) / 100;
        if (amount == 0) return;
        vm.prank(r);
        vault.withdraw(r, amount);
        _claims.push(PendingClaim({restaker: r, epoch: vault.currentEpoch() + 1}));
    }

    function claim(uint256 i) external {
        if (_claims.length == 0) return;
        i %= _claims.length;
        PendingClaim memory c = _claims[i];
        if (vault.currentEpoch() <= c.epoch) return;
        _claims[i] = _claims[_claims.length - 1];
        _claims.pop();
        if (vault.isWithdrawalsClaimed(c.epoch, c.restaker) || vault.withdrawalsOf(c.epoch, c.restaker) == 0) return;
        vm.prank(c.restaker);
        ghostClaimed += vault.claim(c.restaker, c.epoch);
    }

    // ------------------------------------------------------------------ the market

    function lock(uint256 op, uint256 amount) external {
        if (_open.length >= MAX_OPEN_LOCKS) return;
        address o = _operators[op % _operators.length];
        uint256 free = source.freeStake(o);
        if (free == 0) return;
        _lock(o, bound(amount, 1, free));
    }

    function _lockAny(uint256 seed) internal {
        for (uint256 k; k < _operators.length; ++k) {
            address o = _operators[(seed + k) % _operators.length];
            uint256 free = source.freeStake(o);
            if (free != 0) return _lock(o, free / 2 + 1);
        }
    }

    function _lock(address o, uint256 amount) internal {
        bytes32 key = bytes32(++_nextKey);
        source.lock(o, amount, key);
        _open.push(OpenLock({key: key, operator: o, amount: amount, capturedAt: uint48(block.timestamp - 1)}));
    }

    function unlock(uint256 i) external {
        if (_open.length == 0) return;
        OpenLock memory l = _take(i);
        source.unlock(l.key);
    }

    /// @dev With nothing open it locks first (free stake of some operator permitting), so every run slashes:
    /// a campaign that never slashes checks nothing of the slash path.
    function slash(uint256 i) external {
        if (_open.length == 0) _lockAny(i);
        if (_open.length == 0) return;
        OpenLock memory l = _take(i);
        uint48 capture = _captureFor(l);
        bool inWindow = uint256(capture) + vault.epochDuration() >= block.timestamp && capture < block.timestamp;
        uint256 before = token.balanceOf(address(this));
        uint256 slashed = source.slash(l.key);
        assertEq(token.balanceOf(address(this)) - before, slashed, "the slash reached the slasher");
        ghostSlashed += slashed;
        if (inWindow) {
            ++ghostSlashesInWindow;
            // Symbiotic converts withdrawal shares to amounts rounding down, so the vault can hold a few
            // wei less than its stake checkpoints say; a slash of everything slashable may then come up that
            // short. More than that would be a lock the capture rule failed to back.
            if (slashed > l.amount || l.amount - slashed > ROUNDING_WEI) ++ghostShortfalls;
            if (l.amount - slashed > ghostMaxRounding) ghostMaxRounding = l.amount - slashed;
        } else {
            ++ghostSlashesRefused;
            if (slashed != 0) ++ghostLateTakes;
        }
    }

    function warp(uint256 dt) external {
        skip(bound(dt, 1, vault.epochDuration() / 3));
    }

    // ------------------------------------------------------------------ views for the invariants

    function openLocks() external view returns (OpenLock[] memory) {
        return _open;
    }

    function operators() external view returns (address[] memory) {
        return _operators;
    }

    /// @notice The capture a slash of `l` would use now (the stake source's rule).
    function captureFor(OpenLock memory l) external view returns (uint48) {
        return _captureFor(l);
    }

    function _captureFor(OpenLock memory l) internal view returns (uint48 capture) {
        capture = slasher.latestSlashedCaptureTimestamp(source.subnetwork(), l.operator);
        if (capture < l.capturedAt) capture = l.capturedAt;
    }

    function _take(uint256 i) internal returns (OpenLock memory l) {
        i %= _open.length;
        l = _open[i];
        _open[i] = _open[_open.length - 1];
        _open.pop();
    }
}
