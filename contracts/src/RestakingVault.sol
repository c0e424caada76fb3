// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IRestakingVault} from "./interfaces/IRestakingVault.sol";
import {IStakeSource} from "./interfaces/IStakeSource.sol";

/// @title RestakingVault
/// @notice Operator pools of restaked ETH that back provers' promises in the ProofMarket.
/// @dev Storage layout (see IRestakingVault for the accounting):
///   _operators[op]           1 slot : registered | commissionBps | pendingCommissionBps | effectiveAt
///   _pools[op]               2 slots: (assets, shares), (locked, queuedShares), uint128 each — a lock
///                            reads and writes only these two slots and its own lock slot
///   _locks[slasher][key]     1 slot : operator | uint96 amount
///   _shares[op][delegator]   active shares
///   _withdrawals[id]         3 slots
///   reward state per (op, token): accumulator, commission owed; per (op, token, delegator): debt, owed
contract RestakingVault is IRestakingVault, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Commission cap: 100%.
    uint16 public constant MAX_COMMISSION_BPS = 10_000;
    /// @notice Virtual shares per pool (10^6) against share-price inflation by a first depositor.
    uint256 public constant VIRTUAL_SHARES = 1e6;
    /// @notice Virtual assets per pool.
    uint256 public constant VIRTUAL_ASSETS = 1;
    /// @notice Scale of the reward-per-share accumulators: fine enough for a 1-wei reward over 10^38 shares.
    uint256 public constant REWARD_PRECISION = 1e36;
    /// @notice Distinct reward tokens per operator; bounds the per-token loop on every share change.
    uint256 public constant MAX_REWARD_TOKENS = 8;

    IERC20 private immutable _stakeToken;
    uint64 private immutable _withdrawalDelay;
    uint64 private immutable _commissionDelay;

    mapping(address operator => OperatorInfo) private _operators;
    mapping(address operator => Pool) private _pools;
    mapping(address slasher => mapping(bytes32 key => Lock)) private _locks;
    mapping(address operator => mapping(address delegator => uint256)) private _shares;
    mapping(uint256 id => Withdrawal) private _withdrawals;
    uint256 private _withdrawalCount;
    mapping(address account => bool) private _slashers;

    mapping(address operator => address[]) private _rewardTokens;
    mapping(address operator => mapping(address token => bool)) private _isRewardToken;
    mapping(address operator => mapping(address token => uint256)) private _rewardPerShare;
    mapping(address operator => mapping(address token => uint256)) private _commissionOwed;
    mapping(address operator => mapping(address token => mapping(address delegator => uint256))) private _rewardDebt;
    mapping(address operator => mapping(address token => mapping(address delegator => uint256))) private _rewardOwed;
    mapping(address token => uint256) private _rewardReserve;

    /// @param stakeToken_ The ERC-20 stake asset (fixed for this deployment).
    /// @param withdrawalDelay_ Seconds a queued withdrawal stays slashable; must exceed the market's longest
    /// request lifetime so that a prover cannot withdraw from under a lock it is about to take.
    /// @param commissionDelay_ Seconds before a commission increase applies.
    /// @param initialOwner Governance (manages slashers).
    constructor(IERC20 stakeToken_, uint64 withdrawalDelay_, uint64 commissionDelay_, address initialOwner)
        Ownable(initialOwner)
    {
        if (address(stakeToken_) == address(0)) revert ZeroAddress();
        if (withdrawalDelay_ == 0) revert ZeroWithdrawalDelay();
        _stakeToken = stakeToken_;
        _withdrawalDelay = withdrawalDelay_;
        _commissionDelay = commissionDelay_;
    }

    modifier onlySlasher() {
        if (!_slashers[msg.sender]) revert NotSlasher(msg.sender);
        _;
    }

    // ================================================================== operators

    /// @inheritdoc IRestakingVault
    function registerOperator(uint16 commissionBps, string calldata metadataURI) external {
        if (commissionBps > MAX_COMMISSION_BPS) revert CommissionTooHigh(commissionBps, MAX_COMMISSION_BPS);
        OperatorInfo storage info = _operators[msg.sender];
        if (info.registered) revert OperatorAlreadyRegistered(msg.sender);
        info.registered = true;
        info.commissionBps = commissionBps;
        emit OperatorRegistered(msg.sender, commissionBps, metadataURI);
    }

    /// @inheritdoc IRestakingVault
    function setMetadataURI(string calldata metadataURI) external {
        _requireOperator(msg.sender);
        emit OperatorMetadataURIUpdated(msg.sender, metadataURI);
    }

    /// @inheritdoc IRestakingVault
    function setCommission(uint16 commissionBps) external {
        if (commissionBps > MAX_COMMISSION_BPS) revert CommissionTooHigh(commissionBps, MAX_COMMISSION_BPS);
        OperatorInfo storage info = _requireOperator(msg.sender);
        uint16 current = info.commissionBps;
        if (commissionBps <= current) {
            // Lowering (or confirming) the commission only helps delegators: at once, and it cancels any
            // queued increase so an operator cannot lower briefly and then jump to an old pending rate.
            info.commissionBps = commissionBps;
            info.pendingCommissionBps = 0;
            info.commissionEffectiveAt = 0;
            emit CommissionUpdated(msg.sender, current, commissionBps);
        } else {
            // Delegators get the delay to leave (queue a withdrawal) before the increase applies.
            uint64 effectiveAt = uint64(block.timestamp) + _commissionDelay;
            info.pendingCommissionBps = commissionBps;
            info.commissionEffectiveAt = effectiveAt;
            emit CommissionIncreaseQueued(msg.sender, commissionBps, effectiveAt);
        }
    }

    /// @inheritdoc IRestakingVault
    function applyCommission(address operator) external {
        OperatorInfo storage info = _requireOperator(operator);
        uint64 effectiveAt = info.commissionEffectiveAt;
        if (effectiveAt == 0) revert NoPendingCommission(operator);
        // Delays are hours or days: the few seconds a proposer can shift the timestamp do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < effectiveAt) revert CommissionNotYetEffective(effectiveAt, uint64(block.timestamp));
        _applyCommission(operator, info);
    }

    // ================================================================== delegators

    /// @inheritdoc IRestakingVault
    function deposit(address operator, uint256 amount) external nonReentrant returns (uint256 shares) {
        if (amount == 0) revert ZeroAmount();
        _requireOperator(operator);
        Pool storage p = _pools[operator];
        uint256 poolAssets = p.assets;
        uint256 poolShares = p.shares;
        if (poolAssets == 0 && poolShares != 0) revert PoolWipedOut(operator);

        // Count what arrived, not what was asked: a fee-on-transfer asset must not mint unbacked shares.
        uint256 before = _stakeToken.balanceOf(address(this));
        _stakeToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = _stakeToken.balanceOf(address(this)) - before;

        shares = _toShares(received, poolAssets, poolShares);
        if (shares == 0) revert ZeroShares(received);

        uint256 oldShares = _shares[operator][msg.sender];
        _settleAllRewards(operator, msg.sender, oldShares, oldShares + shares);
        _shares[operator][msg.sender] = oldShares + shares;
        poolAssets += received;
        poolShares += shares;
        p.assets = _u128(poolAssets);
        p.shares = _u128(poolShares);
        emit Deposited(operator, msg.sender, received, shares, poolAssets, poolShares);
    }

    /// @inheritdoc IRestakingVault
    function queueWithdrawal(address operator, uint256 shares) external returns (uint256 id) {
        if (shares == 0) revert ZeroAmount();
        uint256 oldShares = _shares[operator][msg.sender];
        if (shares > oldShares) revert InsufficientShares(shares, oldShares);

        Pool storage p = _pools[operator];
        (uint256 poolAssets, uint256 poolShares, uint256 locked, uint256 queued) =
            (p.assets, p.shares, p.locked, p.queuedShares);
        // The new withdrawal's value must be free: locked + value(all queued shares) stays <= assets. The
        // check, freeStake and queuedStake all use _queuedValue, so rounding never favours the withdrawer.
        uint256 newQueued = queued + shares;
        if (locked + _queuedValue(newQueued, poolAssets, poolShares) > poolAssets) {
            uint256 free = _free(poolAssets, poolShares, locked, queued);
            revert InsufficientFreeStake(operator, _toAssets(shares, poolAssets, poolShares), free);
        }

        _settleAllRewards(operator, msg.sender, oldShares, oldShares - shares);
        _shares[operator][msg.sender] = oldShares - shares;
        p.queuedShares = _u128(newQueued);

        id = _withdrawalCount++;
        uint64 readyAt = uint64(block.timestamp) + _withdrawalDelay;
        _withdrawals[id] = Withdrawal({
            owner: msg.sender,
            readyAt: readyAt,
            operator: operator,
            shares: _u128(shares),
            maxAssets: _u128(_toAssets(shares, poolAssets, poolShares))
        });
        emit WithdrawalQueued(id, operator, msg.sender, shares, readyAt, newQueued);
    }

    /// @inheritdoc IRestakingVault
    function completeWithdrawal(uint256 id) external nonReentrant returns (uint256 assets) {
        Withdrawal memory w = _withdrawals[id];
        if (w.owner == address(0)) revert UnknownWithdrawal(id);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < w.readyAt) revert WithdrawalNotReady(id, w.readyAt);
        delete _withdrawals[id];

        Pool storage p = _pools[w.operator];
        uint256 poolAssets = p.assets;
        uint256 poolShares = p.shares;
        // Valued now, so slashes during the delay reach queued stake pro rata; capped at the value when
        // queued, so the rounding dust other withdrawals leave in the pool stays with the pool.
        assets = _toAssets(w.shares, poolAssets, poolShares);
        if (assets > w.maxAssets) assets = w.maxAssets;
        poolAssets -= assets;
        poolShares -= w.shares;
        uint256 queued = p.queuedShares - w.shares;
        p.assets = _u128(poolAssets);
        p.shares = _u128(poolShares);
        p.queuedShares = _u128(queued);
        emit WithdrawalCompleted(id, w.operator, w.owner, w.shares, assets, poolAssets, poolShares, queued);

        if (assets != 0) _stakeToken.safeTransfer(w.owner, assets);
    }

    /// @inheritdoc IRestakingVault
    function claimRewards(address operator, address token) external nonReentrant returns (uint256 amount) {
        uint256 shares = _shares[operator][msg.sender];
        _settleRewards(operator, token, msg.sender, shares, shares);
        amount = _rewardOwed[operator][token][msg.sender];
        _rewardOwed[operator][token][msg.sender] = 0;
        if (msg.sender == operator) {
            amount += _commissionOwed[operator][token];
            _commissionOwed[operator][token] = 0;
        }
        if (amount == 0) revert NothingToClaim();
        _rewardReserve[token] -= amount;
        emit RewardsClaimed(operator, token, msg.sender, amount);
        _pay(token, msg.sender, amount);
    }

    // ================================================================== slashers (IStakeSource)

    /// @inheritdoc IStakeSource
    function lock(address operator, uint256 amount, bytes32 key) external onlySlasher {
        if (amount == 0) revert ZeroAmount();
        Lock storage l = _locks[msg.sender][key];
        if (l.operator != address(0)) revert LockExists(key);

        // Free stake > 0 implies deposits, which imply registration: no separate operator check needed.
        Pool storage p = _pools[operator];
        (uint256 poolAssets, uint256 poolShares, uint256 locked, uint256 queued) =
            (p.assets, p.shares, p.locked, p.queuedShares);
        uint256 free = _free(poolAssets, poolShares, locked, queued);
        if (amount > free) revert InsufficientFreeStake(operator, amount, free);

        locked += amount;
        p.locked = _u128(locked);
        l.operator = operator;
        l.amount = _u96(amount);
        emit StakeLocked(msg.sender, key, operator, amount, locked);
    }

    /// @inheritdoc IStakeSource
    /// @dev Only the lock's creator, keyed by msg.sender; works after the slasher's authorisation is revoked
    /// so that a retired market can still release the stake it holds.
    function unlock(bytes32 key) external {
        Lock memory l = _locks[msg.sender][key];
        if (l.operator == address(0)) revert UnknownLock(msg.sender, key);
        delete _locks[msg.sender][key];
        Pool storage p = _pools[l.operator];
        uint256 locked = p.locked - l.amount;
        p.locked = _u128(locked);
        emit StakeUnlocked(msg.sender, key, l.operator, l.amount, locked);
    }

    /// @inheritdoc IStakeSource
    function slash(bytes32 key) external onlySlasher nonReentrant returns (uint256 slashed) {
        Lock memory l = _locks[msg.sender][key];
        if (l.operator == address(0)) revert UnknownLock(msg.sender, key);
        delete _locks[msg.sender][key];

        Pool storage p = _pools[l.operator];
        uint256 poolAssets = p.assets;
        // locked <= assets always holds (see IRestakingVault); min() keeps the slash safe regardless.
        slashed = l.amount < poolAssets ? l.amount : poolAssets;
        poolAssets -= slashed;
        uint256 locked = p.locked - l.amount;
        // Every share, queued ones included, now redeems for less: the loss is pro rata with no loop.
        p.assets = _u128(poolAssets);
        p.locked = _u128(locked);
        emit StakeSlashed(msg.sender, key, l.operator, l.amount, slashed, poolAssets, locked);

        if (slashed != 0) _stakeToken.safeTransfer(msg.sender, slashed);
    }

    /// @inheritdoc IStakeSource
    /// @dev Only authorised slashers (the market): every new token grows the operator's bounded reward-token
    /// list, so the list must not be open to spam.
    function rewardOperator(address operator, address token, uint256 amount) external payable onlySlasher nonReentrant {
        if (amount == 0) revert ZeroAmount();
        OperatorInfo storage info = _requireOperator(operator);

        uint256 received;
        if (token == address(0)) {
            if (msg.value != amount) revert RewardValueMismatch(amount, msg.value);
            received = amount;
        } else {
            if (msg.value != 0) revert RewardValueMismatch(amount, msg.value);
            uint256 before = IERC20(token).balanceOf(address(this));
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
            received = IERC20(token).balanceOf(address(this)) - before;
        }

        if (!_isRewardToken[operator][token]) {
            if (_rewardTokens[operator].length == MAX_REWARD_TOKENS) {
                revert TooManyRewardTokens(operator, MAX_REWARD_TOKENS);
            }
            _isRewardToken[operator][token] = true;
            _rewardTokens[operator].push(token);
        }

        // A due commission increase applies before this reward is split, so its timing is the same
        // whether or not someone called applyCommission.
        uint64 effectiveAt = info.commissionEffectiveAt;
        // forge-lint: disable-next-line(block-timestamp)
        if (effectiveAt != 0 && block.timestamp >= effectiveAt) _applyCommission(operator, info);

        Pool storage p = _pools[operator];
        uint256 active = uint256(p.shares) - p.queuedShares;
        uint256 commission = received * info.commissionBps / MAX_COMMISSION_BPS;
        uint256 acc = _rewardPerShare[operator][token];
        if (active == 0) {
            // Nobody to share with: the operator takes it all.
            commission = received;
        } else {
            // Floor division: the remainder stays in the reserve as unclaimable dust.
            acc += Math.mulDiv(received - commission, REWARD_PRECISION, active);
            _rewardPerShare[operator][token] = acc;
        }
        _commissionOwed[operator][token] += commission;
        _rewardReserve[token] += received;
        emit OperatorRewarded(operator, token, msg.sender, received, commission, acc);
    }

    // ================================================================== governance

    /// @inheritdoc IRestakingVault
    function setSlasher(address slasher, bool allowed) external onlyOwner {
        if (slasher == address(0)) revert ZeroAddress();
        _slashers[slasher] = allowed;
        emit SlasherSet(slasher, allowed);
    }

    // ================================================================== views

    /// @inheritdoc IStakeSource
    function stakeToken() external view returns (address) {
        return address(_stakeToken);
    }

    /// @inheritdoc IStakeSource
    function isOperator(address operator) external view returns (bool) {
        return _operators[operator].registered;
    }

    /// @inheritdoc IStakeSource
    function freeStake(address operator) external view returns (uint256) {
        Pool storage p = _pools[operator];
        return _free(p.assets, p.shares, p.locked, p.queuedShares);
    }

    /// @inheritdoc IStakeSource
    function withdrawalDelay() external view returns (uint64) {
        return _withdrawalDelay;
    }

    /// @inheritdoc IRestakingVault
    function commissionDelay() external view returns (uint64) {
        return _commissionDelay;
    }

    /// @inheritdoc IRestakingVault
    function isSlasher(address account) external view returns (bool) {
        return _slashers[account];
    }

    /// @inheritdoc IRestakingVault
    function operatorInfo(address operator) external view returns (OperatorInfo memory) {
        return _operators[operator];
    }

    /// @inheritdoc IRestakingVault
    function pool(address operator) external view returns (Pool memory) {
        return _pools[operator];
    }

    /// @inheritdoc IRestakingVault
    function totalStake(address operator) external view returns (uint256) {
        return _pools[operator].assets;
    }

    /// @inheritdoc IRestakingVault
    function queuedStake(address operator) external view returns (uint256) {
        Pool storage p = _pools[operator];
        return _queuedValue(p.queuedShares, p.assets, p.shares);
    }

    /// @inheritdoc IRestakingVault
    function sharesOf(address operator, address delegator) external view returns (uint256) {
        return _shares[operator][delegator];
    }

    /// @inheritdoc IRestakingVault
    function convertToAssets(address operator, uint256 shares) external view returns (uint256) {
        Pool storage p = _pools[operator];
        return _toAssets(shares, p.assets, p.shares);
    }

    /// @inheritdoc IRestakingVault
    function convertToShares(address operator, uint256 assets) external view returns (uint256) {
        Pool storage p = _pools[operator];
        return _toShares(assets, p.assets, p.shares);
    }

    /// @inheritdoc IRestakingVault
    function lockOf(address slasher, bytes32 key) external view returns (Lock memory) {
        return _locks[slasher][key];
    }

    /// @inheritdoc IRestakingVault
    function withdrawal(uint256 id) external view returns (Withdrawal memory) {
        return _withdrawals[id];
    }

    /// @inheritdoc IRestakingVault
    function withdrawalCount() external view returns (uint256) {
        return _withdrawalCount;
    }

    /// @inheritdoc IRestakingVault
    function rewardTokens(address operator) external view returns (address[] memory) {
        return _rewardTokens[operator];
    }

    /// @inheritdoc IRestakingVault
    function rewardPerShare(address operator, address token) external view returns (uint256) {
        return _rewardPerShare[operator][token];
    }

    /// @inheritdoc IRestakingVault
    function claimableRewards(address operator, address token, address account) external view returns (uint256) {
        uint256 accrued = Math.mulDiv(_shares[operator][account], _rewardPerShare[operator][token], REWARD_PRECISION);
        uint256 debt = _rewardDebt[operator][token][account];
        uint256 amount = _rewardOwed[operator][token][account] + (accrued > debt ? accrued - debt : 0);
        if (account == operator) amount += _commissionOwed[operator][token];
        return amount;
    }

    /// @inheritdoc IRestakingVault
    function rewardReserve(address token) external view returns (uint256) {
        return _rewardReserve[token];
    }

    // ================================================================== internals

    function _requireOperator(address operator) private view returns (OperatorInfo storage info) {
        info = _operators[operator];
        if (!info.registered) revert NotOperator(operator);
    }

    function _applyCommission(address operator, OperatorInfo storage info) private {
        uint16 old = info.commissionBps;
        uint16 next = info.pendingCommissionBps;
        info.commissionBps = next;
        info.pendingCommissionBps = 0;
        info.commissionEffectiveAt = 0;
        emit CommissionUpdated(operator, old, next);
    }

    /// @dev Moves what `delegator` earned on `oldShares` in every reward token of `operator` into its owed
    /// balance and resets its debt for `newShares`. Bounded by MAX_REWARD_TOKENS; never loops over delegators.
    function _settleAllRewards(address operator, address delegator, uint256 oldShares, uint256 newShares) private {
        address[] storage tokens = _rewardTokens[operator];
        uint256 n = tokens.length;
        for (uint256 i; i < n; ++i) {
            _settleRewards(operator, tokens[i], delegator, oldShares, newShares);
        }
    }

    /// @dev Debts round up and accruals down, so that floor(a) - ceil(b) <= floor(a - b): a delegator never
    /// accrues more than its exact share, and the sum over delegators never exceeds what was distributed
    /// (rounding the debt down lets each delegator gain up to a wei per settlement, which adds up).
    function _settleRewards(address operator, address token, address delegator, uint256 oldShares, uint256 newShares)
        private
    {
        uint256 acc = _rewardPerShare[operator][token];
        if (acc == 0) return;
        uint256 accrued = Math.mulDiv(oldShares, acc, REWARD_PRECISION);
        uint256 debt = _rewardDebt[operator][token][delegator];
        if (accrued > debt) _rewardOwed[operator][token][delegator] += accrued - debt;
        _rewardDebt[operator][token][delegator] = Math.mulDiv(newShares, acc, REWARD_PRECISION, Math.Rounding.Ceil);
    }

    /// @dev Free stake: assets − locked − value(queued), the queued value rounded up; never negative.
    function _free(uint256 poolAssets, uint256 poolShares, uint256 locked, uint256 queuedShares)
        private
        pure
        returns (uint256)
    {
        uint256 committed = locked + _queuedValue(queuedShares, poolAssets, poolShares);
        return committed >= poolAssets ? 0 : poolAssets - committed;
    }

    /// @dev What queued shares claim: rounded up, capped at the pool's assets — after a slash the
    /// rounded-up value of all shares can exceed them by a wei, which would stop the last holder from
    /// queueing everything (F14) and report more queued than the pool holds.
    function _queuedValue(uint256 queuedShares, uint256 poolAssets, uint256 poolShares) private pure returns (uint256) {
        return Math.min(_toAssetsUp(queuedShares, poolAssets, poolShares), poolAssets);
    }

    function _toShares(uint256 assets, uint256 poolAssets, uint256 poolShares) private pure returns (uint256) {
        return Math.mulDiv(assets, poolShares + VIRTUAL_SHARES, poolAssets + VIRTUAL_ASSETS);
    }

    function _toAssets(uint256 shares, uint256 poolAssets, uint256 poolShares) private pure returns (uint256) {
        return Math.mulDiv(shares, poolAssets + VIRTUAL_ASSETS, poolShares + VIRTUAL_SHARES);
    }

    function _toAssetsUp(uint256 shares, uint256 poolAssets, uint256 poolShares) private pure returns (uint256) {
        return Math.mulDiv(shares, poolAssets + VIRTUAL_ASSETS, poolShares + VIRTUAL_SHARES, Math.Rounding.Ceil);
    }

    function _u128(uint256 value) private pure returns (uint128) {
        if (value > type(uint128).max) revert AmountOverflow(value);
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint128(value); // checked on the line above
    }

    function _u96(uint256 value) private pure returns (uint96) {
        if (value > type(uint96).max) revert AmountOverflow(value);
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint96(value); // checked on the line above
    }

    function _pay(address token, address to, uint256 amount) private {
        if (token == address(0)) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert EthTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }
}
