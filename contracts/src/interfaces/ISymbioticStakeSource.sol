// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStakeSource} from "./IStakeSource.sol";

/// @title ISymbioticStakeSource
/// @notice Provers' collateral held in a Symbiotic vault. This contract is the market's Symbiotic network
/// (it registers itself in the NetworkRegistry) and that network's middleware; the market is its one
/// authorised slasher of locks. An operator is a Symbiotic operator opted into this network and into
/// the vault; its stake is what the vault's delegator allocates to (subnetwork, operator).
/// @dev Capture rule. A lock made in block time t is captured at c = t − 1: stake at a past second can no
/// longer change, whereas `stakeAt(t)` still moves with later transactions of the same block. A lock
/// never exceeds the stake the vault's slasher would let us slash at c (`slashableStake`, which already
/// deducts our slashes since c) minus the operator's other open locks.
/// Symbiotic slashes an operator only in non-decreasing capture order, so a lock is slashed at
/// max(its capture, the latest capture slashed for the operator): every lock open at the later capture
/// was reserved against that capture's stake too, so the slash still finds the lock's amount.
/// Vault rule. `slashableStake` is per operator: it does not see our slashes of *other* operators since c,
/// which the vault pays from the same collateral. An older lock of another operator, slashed after c,
/// takes collateral that c's stake still counted, so per-operator checks alone can promise more than the
/// vault holds. All open locks together therefore never exceed what the vault can pay a slash captured
/// in the current epoch (active stake + withdrawals asked in this epoch): every slash lowers that figure
/// by at most what it lowers the open total, deposits and withdrawal requests do not lower it, and an
/// older lock also draws on the previous epoch's withdrawals, so each lock stays backed in full.
/// Epoch rule. Stake present at c stays slashable until c + epochDuration even when restakers ask to
/// withdraw (the vault pays withdrawals only after the next epoch), so a lock is fully backed for
/// `slashWindow()` seconds; the market must let a request be slashed within that time. A slash after it
/// is refused (nothing is taken, the lock is released) and the market refunds the request.
/// Other networks can slash the same vault (that is restaking): then a slash may find less than the
/// lock, and the market splits what arrived.
interface ISymbioticStakeSource is IStakeSource {
    /// @notice A lock of the market on an operator's allocated stake.
    /// @param operator The operator whose stake is locked.
    /// @param amount Locked amount (collateral units).
    /// @param capturedAt The capture timestamp the lock was checked against (lock time − 1).
    struct Lock {
        address operator;
        uint96 amount;
        uint48 capturedAt;
    }

    /// @notice `slasher` was (dis)allowed to lock and slash.
    event SlasherSet(address indexed slasher, bool allowed);
    /// @notice The network's cap on what the vault may allocate to it was set on the vault's delegator.
    event MaxNetworkLimitSet(uint256 amount);
    /// @notice Stake was locked; `locked` is the operator's total open locks afterwards.
    event StakeLocked(
        address indexed slasher, bytes32 indexed key, address indexed operator, uint256 amount, uint48 capturedAt, uint256 locked
    );
    /// @notice A lock was released in full.
    event StakeUnlocked(address indexed slasher, bytes32 indexed key, address indexed operator, uint256 amount, uint256 locked);
    /// @notice A lock was slashed through the vault's slasher (`slashed` 0 when refused: outside the
    /// slash window or nothing left to slash) and `slashed` collateral went to the slasher (the market).
    event StakeSlashed(
        address indexed slasher,
        bytes32 indexed key,
        address indexed operator,
        uint256 amount,
        uint256 slashed,
        uint48 captureTimestamp,
        uint256 locked
    );
    /// @notice A payment for `operator` was recorded; it claims it with `claimRewards`.
    event RewardCredited(address indexed operator, address indexed token, uint256 amount);
    /// @notice `operator` claimed its payments in `token`.
    event RewardClaimed(address indexed operator, address indexed token, address to, uint256 amount);

    /// @notice The caller may not lock or slash.
    error NotSlasher(address caller);
    /// @notice A zero address where an account is required.
    error ZeroAddress();
    /// @notice A zero amount.
    error ZeroAmount();
    /// @notice The vault has no slasher, so no lock could ever be enforced.
    error VaultWithoutSlasher(address vault);
    /// @notice The vault's slasher is not the instant Slasher (type 0); the VetoSlasher is not supported.
    error UnsupportedSlasherType(uint64 slasherType);
    /// @notice The vault's delegator lets one stake back several operators at once (FullRestakeDelegator).
    error UnsupportedDelegatorType(uint64 delegatorType);
    /// @notice The burner is not the vault's burner, or is not bound to this stake source.
    error BurnerMismatch(address burner);
    /// @notice The key is already locked by this slasher.
    error LockExists(bytes32 key);
    /// @notice No lock under this key for this slasher.
    error UnknownLock(address slasher, bytes32 key);
    /// @notice The lock exceeds the operator's free stake.
    error InsufficientFreeStake(address operator, uint256 amount, uint256 free);
    /// @notice The lock amount does not fit the lock's storage (uint96).
    error AmountTooLarge(uint256 amount);
    /// @notice An ETH payment whose msg.value differs from its amount.
    error RewardValueMismatch(uint256 amount, uint256 value);
    /// @notice Nothing to claim.
    error NothingToClaim(address operator, address token);
    /// @notice An ETH transfer failed.
    error EthTransferFailed(address to, uint256 amount);

    /// @notice Allows or disallows `slasher` (the market) to lock and slash. Only the owner; allowing
    /// requires the burner to be bound to this contract, so that every slash can reach the market.
    function setSlasher(address slasher, bool allowed) external;

    /// @notice Sets the network's maximum limit on the vault's delegator. Only the owner.
    function setMaxNetworkLimit(uint256 amount) external;

    /// @notice Sends the caller (an operator) everything it was paid in `token`.
    function claimRewards(address token, address to) external returns (uint256 amount);

    /// @notice The Symbiotic vault.
    function vault() external view returns (address);

    /// @notice The subnetwork (this network ‖ identifier) the vault allocates to.
    function subnetwork() external view returns (bytes32);

    /// @notice The vault's burner that routes slashed collateral to the market.
    function burner() external view returns (address);

    /// @notice Seconds after a lock during which a slash is guaranteed to land (epoch duration − 1).
    function slashWindow() external view returns (uint256);

    /// @notice The stake the vault allocates to `operator` for this subnetwork at the capture time a lock
    /// made now would use.
    function allocatedStake(address operator) external view returns (uint256);

    /// @notice Sum of `operator`'s open locks.
    function lockedStake(address operator) external view returns (uint256);

    /// @notice Sum of all open locks, every operator and slasher (the vault rule's left side).
    function totalLocked() external view returns (uint256);

    /// @notice What the vault could pay a slash captured now (the vault rule's right side).
    function vaultSlashable() external view returns (uint256);

    /// @notice The lock `key` of `slasher` (operator zero if none).
    function lockOf(address slasher, bytes32 key) external view returns (Lock memory);

    /// @notice Whether `account` may lock and slash.
    function isSlasher(address account) external view returns (bool);

    /// @notice What `operator` may claim in `token`.
    function claimableRewards(address operator, address token) external view returns (uint256);
}
