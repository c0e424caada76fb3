// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IProofMarket} from "./interfaces/IProofMarket.sol";
import {IProofCallback} from "./interfaces/IProofCallback.sol";
import {IGroth16Verifier} from "./interfaces/IGroth16Verifier.sol";
import {IStakeSource} from "./interfaces/IStakeSource.sol";
import {Mechanism} from "./types/Mechanism.sol";
import {RequestStatus} from "./types/RequestStatus.sol";
import {RequestParams, RequestParamsLib} from "./types/RequestParams.sol";
import {Request, RequestLib} from "./types/Request.sol";
import {MarketParams, MarketParamsLib} from "./types/MarketParams.sol";
import {OperatorState} from "./types/OperatorState.sol";
import {Ask} from "./types/Ask.sol";
import {SlashSplit} from "./types/SlashSplit.sol";
import {Slashing} from "./libraries/Slashing.sol";
import {BidCommitment} from "./types/BidCommitment.sol";
import {ProofCommitment} from "./types/ProofCommitment.sol";
import {SealedBidAuction} from "./libraries/SealedBidAuction.sol";
import {DutchAuction} from "./libraries/DutchAuction.sol";
import {Orderbook} from "./libraries/Orderbook.sol";
import {ProofRace} from "./libraries/ProofRace.sol";

/// @title ProofMarketBase
/// @notice Storage and the shared internals of the ProofMarket. The market is two contracts over
/// one storage: `ProofMarket` (requests, Dutch locks, settlement, slashing, accounts, governance,
/// views) and `ProofMarketExtension` (sealed-bid auction, orderbook, race), which the market reaches
/// by DELEGATECALL; both inherit this contract so that their storage layouts are the same. The split
/// keeps each under the EIP-170 code size limit without touching the hot paths (submit, lock,
/// fulfil, slash stay in the market itself).
/// @dev Storage layout: Ownable (owner), Ownable2Step (pendingOwner), Pausable (paused), then the
/// variables below in order. ReentrancyGuardTransient keeps its flag in transient storage. Never
/// add state to `ProofMarket` or `ProofMarketExtension` themselves: only here, at the end.
/// Lint exceptions (marked per line): every window is compared with block.timestamp on purpose
/// (windows are minutes to hours; seconds of validator drift change nothing), and the narrowing
/// casts are of request ids (sequential, far below 2^64), unix times (below 2^32 until 2106) and
/// bps shares of uint96 amounts (never larger than the amount).
abstract contract ProofMarketBase is Ownable2Step, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Orderbook for Orderbook.List;

    /// @notice Most gas a request may give its callback.
    uint256 public constant MAX_CALLBACK_GAS = 2_000_000;
    /// @notice Most live book entries one match compares against the incoming order.
    uint256 public constant MAX_MATCH_SCAN = 8;
    /// @notice Most dead entries (expired, or asks whose prover can no longer back them) one match
    /// prunes on top of MAX_MATCH_SCAN: dead entries never use up the scan budget.
    uint256 public constant MAX_PRUNE = 16;
    /// @notice Longest acceptance window an ask may give itself (see `release`).
    uint256 public constant MAX_ACCEPT_WINDOW = 15 minutes;
    /// @notice Blocks during which only the earliest race commitment may be revealed.
    uint256 public constant RACE_PRIORITY_BLOCKS = 5;
    /// @notice After a race's latest commitment, how long the requester must wait to cancel.
    uint256 public constant RACE_CANCEL_GRACE = 10 minutes;
    uint256 internal constant BPS = 10_000;

    /// @dev A circuit as the market knows it: its compact index and input count, cached on first use.
    struct CircuitInfo {
        uint32 index;
        uint16 numInputs;
    }

    /// @dev An allow-listed payment token and its compact index (ETH is index 0, always allowed).
    struct TokenInfo {
        uint16 index;
        bool allowed;
    }

    IGroth16Verifier internal immutable _verifier;
    IStakeSource internal immutable _stake;
    /// @dev The token slashes pay out in and rescue bounties are kept in.
    address internal immutable _stakeToken;
    /// @dev Longest request lifetime: half the stake source's withdrawal delay (F6).
    uint256 internal immutable _maxLifetime;

    /// @dev Every parameter version ever set; requests run under the one of their submission.
    mapping(uint16 version => MarketParams) internal _paramsAt;
    uint256 internal _requestCount;
    uint32 internal _circuitCount;
    uint16 internal _tokenCount;
    uint64 internal _askCount;
    /// @dev The current parameter version (first set in the constructor: 1).
    uint16 internal _paramsVersion;

    mapping(uint256 id => Request) internal _requests;
    mapping(uint256 id => mapping(address prover => BidCommitment)) internal _bids;
    mapping(uint256 id => mapping(address prover => ProofCommitment)) internal _proofCommits;
    mapping(address operator => OperatorState) internal _operators;
    mapping(address token => mapping(address account => uint256)) internal _claimable;
    mapping(bytes32 circuitId => CircuitInfo) internal _circuitInfo;
    mapping(uint32 index => bytes32) internal _circuitIds;
    mapping(address token => TokenInfo) internal _tokenInfo;
    mapping(uint16 index => address) internal _tokens;
    mapping(uint64 askId => Ask) internal _asks;
    /// @dev Per (circuit, token) book (see `_bookKey`): standing asks, cheapest first.
    mapping(uint48 bookKey => Orderbook.List) internal _askBook;
    /// @dev Per (circuit, token) book: open orderbook requests, highest maxPrice first.
    mapping(uint48 bookKey => Orderbook.List) internal _requestBook;
    /// @dev Burned amounts per token: held by the market forever, owed to nobody.
    mapping(address token => uint256) internal _burned;

    constructor(IGroth16Verifier verifier_, IStakeSource stake_, address owner_) Ownable(owner_) {
        if (address(verifier_) == address(0)) revert IProofMarket.ZeroAddress("verifier");
        if (address(stake_) == address(0)) revert IProofMarket.ZeroAddress("stakeSource");
        _verifier = verifier_;
        _stake = stake_;
        _stakeToken = stake_.stakeToken();
        _maxLifetime = uint256(stake_.withdrawalDelay()) / 2;
    }

    function _requireStatus(uint256 id, RequestStatus status) internal view returns (Request storage r) {
        r = _requests[id];
        RequestStatus s = r.status;
        if (s == RequestStatus.None) revert IProofMarket.UnknownRequest(id);
        if (s != status) revert IProofMarket.WrongStatus(id, uint8(s));
    }

    function _requireOpenMechanism(uint256 id, Mechanism m) internal view returns (Request storage r) {
        r = _requireStatus(id, RequestStatus.Open);
        if (r.mechanism != m) revert IProofMarket.WrongMechanism(id, r.mechanism);
    }

    function _requireAssignedTo(uint256 id, address prover) internal view returns (Request storage r) {
        r = _requireStatus(id, RequestStatus.Assigned);
        if (r.prover != prover) revert IProofMarket.NotAssignedProver(id, prover);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > r.proveBy) revert IProofMarket.OutsideWindow(id, "prove");
    }

    /// @dev Checks the calldata inputs against the stored hash; returns the circuit id.
    function _checkInputs(uint256 id, Request storage r, uint256[] calldata inputs) internal view returns (bytes32) {
        if (RequestParamsLib.hashInputs(inputs) != r.inputsHash) revert IProofMarket.InputsMismatch(id);
        return _circuitIds[r.circuitIndex];
    }

    /// @dev The parameters the request was submitted under.
    function _paramsOf(Request storage r) internal view returns (MarketParams storage) {
        return _paramsAt[r.paramsVersion];
    }

    /// @dev The request's sealed-bid bond at its snapshotted bond rate.
    function _bondOf(Request storage r) internal view returns (uint256) {
        return r.bidBond(_paramsOf(r).bidBondBps);
    }

    /// @dev Burns the bonds of commits never revealed (once) and, when `withBest`, the held bond of
    /// the best bid (which could not be assigned). Never to the requester: its shills must cost it.
    function _forfeitBonds(Request storage r, bool withBest) internal returns (uint256 forfeited) {
        uint32 held = r.commits - r.reveals;
        if (withBest && r.reveals != 0) ++held;
        if (held == 0) return 0;
        forfeited = uint256(held) * _bondOf(r);
        r.commits = r.reveals;
        _burned[_tokenAt(r.tokenIndex)] += forfeited;
    }

    /// @dev Assigns `prover` at `price`, locks its collateral and starts the proving window.
    /// `acceptWindow` (orderbook matches by an ask only) opens the release window.
    function _assign(uint256 id, Request storage r, address prover, uint96 price, uint256 acceptWindow) internal {
        uint32 proveBy = uint32(block.timestamp + r.provingWindow);
        r.prover = prover;
        r.price = price;
        r.status = RequestStatus.Assigned;
        r.proveBy = proveBy;
        uint256 acceptBy;
        if (acceptWindow != 0) {
            acceptBy = block.timestamp + (acceptWindow < r.provingWindow ? acceptWindow : r.provingWindow);
            // forge-lint: disable-next-line(unsafe-typecast)
            r.timeA = uint32(acceptBy);
        }
        unchecked {
            ++_operators[prover].active;
        }
        uint96 collateral = r.requiredCollateral;
        uint8 round = r.round;
        bytes32 key = RequestLib.lockKey(id, round);
        if (collateral != 0) _stake.lock(prover, collateral, key);
        emit IProofMarket.RequestAssigned(id, prover, r.mechanism, price, collateral, key, proveBy, round, acceptBy);
    }

    /// @dev Frees the assigned prover's slot and collateral (fulfilled or released).
    function _releaseLock(uint256 id, Request storage r, address prover) internal {
        unchecked {
            --_operators[prover].active;
        }
        if (r.requiredCollateral != 0) _stake.unlock(RequestLib.lockKey(id, r.round));
    }

    /// @dev The requester's loss from a failed assignment in stake-token units: the assigned price
    /// when the payment token is ETH or the stake token itself (the stake token is an ETH
    /// restaking asset, counted 1:1), and 0 for any other token, which has no on-chain rate here.
    function _lossCap(Request storage r) internal view returns (uint256) {
        return (r.tokenIndex == 0 || _tokenAt(r.tokenIndex) == _stakeToken) ? r.price : 0;
    }

    /// @dev Slashes the lock `key`. A stake source that refuses with a reason (the market's slasher
    /// right was revoked, F8) only loses the slash: the lock is released and the request goes on.
    /// A failure without a reason (out of gas) reverts, so a keeper cannot skip a slash that way.
    function _slashLock(bytes32 key) internal returns (uint256 slashed) {
        try _stake.slash(key) returns (uint256 amount) {
            return amount;
        } catch (bytes memory reason) {
            if (reason.length == 0) revert IProofMarket.StakeSourceFailed();
            _stake.unlock(key);
            return 0;
        }
    }

    /// @dev Splits a slash (see `Slashing`) and books every share; returns the split.
    function _bookSlash(Request storage r, uint256 slashed, MarketParams memory mp)
        internal
        returns (SlashSplit memory s)
    {
        s = Slashing.split(slashed, mp, _lossCap(r));
        if (s.compensation != 0) _credit(_stakeToken, r.requester, s.compensation);
        if (s.keeper != 0) _credit(_stakeToken, msg.sender, s.keeper);
        if (s.burned != 0) _burned[_stakeToken] += s.burned;
        // forge-lint: disable-next-line(unsafe-typecast)
        if (s.bounty != 0) r.bounty += uint96(s.bounty);
    }

    /// @dev Why `operator` cannot take a request needing `collateral` now (zero if it can).
    function _eligibility(address operator, uint256 collateral) internal view returns (bytes32) {
        OperatorState memory s = _operators[operator];
        if (s.active >= s.maxConcurrent) return "capacity";
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < s.cooldownUntil) return "cooldown";
        if (!_stake.isOperator(operator)) return "operator";
        if (collateral != 0 && _stake.freeStake(operator) < collateral) return "stake";
        return bytes32(0);
    }

    function _requireEligible(address operator, uint256 collateral) internal view {
        bytes32 reason = _eligibility(operator, collateral);
        if (reason != bytes32(0)) revert IProofMarket.NotEligible(operator, reason);
    }

    /// @dev After a failed auction or a slash: re-open as a reverse Dutch auction excluding
    /// `r.prover` if the request allows it and time and re-opens remain; otherwise refund.
    function _reopenOrExpire(uint256 id, Request storage r) internal {
        MarketParams storage mp = _paramsOf(r);
        if (!r.fallbackToAuction || r.round >= mp.maxReopens || !r.assignableAt(block.timestamp)) {
            _expire(id, r, 0);
            return;
        }
        uint8 round = r.round + 1;
        uint256 rampEnd = block.timestamp + mp.reopenRamp;
        // Reach maxPrice by the last moment an assignment still leaves a full proving window.
        uint256 lastAssignable = uint256(r.deadline) - r.provingWindow;
        if (rampEnd > lastAssignable) rampEnd = lastAssignable;
        uint96 minPrice = r.price <= r.maxPrice ? r.price : r.maxPrice;
        r.round = round;
        r.status = RequestStatus.Open;
        r.mechanism = Mechanism.Dutch;
        r.timeA = uint32(block.timestamp);
        // forge-lint: disable-next-line(unsafe-typecast)
        r.timeB = uint32(rampEnd);
        r.minPrice = minPrice;
        emit IProofMarket.RequestReopened(id, round, minPrice, block.timestamp, rampEnd, r.prover, r.bounty);
    }

    /// @dev Refunds the escrow to the requester, burns an unused rescue bounty (it came from a
    /// slash: refunding it would pay the requester a second time for the same failure) and closes
    /// the request.
    function _expire(uint256 id, Request storage r, uint256 forfeited) internal {
        r.status = RequestStatus.Expired;
        // forge-lint: disable-next-line(unsafe-typecast)
        if (r.mechanism == Mechanism.Orderbook) _requestBook[_bookKey(r)].remove(uint64(id));
        uint256 refund = r.maxPrice;
        uint256 bounty = r.bounty;
        _credit(_tokenAt(r.tokenIndex), r.requester, refund);
        if (bounty != 0) {
            r.bounty = 0;
            _burned[_stakeToken] += bounty;
        }
        emit IProofMarket.RequestExpired(id, refund, bounty, forfeited);
    }

    function _removeAsk(uint48 key, uint64 askId, bool expired) internal {
        _askBook[key].remove(askId);
        delete _asks[askId];
        emit IProofMarket.AskRemoved(askId, expired);
    }

    /// @dev Closes a verified request: unlock, fee, refund, bounty. Returns what the operator is
    /// owed so that batches can pay it in one call.
    function _settle(uint256 id, Request storage r, address prover, bool assigned)
        internal
        returns (address token, uint256 pay)
    {
        r.status = RequestStatus.Fulfilled;
        token = _tokenAt(r.tokenIndex);
        uint256 price = r.price;
        MarketParams storage mp = _paramsOf(r);
        uint256 fee = price * mp.feeBps / BPS;
        pay = price - fee;
        uint256 refund = r.maxPrice - price;
        // A bounty only exists after a slash, and a slashed request that stays alive is re-opened,
        // which raises its round: skip the cold read of slot 5 for first-round requests.
        uint256 bounty = r.round != 0 ? r.bounty : 0;
        if (assigned) _releaseLock(id, r, prover);
        if (fee != 0) _credit(token, mp.treasury, fee);
        if (refund != 0) _credit(token, r.requester, refund);
        if (bounty != 0) {
            r.bounty = 0;
            _credit(_stakeToken, prover, bounty);
        }
        emit IProofMarket.RequestFulfilled(id, prover, price, fee, pay, refund, bounty);
    }

    /// @dev Pays an operator through the stake source: commission to it, the rest to delegators.
    /// If the stake source refuses with a reason (for example its reward-token limit, F7) the
    /// operator is credited here instead, so a proof is never left unpayable; a failure without a
    /// reason (out of gas) reverts, so a fulfiller cannot route the delegators' share to itself.
    function _payOperator(address operator, address token, uint256 amount) internal {
        if (amount == 0) return;
        bool isEth = token == address(0);
        if (!isEth) IERC20(token).forceApprove(address(_stake), amount);
        try _stake.rewardOperator{value: isEth ? amount : 0}(operator, token, amount) {}
        catch (bytes memory reason) {
            if (reason.length == 0) revert IProofMarket.StakeSourceFailed();
            if (!isEth) IERC20(token).forceApprove(address(_stake), 0);
            _credit(token, operator, amount);
            emit IProofMarket.OperatorPaidDirectly(operator, token, amount);
        }
    }

    /// @dev Calls the request's callback with its gas cap. The call copies no return data (a
    /// returndata bomb costs nothing) and its failure is only recorded.
    function _callback(uint256 id, Request storage r, bytes32 circuitId, uint256[] calldata inputs, address prover)
        internal
    {
        address target = r.callback;
        if (target == address(0)) return;
        uint256 gasLimit = r.callbackGasLimit;
        bytes memory data = abi.encodeCall(IProofCallback.onProofVerified, (id, circuitId, inputs, prover));
        // EIP-150 forwards at most 63/64 of the remaining gas: refuse to start the callback with
        // less than its cap, so a fulfiller cannot make it fail on purpose by sending too little.
        uint256 needed = gasLimit + gasLimit / 63 + 5_000;
        if (gasleft() < needed) revert IProofMarket.InsufficientGasForCallback(needed, gasleft());
        bool ok;
        assembly ("memory-safe") {
            // out size 0: nothing returned by the callee is copied into memory.
            ok := call(gasLimit, target, 0, add(data, 0x20), mload(data), 0, 0)
        }
        if (!ok) emit IProofMarket.CallbackFailed(id, target);
    }

    /// @dev Takes `amount` of `token` from the caller: exactly msg.value for ETH, transferFrom
    /// otherwise, refusing a token that delivers any other amount (fee-on-transfer, rebasing).
    function _collect(address token, uint256 amount) internal {
        if (token == address(0)) {
            if (msg.value != amount) revert IProofMarket.WrongPayment(msg.value, amount);
        } else {
            if (msg.value != 0) revert IProofMarket.WrongPayment(msg.value, 0);
            uint256 before = IERC20(token).balanceOf(address(this));
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
            uint256 received = IERC20(token).balanceOf(address(this)) - before;
            if (received != amount) revert IProofMarket.UnsupportedToken(token, amount, received);
        }
    }

    function _credit(address token, address account, uint256 amount) internal {
        _claimable[token][account] += amount;
    }

    /// @dev The circuit's compact index, assigned on first use after checking the verifier knows it.
    function _indexCircuit(bytes32 circuitId) internal returns (CircuitInfo memory info) {
        info = _circuitInfo[circuitId];
        if (info.index != 0) return info;
        if (!_verifier.isRegistered(circuitId)) revert IProofMarket.UnknownCircuit(circuitId);
        uint32 index;
        unchecked {
            index = ++_circuitCount;
        }
        info = CircuitInfo({index: index, numInputs: uint16(_verifier.numPublicInputs(circuitId))});
        _circuitInfo[circuitId] = info;
        _circuitIds[index] = circuitId;
        emit IProofMarket.CircuitIndexed(circuitId, index, info.numInputs);
    }

    function _tokenIndexOf(address token) internal view returns (uint16) {
        if (token == address(0)) return 0;
        TokenInfo memory info = _tokenInfo[token];
        if (!info.allowed) revert IProofMarket.TokenNotAllowed(token);
        return info.index;
    }

    function _tokenAt(uint16 index) internal view returns (address) {
        return index == 0 ? address(0) : _tokens[index];
    }

    /// @dev The book a request trades in: its circuit and its payment token (F2).
    function _bookKey(Request storage r) internal view returns (uint48) {
        return _bookKey(r.circuitIndex, r.tokenIndex);
    }

    function _bookKey(uint32 circuitIndex, uint16 tokenIndex) internal pure returns (uint48) {
        return (uint48(circuitIndex) << 16) | tokenIndex;
    }

    /// @dev Stores `p` as a new version; requests already submitted keep theirs.
    function _setParams(MarketParams memory p) internal {
        p.validate();
        uint16 version = _paramsVersion + 1;
        _paramsVersion = version;
        _paramsAt[version] = p;
        emit IProofMarket.ParamsUpdated(p, version);
    }
}
