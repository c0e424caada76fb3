// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStakeSource} from "./IStakeSource.sol";

/// @title IRestakingVault
/// @notice Collateral for provers: restakers deposit one ERC-20 stake asset (restaked ETH) into an
/// operator's pool and receive pool shares; authorised slashers (the market) lock, unlock and slash
/// operators' stake; fees reach delegators through a reward-per-share accumulator per (operator, token).
/// @dev Accounting, per operator pool:
/// - `assets` is the stake held for the pool, queued withdrawals included; `shares` all pool shares,
///   queued ones included. Shares are valued ERC-4626-style with a virtual offset (10^6 virtual shares,
///   1 virtual asset) so the first depositor cannot inflate the share price against later ones.
/// - A queued withdrawal keeps its shares in the pool until it completes, so a slash lowers its value
///   pro rata exactly like everyone else's, with no loop over delegators. It is paid at the share value
///   of completion time.
/// - Free stake = assets − locked − value(queued shares). Locks and new withdrawals both come only from
///   free stake, so locked + value(queued) <= assets at all times: no withdrawal can leave a lock unbacked.
/// - Queued shares stop earning rewards at once; rewards per share are over active (unqueued) shares. A
///   reward that arrives when a pool has no active shares goes to the operator in full.
/// - Every state change emits an event with the resulting totals, so an indexer rebuilds the full state
///   from logs without eth_call.
interface IRestakingVault is IStakeSource {
    /// @notice An operator's registration and commission.
    /// @param registered Whether `registerOperator` was called.
    /// @param commissionBps Commission in force, in basis points of every reward.
    /// @param pendingCommissionBps A queued increase (0 with `commissionEffectiveAt` 0 when none).
    /// @param commissionEffectiveAt When the queued increase may be applied (0 when none).
    struct OperatorInfo {
        bool registered;
        uint16 commissionBps;
        uint16 pendingCommissionBps;
        uint64 commissionEffectiveAt;
    }

    /// @notice An operator's pool (all amounts in stake-token units / pool shares).
    /// @param assets Stake held for the pool, queued withdrawals included (the slashable stake).
    /// @param shares All shares, queued ones included.
    /// @param locked Sum of this operator's open locks.
    /// @param queuedShares Shares in queued, not yet completed, withdrawals.
    struct Pool {
        uint128 assets;
        uint128 shares;
        uint128 locked;
        uint128 queuedShares;
    }

    /// @notice A lock held by a slasher under its key.
    struct Lock {
        address operator;
        uint96 amount;
    }

    /// @notice A queued withdrawal.
    /// @param owner The delegator who queued it and receives the assets.
    /// @param operator The pool the shares belong to.
    /// @param shares Shares to redeem at completion.
    /// @param readyAt Earliest completion time.
    struct Withdrawal {
        address owner;
        uint64 readyAt;
        address operator;
        uint128 shares;
        /// @dev The shares' value when queued: the most the withdrawal can pay. Queued stake only
        /// loses value (slashes); rounding dust left by other withdrawals never accrues to it.
        uint128 maxAssets;
    }

    // ------------------------------------------------------------------ events

    /// @notice An operator registered.
    event OperatorRegistered(address indexed operator, uint16 commissionBps, string metadataURI);

    /// @notice An operator changed its metadata URI.
    event OperatorMetadataURIUpdated(address indexed operator, string metadataURI);

    /// @notice A commission increase was queued; it can be applied from `effectiveAt` on.
    event CommissionIncreaseQueued(address indexed operator, uint16 newCommissionBps, uint64 effectiveAt);

    /// @notice The commission in force changed (a decrease at once, or an applied increase). Any queued
    /// increase is cleared.
    event CommissionUpdated(address indexed operator, uint16 oldCommissionBps, uint16 newCommissionBps);

    /// @notice `delegator` deposited `assets` into `operator`'s pool for `shares`; pool totals after.
    event Deposited(
        address indexed operator,
        address indexed delegator,
        uint256 assets,
        uint256 shares,
        uint256 poolAssets,
        uint256 poolShares
    );

    /// @notice A withdrawal of `shares` was queued; pool queued-share total after.
    event WithdrawalQueued(
        uint256 indexed id,
        address indexed operator,
        address indexed delegator,
        uint256 shares,
        uint64 readyAt,
        uint256 poolQueuedShares
    );

    /// @notice A queued withdrawal completed: `shares` burnt, `assets` paid to `delegator`; pool totals after.
    event WithdrawalCompleted(
        uint256 indexed id,
        address indexed operator,
        address indexed delegator,
        uint256 shares,
        uint256 assets,
        uint256 poolAssets,
        uint256 poolShares,
        uint256 poolQueuedShares
    );

    /// @notice `slasher` locked `amount` of `operator`'s stake under `key`; operator's locked total after.
    event StakeLocked(
        address indexed slasher, bytes32 indexed key, address indexed operator, uint256 amount, uint256 operatorLocked
    );

    /// @notice `slasher` released its lock `key`; operator's locked total after.
    event StakeUnlocked(
        address indexed slasher, bytes32 indexed key, address indexed operator, uint256 amount, uint256 operatorLocked
    );

    /// @notice `slasher` slashed its lock `key` (`locked` released, `slashed` taken from the pool and sent
    /// to the slasher); pool assets and operator's locked total after.
    event StakeSlashed(
        address indexed slasher,
        bytes32 indexed key,
        address indexed operator,
        uint256 locked,
        uint256 slashed,
        uint256 poolAssets,
        uint256 operatorLocked
    );

    /// @notice `operator` earned `amount` of `token` (address(0) = ETH): `commission` to the operator, the
    /// rest to active shares; `rewardPerShare` is the accumulator after (scaled by REWARD_PRECISION).
    event OperatorRewarded(
        address indexed operator,
        address indexed token,
        address indexed payer,
        uint256 amount,
        uint256 commission,
        uint256 rewardPerShare
    );

    /// @notice `account` claimed `amount` of `token` earned in `operator`'s pool (commission included when
    /// `account` is the operator).
    event RewardsClaimed(address indexed operator, address indexed token, address indexed account, uint256 amount);

    /// @notice The owner authorised or revoked a slasher.
    event SlasherSet(address indexed slasher, bool allowed);

    // ------------------------------------------------------------------ errors

    /// @notice Commission above 100%.
    error CommissionTooHigh(uint16 commissionBps, uint16 max);

    /// @notice The caller is already a registered operator.
    error OperatorAlreadyRegistered(address operator);

    /// @notice The address is not a registered operator.
    error NotOperator(address operator);

    /// @notice No commission increase is queued for the operator.
    error NoPendingCommission(address operator);

    /// @notice The queued commission increase is not yet effective.
    error CommissionNotYetEffective(uint64 effectiveAt, uint64 nowTime);

    /// @notice An amount or share count of zero.
    error ZeroAmount();

    /// @notice A deposit too small to mint a single share at the current share price.
    error ZeroShares(uint256 assets);

    /// @notice The operator's pool has shares but no assets left (slashed to zero): new deposits would
    /// mint an unbounded number of shares. The operator must register a new address.
    error PoolWipedOut(address operator);

    /// @notice A pool total would not fit its storage width.
    error AmountOverflow(uint256 value);

    /// @notice The delegator has fewer active shares than requested.
    error InsufficientShares(uint256 requested, uint256 available);

    /// @notice Not enough free stake (total − locked − queued) for a lock or a withdrawal.
    error InsufficientFreeStake(address operator, uint256 requested, uint256 free);

    /// @notice No withdrawal with this id, or it was already completed.
    error UnknownWithdrawal(uint256 id);

    /// @notice The withdrawal delay has not passed.
    error WithdrawalNotReady(uint256 id, uint64 readyAt);

    /// @notice The caller is not an authorised slasher.
    error NotSlasher(address caller);

    /// @notice The caller already holds a lock under this key.
    error LockExists(bytes32 key);

    /// @notice The caller holds no lock under this key.
    error UnknownLock(address slasher, bytes32 key);

    /// @notice ETH reward with a msg.value different from `amount`, or msg.value with an ERC-20 reward.
    error RewardValueMismatch(uint256 amount, uint256 value);

    /// @notice The operator already receives rewards in the maximum number of distinct tokens.
    error TooManyRewardTokens(address operator, uint256 max);

    /// @notice Nothing to claim for this (operator, token, account).
    error NothingToClaim();

    /// @notice An ETH transfer failed.
    error EthTransferFailed(address to, uint256 amount);

    /// @notice A zero address where an account is required.
    error ZeroAddress();

    /// @notice The withdrawal delay must be positive.
    error ZeroWithdrawalDelay();

    // ------------------------------------------------------------------ operators

    /// @notice Registers the caller as an operator with its commission and metadata.
    function registerOperator(uint16 commissionBps, string calldata metadataURI) external;

    /// @notice Updates the caller's metadata URI.
    function setMetadataURI(string calldata metadataURI) external;

    /// @notice Changes the caller's commission: a decrease (or no change) applies at once and cancels any
    /// queued increase; an increase is queued and applies after `commissionDelay()`.
    function setCommission(uint16 commissionBps) external;

    /// @notice Applies `operator`'s queued commission increase once it is effective. Anyone may call.
    function applyCommission(address operator) external;

    // ------------------------------------------------------------------ delegators

    /// @notice Deposits `amount` of the stake token (pulled with transferFrom) into `operator`'s pool.
    /// @return shares Pool shares minted to the caller.
    function deposit(address operator, uint256 amount) external returns (uint256 shares);

    /// @notice Queues a withdrawal of `shares` of the caller's active shares in `operator`'s pool. Their
    /// value must come from free stake; they stop earning rewards and stay slashable until completion.
    /// @return id The withdrawal id.
    function queueWithdrawal(address operator, uint256 shares) external returns (uint256 id);

    /// @notice Completes withdrawal `id` after its delay, paying its owner the shares' value at this time.
    /// Anyone may call; the assets always go to the owner.
    /// @return assets Stake tokens paid.
    function completeWithdrawal(uint256 id) external returns (uint256 assets);

    /// @notice Pays the caller its rewards in `token` from `operator`'s pool, plus the operator's commission
    /// when the caller is the operator.
    /// @return amount Amount paid.
    function claimRewards(address operator, address token) external returns (uint256 amount);

    // ------------------------------------------------------------------ governance

    /// @notice Authorises or revokes a slasher (the market). Only the owner.
    /// @dev A revoked slasher can still unlock the locks it holds, but can no longer lock, slash or reward.
    function setSlasher(address slasher, bool allowed) external;

    // ------------------------------------------------------------------ views


    /// @notice Seconds before a commission increase can be applied.
    function commissionDelay() external view returns (uint64);

    /// @notice Whether `account` is an authorised slasher.
    function isSlasher(address account) external view returns (bool);

    /// @notice An operator's registration and commission.
    function operatorInfo(address operator) external view returns (OperatorInfo memory);

    /// @notice An operator's pool totals.
    function pool(address operator) external view returns (Pool memory);

    /// @notice Slashable stake of `operator`: all pool assets, queued withdrawals included.
    function totalStake(address operator) external view returns (uint256);

    /// @notice Value of the pool's queued shares (rounded up, as used in free-stake checks).
    function queuedStake(address operator) external view returns (uint256);

    /// @notice Active (unqueued) shares of `delegator` in `operator`'s pool.
    function sharesOf(address operator, address delegator) external view returns (uint256);

    /// @notice Assets `shares` of `operator`'s pool are worth now (rounded down).
    function convertToAssets(address operator, uint256 shares) external view returns (uint256);

    /// @notice Shares `assets` would mint in `operator`'s pool now (rounded down).
    function convertToShares(address operator, uint256 assets) external view returns (uint256);

    /// @notice The lock `key` held by `slasher`.
    function lockOf(address slasher, bytes32 key) external view returns (Lock memory);

    /// @notice A queued withdrawal (owner zero when unknown or completed).
    function withdrawal(uint256 id) external view returns (Withdrawal memory);

    /// @notice Number of withdrawals ever queued; the next id.
    function withdrawalCount() external view returns (uint256);

    /// @notice Tokens `operator` has been rewarded in (address(0) = ETH).
    function rewardTokens(address operator) external view returns (address[] memory);

    /// @notice The accumulated reward per active share of (operator, token), scaled by REWARD_PRECISION.
    function rewardPerShare(address operator, address token) external view returns (uint256);

    /// @notice What `account` could claim now from `operator`'s pool in `token`, commission included.
    function claimableRewards(address operator, address token, address account) external view returns (uint256);

    /// @notice Reward tokens held for claims (all operators), including rounding dust that can never be
    /// claimed.
    function rewardReserve(address token) external view returns (uint256);
}
