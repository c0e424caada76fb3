// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEntity} from "@symbioticfi/core/src/interfaces/common/IEntity.sol";
import {IBaseDelegator} from "@symbioticfi/core/src/interfaces/delegator/IBaseDelegator.sol";
import {INetworkRegistry} from "@symbioticfi/core/src/interfaces/INetworkRegistry.sol";
import {INetworkMiddlewareService} from "@symbioticfi/core/src/interfaces/service/INetworkMiddlewareService.sol";
import {IOptInService} from "@symbioticfi/core/src/interfaces/service/IOptInService.sol";
import {ISlasher} from "@symbioticfi/core/src/interfaces/slasher/ISlasher.sol";
import {IVault} from "@symbioticfi/core/src/interfaces/vault/IVault.sol";
import {IStakeSource} from "../interfaces/IStakeSource.sol";
import {ISymbioticSlashBurner} from "../interfaces/ISymbioticSlashBurner.sol";
import {ISymbioticStakeSource} from "../interfaces/ISymbioticStakeSource.sol";

/// @title SymbioticStakeSource
/// @notice The ProofMarket's collateral in a Symbiotic vault (see ISymbioticStakeSource for the capture
/// and epoch rules). Every Symbiotic address is read from the vault, so a deployment names only the vault.
/// @dev Storage: _locks[slasher][key] 1 slot (operator | amount | capturedAt); _locked[operator] 1 slot;
/// _totalLockedPlusOne 1 slot (the vault rule).
contract SymbioticStakeSource is ISymbioticStakeSource, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Symbiotic's instant slasher type (the VetoSlasher is type 1).
    uint64 public constant INSTANT_SLASHER_TYPE = 0;
    /// @notice FullRestakeDelegator's type: it may allocate the same stake to several operators.
    uint64 public constant FULL_RESTAKE_DELEGATOR_TYPE = 1;

    IVault private immutable _vault;
    IBaseDelegator private immutable _delegator;
    ISlasher private immutable _slasher;
    IERC20 private immutable _collateral;
    ISymbioticSlashBurner private immutable _burner;
    IOptInService private immutable _networkOptIn;
    IOptInService private immutable _vaultOptIn;
    bytes32 private immutable _subnetwork;
    uint48 private immutable _epochDuration;
    uint48 private immutable _epochDurationInit;

    mapping(address slasher => mapping(bytes32 key => Lock)) private _locks;
    mapping(address operator => uint256) private _locked;
    /// @dev Sum of all open locks plus one: the slot never returns to zero, so a lock after an idle
    /// moment pays a nonzero-to-nonzero write (≈ 2.9k gas) rather than a fresh one (≈ 20k).
    uint256 private _totalLockedPlusOne = 1;
    mapping(address account => bool) private _slashers;
    mapping(address operator => mapping(address token => uint256)) private _rewards;

    /// @param vault_ A Symbiotic vault with a delegator and the instant Slasher, whose burner is `burner_`.
    /// @param burner_ The vault's burner, to be bound to this contract (`bind`) before the market is allowed.
    /// @param identifier The subnetwork identifier the vault's curator allocates to.
    /// @param maxNetworkLimit The network's cap on the delegator (the curator's limit applies below it).
    /// @param initialOwner Governance (allows the market, sets the network's limit).
    constructor(
        IVault vault_,
        ISymbioticSlashBurner burner_,
        uint96 identifier,
        uint256 maxNetworkLimit,
        address initialOwner
    ) Ownable(initialOwner) {
        if (address(vault_) == address(0) || address(burner_) == address(0)) revert ZeroAddress();
        if (vault_.burner() != address(burner_)) revert BurnerMismatch(address(burner_));
        address slasher_ = vault_.slasher();
        if (slasher_ == address(0)) revert VaultWithoutSlasher(address(vault_));
        uint64 slasherType = IEntity(slasher_).TYPE();
        if (slasherType != INSTANT_SLASHER_TYPE) revert UnsupportedSlasherType(slasherType);
        IBaseDelegator delegator_ = IBaseDelegator(vault_.delegator());
        uint64 delegatorType = IEntity(address(delegator_)).TYPE();
        if (delegatorType == FULL_RESTAKE_DELEGATOR_TYPE) revert UnsupportedDelegatorType(delegatorType);

        _vault = vault_;
        _delegator = delegator_;
        _slasher = ISlasher(slasher_);
        _collateral = IERC20(vault_.collateral());
        _burner = burner_;
        _networkOptIn = IOptInService(delegator_.OPERATOR_NETWORK_OPT_IN_SERVICE());
        _vaultOptIn = IOptInService(delegator_.OPERATOR_VAULT_OPT_IN_SERVICE());
        _subnetwork = bytes32(uint256(uint160(address(this))) << 96 | identifier);
        _epochDuration = vault_.epochDuration();
        _epochDurationInit = vault_.epochDurationInit();

        // This contract is the network and its own middleware: the slasher accepts slashes only from
        // the middleware of the subnetwork's network.
        INetworkRegistry(delegator_.NETWORK_REGISTRY()).registerNetwork();
        INetworkMiddlewareService(_slasher.NETWORK_MIDDLEWARE_SERVICE()).setMiddleware(address(this));
        // The delegator starts at 0 and refuses to "change" a value to itself.
        if (maxNetworkLimit != 0) {
            delegator_.setMaxNetworkLimit(identifier, maxNetworkLimit);
            emit MaxNetworkLimitSet(maxNetworkLimit);
        }
    }

    modifier onlySlasher() {
        if (!_slashers[msg.sender]) revert NotSlasher(msg.sender);
        _;
    }

    // ================================================================== IStakeSource

    /// @inheritdoc IStakeSource
    function lock(address operator, uint256 amount, bytes32 key) external onlySlasher {
        if (amount == 0) revert ZeroAmount();
        if (amount > type(uint96).max) revert AmountTooLarge(amount);
        Lock storage l = _locks[msg.sender][key];
        if (l.operator != address(0)) revert LockExists(key);
        uint48 capturedAt = _captureNow();
        uint256 locked = _locked[operator];
        uint256 totalLocked_ = _totalLockedPlusOne - 1;
        uint256 free = _freeFor(operator, capturedAt, locked, totalLocked_);
        if (amount > free) revert InsufficientFreeStake(operator, amount, free);

        locked += amount;
        _locked[operator] = locked;
        _totalLockedPlusOne = totalLocked_ + amount + 1;
        l.operator = operator;
        // forge-lint: disable-next-line(unsafe-typecast)
        l.amount = uint96(amount);
        l.capturedAt = capturedAt;
        emit StakeLocked(msg.sender, key, operator, amount, capturedAt, locked);
    }

    /// @inheritdoc IStakeSource
    /// @dev Only the lock's creator; works after its authorisation is revoked so that a retired market
    /// can still release what it holds.
    function unlock(bytes32 key) external {
        Lock memory l = _takeLock(key);
        emit StakeUnlocked(msg.sender, key, l.operator, l.amount, _locked[l.operator]);
    }

    /// @inheritdoc IStakeSource
    /// @dev Outside the slash window it takes nothing, releases the lock and returns 0, so the market can
    /// always close the request.
    function slash(bytes32 key) external onlySlasher nonReentrant returns (uint256 slashed) {
        Lock memory l = _takeLock(key);
        uint48 capture = _slasher.latestSlashedCaptureTimestamp(_subnetwork, l.operator);
        if (capture < l.capturedAt) capture = l.capturedAt;
        // Symbiotic's window: a capture older than one epoch can no longer be slashed. Inside it the capture
        // rule guarantees the lock's amount is slashable (see ISymbioticStakeSource), so Slasher.slash is
        // called without a pre-check.
        // forge-lint: disable-next-line(block-timestamp)
        if (uint256(capture) + _epochDuration >= block.timestamp) {
            // The vault pays the burner; what arrived (the vault may pay less than the slasher's figure
            // when other networks slashed the same collateral) is what the market gets, in this transaction.
            uint256 before = _collateral.balanceOf(address(_burner));
            _slashInSymbiotic(l.operator, l.amount, capture);
            slashed = _collateral.balanceOf(address(_burner)) - before;
        }
        emit StakeSlashed(msg.sender, key, l.operator, l.amount, slashed, capture, _locked[l.operator]);
        if (slashed != 0) _burner.release(msg.sender, slashed);
    }

    /// @dev Symbiotic's Slasher, its failures made opaque but one. The market reads a revert *with* data as
    /// "this source cannot slash" and releases the lock unslashed so the request can close; a revert without
    /// data makes the whole slash fail. Inside the window the only such fact Symbiotic can report is
    /// `InsufficientSlash` (nothing slashable is left, e.g. other networks drained the vault), passed on as it
    /// is. Every other reason is re-raised without data, because a caller can provoke some by its gas limit:
    /// Symbiotic's own burner-hook check (`InsufficientBurnerGas`) and OpenZeppelin's `FailedInnerCall` when a
    /// starved token transfer runs out of gas are reverts with data — a late prover would call slash with a
    /// tight limit and walk away unslashed.
    function _slashInSymbiotic(address operator, uint256 amount, uint48 capture) private {
        try _slasher.slash(_subnetwork, operator, amount, capture, "") {}
        catch (bytes memory reason) {
            if (reason.length == 4 && bytes4(reason) == ISlasher.InsufficientSlash.selector) {
                assembly ("memory-safe") {
                    revert(add(reason, 0x20), 4)
                }
            }
            assembly ("memory-safe") {
                revert(0, 0)
            }
        }
    }

    /// @inheritdoc IStakeSource
    /// @dev Only authorised slashers (the market). Held here for the operator to claim (a pull, so a
    /// reverting operator cannot block the market's batch). Staker rewards: see the README.
    function rewardOperator(address operator, address token, uint256 amount) external payable onlySlasher nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 received = amount;
        if (token == address(0)) {
            if (msg.value != amount) revert RewardValueMismatch(amount, msg.value);
        } else {
            if (msg.value != 0) revert RewardValueMismatch(0, msg.value);
            // Credit what arrived, so that a token taking a fee on transfer cannot make claims exceed the balance.
            uint256 before = IERC20(token).balanceOf(address(this));
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
            received = IERC20(token).balanceOf(address(this)) - before;
        }
        _rewards[operator][token] += received;
        emit RewardCredited(operator, token, received);
    }

    /// @inheritdoc IStakeSource
    /// @dev Symbiotic's slash window: a lock stays slashable for one epoch less a second.
    function withdrawalDelay() external view returns (uint64) {
        return uint64(_epochDuration) - 1;
    }

    /// @inheritdoc IStakeSource
    function stakeToken() external view returns (address) {
        return address(_collateral);
    }

    /// @inheritdoc IStakeSource
    function isOperator(address operator) public view returns (bool) {
        // Opting in requires a registered Symbiotic operator, so no OperatorRegistry check is needed.
        return _networkOptIn.isOptedIn(operator, address(this)) && _vaultOptIn.isOptedIn(operator, address(_vault));
    }

    /// @inheritdoc IStakeSource
    function freeStake(address operator) external view returns (uint256) {
        return _freeFor(operator, _captureNow(), _locked[operator], _totalLockedPlusOne - 1);
    }

    // ================================================================== ISymbioticStakeSource

    /// @inheritdoc ISymbioticStakeSource
    function setSlasher(address slasher_, bool allowed) external onlyOwner {
        if (slasher_ == address(0)) revert ZeroAddress();
        if (allowed && _burner.stakeSource() != address(this)) revert BurnerMismatch(address(_burner));
        _slashers[slasher_] = allowed;
        emit SlasherSet(slasher_, allowed);
    }

    /// @inheritdoc ISymbioticStakeSource
    function setMaxNetworkLimit(uint256 amount) external onlyOwner {
        // forge-lint: disable-next-line(unsafe-typecast)
        _delegator.setMaxNetworkLimit(uint96(uint256(_subnetwork)), amount);
        emit MaxNetworkLimitSet(amount);
    }

    /// @inheritdoc ISymbioticStakeSource
    function claimRewards(address token, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        amount = _rewards[msg.sender][token];
        if (amount == 0) revert NothingToClaim(msg.sender, token);
        _rewards[msg.sender][token] = 0;
        emit RewardClaimed(msg.sender, token, to, amount);
        if (token == address(0)) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert EthTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    /// @inheritdoc ISymbioticStakeSource
    function vault() external view returns (address) {
        return address(_vault);
    }

    /// @inheritdoc ISymbioticStakeSource
    function subnetwork() external view returns (bytes32) {
        return _subnetwork;
    }

    /// @inheritdoc ISymbioticStakeSource
    function burner() external view returns (address) {
        return address(_burner);
    }

    /// @inheritdoc ISymbioticStakeSource
    function slashWindow() external view returns (uint256) {
        // Captured one second before the lock, slashable until capture + epochDuration.
        return uint256(_epochDuration) - 1;
    }

    /// @inheritdoc ISymbioticStakeSource
    function allocatedStake(address operator) external view returns (uint256) {
        return _delegator.stakeAt(_subnetwork, operator, _captureNow(), "");
    }

    /// @inheritdoc ISymbioticStakeSource
    function totalLocked() external view returns (uint256) {
        return _totalLockedPlusOne - 1;
    }

    /// @inheritdoc ISymbioticStakeSource
    function vaultSlashable() external view returns (uint256) {
        return _vaultSlashable();
    }

    /// @inheritdoc ISymbioticStakeSource
    function lockedStake(address operator) external view returns (uint256) {
        return _locked[operator];
    }

    /// @inheritdoc ISymbioticStakeSource
    function lockOf(address slasher_, bytes32 key) external view returns (Lock memory) {
        return _locks[slasher_][key];
    }

    /// @inheritdoc ISymbioticStakeSource
    function isSlasher(address account) external view returns (bool) {
        return _slashers[account];
    }

    /// @inheritdoc ISymbioticStakeSource
    function claimableRewards(address operator, address token) external view returns (uint256) {
        return _rewards[operator][token];
    }

    // ================================================================== internals

    /// @dev Removes the caller's lock `key` and its amount from the operator's total.
    function _takeLock(bytes32 key) private returns (Lock memory l) {
        l = _locks[msg.sender][key];
        if (l.operator == address(0)) revert UnknownLock(msg.sender, key);
        delete _locks[msg.sender][key];
        _locked[l.operator] -= l.amount;
        _totalLockedPlusOne -= l.amount;
    }

    /// @dev What a lock captured at `capturedAt` may count on: the slasher's own slashable figure (stake
    /// at the capture minus our slashes since). Stake asked out after the capture still counts: the vault
    /// keeps it slashable for the whole window, which is all a lock needs.
    function _capturable(address operator, uint48 capturedAt) private view returns (uint256) {
        return _slasher.slashableStake(_subnetwork, operator, capturedAt, "");
    }

    /// @dev The stake a new lock of `operator` may take: the operator's own room (capture rule) and the
    /// whole vault's room (vault rule), whichever is smaller.
    function _freeFor(address operator, uint48 capturedAt, uint256 locked, uint256 totalLocked_)
        private
        view
        returns (uint256)
    {
        uint256 own = _free(_capturable(operator, capturedAt), locked);
        uint256 vaultWide = _free(_vaultSlashable(), totalLocked_);
        return own < vaultWide ? own : vaultWide;
    }

    /// @dev What the vault pays at most for a slash captured in the current epoch (Vault.onSlash): active
    /// stake and the withdrawals asked this epoch; the previous epoch's withdrawals back only older captures.
    function _vaultSlashable() private view returns (uint256) {
        // Vault.currentEpoch() from the two figures already held here: one call fewer per lock.
        uint256 currentEpoch = (block.timestamp - _epochDurationInit) / _epochDuration;
        return _vault.activeStake() + _vault.withdrawals(currentEpoch + 1);
    }

    function _free(uint256 capturable, uint256 locked) private pure returns (uint256) {
        return capturable > locked ? capturable - locked : 0;
    }

    /// @dev The capture timestamp of a lock made now (see ISymbioticStakeSource).
    function _captureNow() private view returns (uint48) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint48(block.timestamp - 1);
    }
}
