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
import {BidCommitment} from "./types/BidCommitment.sol";
import {ProofCommitment} from "./types/ProofCommitment.sol";
import {SealedBidAuction} from "./libraries/SealedBidAuction.sol";
import {DutchAuction} from "./libraries/DutchAuction.sol";
import {Orderbook} from "./libraries/Orderbook.sol";
import {ProofRace} from "./libraries/ProofRace.sol";

/// @title ProofMarket
/// @notice See {IProofMarket}.
/// @dev Accounting: the market holds, per token, exactly the escrow of open requests, the bonds
/// of pending sealed bids, the rescue bounties of open requests and the claimable balances. Every
/// outflow is a pull (`withdraw`) except operator payments, which go straight to the stake source.
contract ProofMarket is IProofMarket, Ownable2Step, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Orderbook for Orderbook.List;
    using SealedBidAuction for SealedBidAuction.State;

    /// @notice Most gas a request may give its callback.
    uint256 public constant MAX_CALLBACK_GAS = 2_000_000;
    /// @notice Most book entries one match walks (expired or ineligible entries are skipped).
    uint256 public constant MAX_MATCH_SCAN = 8;
    uint256 private constant BPS = 10_000;

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

    IGroth16Verifier private immutable _verifier;
    IStakeSource private immutable _stake;
    /// @dev The token slashes pay out in and rescue bounties are kept in.
    address private immutable _stakeToken;

    MarketParams private _params;
    uint256 private _requestCount;
    uint32 private _circuitCount;
    uint16 private _tokenCount;
    uint64 private _askCount;

    mapping(uint256 id => Request) private _requests;
    mapping(uint256 id => mapping(address prover => BidCommitment)) private _bids;
    mapping(uint256 id => mapping(address prover => ProofCommitment)) private _proofCommits;
    mapping(address operator => OperatorState) private _operators;
    mapping(address token => mapping(address account => uint256)) private _claimable;
    mapping(bytes32 circuitId => CircuitInfo) private _circuitInfo;
    mapping(uint32 index => bytes32) private _circuitIds;
    mapping(address token => TokenInfo) private _tokenInfo;
    mapping(uint16 index => address) private _tokens;
    mapping(uint64 askId => Ask) private _asks;
    /// @dev Per circuit index: standing asks, cheapest first.
    mapping(uint32 circuitIndex => Orderbook.List) private _askBook;
    /// @dev Per circuit index: open orderbook requests, highest maxPrice first.
    mapping(uint32 circuitIndex => Orderbook.List) private _requestBook;

    constructor(IGroth16Verifier verifier_, IStakeSource stake_, address owner_, address treasury_)
        Ownable(owner_)
    {
        if (address(verifier_) == address(0)) revert ZeroAddress("verifier");
        if (address(stake_) == address(0)) revert ZeroAddress("stakeSource");
        _verifier = verifier_;
        _stake = stake_;
        _stakeToken = stake_.stakeToken();
        _setParams(MarketParamsLib.defaults(treasury_));
    }

    // =================================================================== requests

    /// @inheritdoc IProofMarket
    function submit(RequestParams calldata p) external payable whenNotPaused nonReentrant returns (uint256 id) {
        CircuitInfo memory circuit = _indexCircuit(p.circuitId);
        p.validate(block.timestamp, circuit.numInputs, MAX_CALLBACK_GAS);
        uint16 tokenIndex = _tokenIndexOf(p.token);
        _collect(p.token, p.maxPrice);

        unchecked {
            id = ++_requestCount;
        }
        Request storage r = _requests[id];
        _storeRequest(r, p, circuit.index, tokenIndex);

        uint256 bond = p.mechanism == Mechanism.SealedBid ? r.bidBond() : 0;
        emit RequestSubmitted(id, msg.sender, p.circuitId, circuit.index, bond, p);

        if (p.mechanism == Mechanism.Orderbook) _openInBook(id, r, p.orderbookHint);
    }

    /// @inheritdoc IProofMarket
    function cancel(uint256 id) external nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Open);
        if (msg.sender != r.requester) revert NotRequester(id, msg.sender);
        Mechanism m = r.mechanism;
        if ((m == Mechanism.SealedBid && r.reveals != 0) || (m == Mechanism.Race && r.commits != 0)) {
            revert CannotCancel(id);
        }
        r.status = RequestStatus.Cancelled;
        if (m == Mechanism.Orderbook) _requestBook[r.circuitIndex].remove(uint64(id));
        uint256 refund = r.maxPrice;
        _credit(_tokenAt(r.tokenIndex), r.requester, refund);
        // A re-opened request may carry a rescue bounty from an earlier slash.
        uint256 bounty = r.bounty;
        if (bounty != 0) {
            r.bounty = 0;
            _credit(_stakeToken, r.requester, bounty);
        }
        emit RequestCancelled(id, refund);
    }

    /// @inheritdoc IProofMarket
    function expire(uint256 id) external nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Open);
        bool expired = r.mechanism == Mechanism.Race
            ? block.timestamp > r.deadline
            : !r.assignableAt(block.timestamp) && (r.mechanism != Mechanism.SealedBid || block.timestamp > r.timeB);
        if (!expired) revert OutsideWindow(id, "expire");
        uint256 forfeited = r.mechanism == Mechanism.SealedBid ? _forfeitUnrevealedBonds(r) : 0;
        _expire(id, r, forfeited);
    }

    // =================================================================== sealed bid

    /// @inheritdoc IProofMarket
    function commitBid(uint256 id, bytes32 commitment) external payable whenNotPaused nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.SealedBid);
        if (block.timestamp > r.timeA) revert OutsideWindow(id, "commit");
        BidCommitment storage b = _bids[id][msg.sender];
        if (b.seq != 0) revert AlreadyCommitted(id, msg.sender);
        // A zero digest is the "revealed" marker; such a commitment could never be revealed.
        if (bytes28(commitment) == bytes28(0)) revert CommitmentMismatch(id, msg.sender);

        uint256 bond = r.bidBond();
        _collect(_tokenAt(r.tokenIndex), bond);
        uint32 seq;
        unchecked {
            seq = ++r.commits;
        }
        b.digest = bytes28(commitment);
        b.seq = seq;
        emit BidCommitted(id, msg.sender, commitment, seq, bond);
    }

    /// @inheritdoc IProofMarket
    function revealBid(uint256 id, uint96 price, bytes32 salt) external nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.SealedBid);
        if (block.timestamp <= r.timeA || block.timestamp > r.timeB) revert OutsideWindow(id, "reveal");
        BidCommitment storage b = _bids[id][msg.sender];
        BidCommitment memory bid = b;
        if (!bid.isPending()) revert NoCommitment(id, msg.sender);
        if (!bid.matches(SealedBidAuction.commitmentOf(id, msg.sender, price, salt))) {
            revert CommitmentMismatch(id, msg.sender);
        }
        if (price > r.maxPrice) revert BidAboveMax(price, r.maxPrice);
        _requireEligible(msg.sender, r.requiredCollateral);
        b.digest = bytes28(0);

        SealedBidAuction.State memory s = SealedBidAuction.State({
            best: r.prover, bestPrice: r.price, secondPrice: r.secondPrice, reveals: r.reveals
        });
        // The best bid's commit order matters only on a price tie; skip the SLOAD otherwise.
        uint32 bestSeq = (s.reveals != 0 && price == s.bestPrice) ? _bids[id][s.best].seq : 0;
        uint96 oldSecond = s.secondPrice;
        if (s.applyReveal(msg.sender, price, bid.seq, bestSeq)) {
            r.prover = s.best;
            r.price = s.bestPrice;
        }
        if (s.secondPrice != oldSecond) r.secondPrice = s.secondPrice;
        r.reveals = s.reveals;

        uint256 bond = r.bidBond();
        _credit(_tokenAt(r.tokenIndex), msg.sender, bond);
        emit BidRevealed(id, msg.sender, price, bond, s.best, s.bestPrice, s.secondPrice, s.reveals);
    }

    /// @inheritdoc IProofMarket
    function finalize(uint256 id) external nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.SealedBid);
        if (block.timestamp <= r.timeB) revert OutsideWindow(id, "finalize");
        uint256 forfeited = _forfeitUnrevealedBonds(r);

        address winner = r.reveals != 0 ? r.prover : address(0);
        if (
            winner != address(0) && r.assignableAt(block.timestamp)
                && _eligibility(winner, r.requiredCollateral) == bytes32(0)
        ) {
            SealedBidAuction.State memory s = SealedBidAuction.State({
                best: winner, bestPrice: r.price, secondPrice: r.secondPrice, reveals: r.reveals
            });
            uint96 clearing = s.clearingPrice(r.maxPrice);
            emit AuctionSettled(id, winner, s.bestPrice, clearing, forfeited);
            _assign(id, r, winner, clearing);
        } else {
            emit AuctionSettled(id, address(0), winner == address(0) ? 0 : r.price, 0, forfeited);
            _reopenOrExpire(id, r);
        }
    }

    /// @inheritdoc IProofMarket
    function reclaimBond(uint256 id) external nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Cancelled);
        BidCommitment storage b = _bids[id][msg.sender];
        // After an auction closed, unrevealed digests stay behind but their bonds were forfeited to
        // the requester (commits was lowered to reveals): only commits still counted are reclaimable.
        if (!b.isPending() || r.commits == r.reveals) revert NoCommitment(id, msg.sender);
        b.digest = bytes28(0);
        unchecked {
            --r.commits;
        }
        uint256 bond = r.bidBond();
        _credit(_tokenAt(r.tokenIndex), msg.sender, bond);
        emit BondReclaimed(id, msg.sender, bond);
    }

    // =================================================================== Dutch

    /// @inheritdoc IProofMarket
    function lock(uint256 id) external whenNotPaused nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.Dutch);
        if (!r.assignableAt(block.timestamp)) revert OutsideWindow(id, "lock");
        // After a slash `prover` still names the slashed operator: it may not take the request back.
        if (msg.sender == r.prover) revert NotEligible(msg.sender, "excluded");
        _requireEligible(msg.sender, r.requiredCollateral);
        uint96 price = DutchAuction.priceAt(r.minPrice, r.maxPrice, r.timeA, r.timeB, block.timestamp);
        _assign(id, r, msg.sender, price);
    }

    // =================================================================== orderbook

    /// @inheritdoc IProofMarket
    function placeAsk(bytes32 circuitId, uint96 price, uint32 expiry, uint64 hint)
        external
        whenNotPaused
        nonReentrant
        returns (uint64 askId)
    {
        if (expiry < block.timestamp) revert AskExpiryPassed(expiry);
        if (!_stake.isOperator(msg.sender)) revert NotEligible(msg.sender, "operator");
        uint32 ci = _indexCircuit(circuitId).index;
        unchecked {
            askId = ++_askCount;
        }
        _asks[askId] = Ask({prover: msg.sender, circuitIndex: ci, expiry: expiry});
        _askBook[ci].insert(askId, price, hint, false);
        emit AskPlaced(askId, msg.sender, circuitId, price, expiry, hint);
        _matchAsk(ci, price);
    }

    /// @inheritdoc IProofMarket
    function cancelAsk(uint64 askId) external nonReentrant {
        Ask memory a = _asks[askId];
        if (a.prover != msg.sender) revert UnknownAsk(askId);
        _removeAsk(a.circuitIndex, askId, false);
    }

    // =================================================================== race

    /// @inheritdoc IProofMarket
    function commitProof(uint256 id, bytes32 commitment) external whenNotPaused nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.Race);
        if (block.timestamp > r.deadline) revert OutsideWindow(id, "commit");
        if (!_stake.isOperator(msg.sender)) revert NotEligible(msg.sender, "operator");
        if (bytes28(commitment) == bytes28(0)) revert CommitmentMismatch(id, msg.sender);
        unchecked {
            ++r.commits;
        }
        _proofCommits[id][msg.sender] =
            ProofCommitment({digest: bytes28(commitment), blockNumber: uint32(block.number)});
        emit ProofCommitted(id, msg.sender, commitment, block.number);
    }

    /// @inheritdoc IProofMarket
    function revealProof(uint256 id, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
        nonReentrant
    {
        Request storage r = _requireOpenMechanism(id, Mechanism.Race);
        if (block.timestamp > r.deadline) revert OutsideWindow(id, "reveal");
        if (!ProofRace.canReveal(_proofCommits[id][msg.sender], proof, msg.sender, block.number)) {
            revert CommitmentMismatch(id, msg.sender);
        }
        delete _proofCommits[id][msg.sender];
        bytes32 circuitId = _checkInputs(id, r, publicInputs);
        if (!_verifier.verify(circuitId, proof, publicInputs)) revert InvalidProof(id);
        // A race pays the full escrow: there was no price discovery.
        r.prover = msg.sender;
        r.price = r.maxPrice;
        (address token, uint256 pay) = _settle(id, r, msg.sender, false);
        _payOperator(msg.sender, token, pay);
        _callback(id, r, circuitId, publicInputs, msg.sender);
    }

    // =================================================================== settlement

    /// @inheritdoc IProofMarket
    function fulfill(uint256 id, uint256[8] calldata proof, uint256[] calldata publicInputs) external nonReentrant {
        Request storage r = _requireAssignedTo(id, msg.sender);
        bytes32 circuitId = _checkInputs(id, r, publicInputs);
        if (!_verifier.verify(circuitId, proof, publicInputs)) revert InvalidProof(id);
        (address token, uint256 pay) = _settle(id, r, msg.sender, true);
        _payOperator(msg.sender, token, pay);
        _callback(id, r, circuitId, publicInputs, msg.sender);
    }

    /// @inheritdoc IProofMarket
    function fulfillBatch(uint256[] calldata ids, uint256[8][] calldata proofs, uint256[][] calldata publicInputs)
        external
        nonReentrant
    {
        uint256 n = ids.length;
        if (n == 0 || proofs.length != n || publicInputs.length != n) revert BadBatch();
        bytes32 circuitId = _checkBatch(ids, publicInputs);
        if (circuitId != bytes32(0)) {
            if (!_verifier.verifyBatch(circuitId, proofs, publicInputs)) revert InvalidProof(ids[0]);
        } else {
            for (uint256 i; i < n; ++i) {
                bytes32 c = _circuitIds[_requests[ids[i]].circuitIndex];
                if (!_verifier.verify(c, proofs[i], publicInputs[i])) revert InvalidProof(ids[i]);
            }
        }
        // Operator payments of the same token are summed into one stake-source call.
        address pendingToken;
        uint256 pendingPay;
        for (uint256 i; i < n; ++i) {
            Request storage r = _requests[ids[i]];
            (address token, uint256 pay) = _settle(ids[i], r, msg.sender, true);
            if (token != pendingToken && pendingPay != 0) {
                _payOperator(msg.sender, pendingToken, pendingPay);
                pendingPay = 0;
            }
            pendingToken = token;
            pendingPay += pay;
        }
        _payOperator(msg.sender, pendingToken, pendingPay);
        for (uint256 i; i < n; ++i) {
            Request storage r = _requests[ids[i]];
            if (r.callback != address(0)) {
                _callback(ids[i], r, _circuitIds[r.circuitIndex], publicInputs[i], msg.sender);
            }
        }
    }

    /// @inheritdoc IProofMarket
    function slash(uint256 id) external nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Assigned);
        if (block.timestamp <= r.proveBy) revert OutsideWindow(id, "slash");
        address prover = r.prover;
        MarketParams memory mp = _params;

        OperatorState storage op = _operators[prover];
        uint32 cooldownUntil = uint32(block.timestamp + mp.cooldown);
        unchecked {
            --op.active;
        }
        // Never shorten a cooldown already running from another slash.
        if (cooldownUntil > op.cooldownUntil) op.cooldownUntil = cooldownUntil;

        uint256 slashed = r.requiredCollateral != 0 ? _stake.slash(RequestLib.lockKey(id, r.round)) : 0;
        _splitSlash(id, r, prover, slashed, mp, op.cooldownUntil);
        _reopenOrExpire(id, r);
    }

    // =================================================================== accounts

    /// @inheritdoc IProofMarket
    function setCapacity(uint32 maxConcurrent) external {
        _operators[msg.sender].maxConcurrent = maxConcurrent;
        emit CapacitySet(msg.sender, maxConcurrent);
    }

    /// @inheritdoc IProofMarket
    function withdraw(address token, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress("to");
        amount = _claimable[token][msg.sender];
        if (amount == 0) revert NothingToWithdraw(token, msg.sender);
        _claimable[token][msg.sender] = 0;
        emit Withdrawn(msg.sender, token, to, amount);
        if (token == address(0)) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert EthTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    // =================================================================== governance

    /// @inheritdoc IProofMarket
    function setParams(MarketParams calldata newParams) external onlyOwner {
        _setParams(newParams);
    }

    /// @inheritdoc IProofMarket
    function setTokenAllowed(address token, bool allowed) external onlyOwner {
        if (token == address(0)) revert ZeroAddress("token");
        TokenInfo memory info = _tokenInfo[token];
        if (info.index == 0) {
            unchecked {
                info.index = ++_tokenCount;
            }
            _tokens[info.index] = token;
        }
        info.allowed = allowed;
        _tokenInfo[token] = info;
        emit TokenAllowed(token, allowed, info.index);
    }

    /// @inheritdoc IProofMarket
    function pause() external onlyOwner {
        _pause();
    }

    /// @inheritdoc IProofMarket
    function unpause() external onlyOwner {
        _unpause();
    }

    // =================================================================== views

    /// @inheritdoc IProofMarket
    function verifier() external view returns (IGroth16Verifier) {
        return _verifier;
    }

    /// @inheritdoc IProofMarket
    function stakeSource() external view returns (IStakeSource) {
        return _stake;
    }

    /// @inheritdoc IProofMarket
    function params() external view returns (MarketParams memory) {
        return _params;
    }

    /// @inheritdoc IProofMarket
    function requestCount() external view returns (uint256) {
        return _requestCount;
    }

    /// @inheritdoc IProofMarket
    function getRequest(uint256 id) external view returns (Request memory) {
        return _requests[id];
    }

    /// @inheritdoc IProofMarket
    function circuitOf(uint256 id) external view returns (bytes32) {
        return _circuitIds[_requests[id].circuitIndex];
    }

    /// @inheritdoc IProofMarket
    function tokenOf(uint256 id) external view returns (address) {
        return _tokenAt(_requests[id].tokenIndex);
    }

    /// @inheritdoc IProofMarket
    function circuitIndexOf(bytes32 circuitId) external view returns (uint32) {
        return _circuitInfo[circuitId].index;
    }

    /// @inheritdoc IProofMarket
    function currentPrice(uint256 id) external view returns (uint256) {
        Request storage r = _requests[id];
        return DutchAuction.priceAt(r.minPrice, r.maxPrice, r.timeA, r.timeB, block.timestamp);
    }

    /// @inheritdoc IProofMarket
    function claimable(address token, address account) external view returns (uint256) {
        return _claimable[token][account];
    }

    /// @inheritdoc IProofMarket
    function operatorState(address operator) external view returns (OperatorState memory) {
        return _operators[operator];
    }

    /// @inheritdoc IProofMarket
    function isEligible(address operator, uint256 collateral) external view returns (bool) {
        return _eligibility(operator, collateral) == bytes32(0);
    }

    /// @inheritdoc IProofMarket
    function bidCommitment(uint256 id, address prover) external view returns (BidCommitment memory) {
        return _bids[id][prover];
    }

    /// @inheritdoc IProofMarket
    function getAsk(uint64 askId) external view returns (Ask memory ask, uint96 price) {
        ask = _asks[askId];
        price = _askBook[ask.circuitIndex].nodes[askId].price;
    }

    /// @inheritdoc IProofMarket
    function bookHeads(bytes32 circuitId) external view returns (uint64 bestAsk, uint64 bestRequest) {
        uint32 ci = _circuitInfo[circuitId].index;
        return (_askBook[ci].head, _requestBook[ci].head);
    }

    /// @inheritdoc IProofMarket
    function nextInBook(bytes32 circuitId, bool asks, uint64 node) external view returns (uint64) {
        uint32 ci = _circuitInfo[circuitId].index;
        return (asks ? _askBook[ci] : _requestBook[ci]).nodes[node].next;
    }

    /// @inheritdoc IProofMarket
    function askHint(bytes32 circuitId, uint96 price) external view returns (uint64) {
        return _askBook[_circuitInfo[circuitId].index].findHint(price, false);
    }

    /// @inheritdoc IProofMarket
    function requestHint(bytes32 circuitId, uint96 maxPrice) external view returns (uint64) {
        return _requestBook[_circuitInfo[circuitId].index].findHint(maxPrice, true);
    }

    // =================================================================== internals: requests

    /// @dev Writes the request in four fresh slots (five with a callback); see `Request`'s layout.
    function _storeRequest(Request storage r, RequestParams calldata p, uint32 circuitIndex, uint16 tokenIndex)
        private
    {
        r.requester = msg.sender;
        r.maxPrice = p.maxPrice;
        r.inputsHash = RequestParamsLib.hashInputs(p.publicInputs);
        r.circuitIndex = circuitIndex;
        r.tokenIndex = tokenIndex;
        r.bidBondBps = _params.bidBondBps;
        r.deadline = p.deadline;
        r.provingWindow = p.provingWindow;
        r.mechanism = p.mechanism;
        r.status = RequestStatus.Open;
        r.fallbackToAuction = p.fallbackToAuction;
        r.requiredCollateral = p.requiredCollateral;
        if (p.mechanism == Mechanism.SealedBid) {
            r.timeA = p.commitDeadline;
            r.timeB = p.revealDeadline;
        } else if (p.mechanism == Mechanism.Dutch) {
            r.timeA = uint32(block.timestamp);
            r.timeB = uint32(block.timestamp + p.rampDuration);
            r.minPrice = p.minPrice;
        }
        if (p.callback != address(0)) {
            r.callback = p.callback;
            r.callbackGasLimit = p.callbackGasLimit;
        }
    }

    function _requireStatus(uint256 id, RequestStatus status) private view returns (Request storage r) {
        r = _requests[id];
        RequestStatus s = r.status;
        if (s == RequestStatus.None) revert UnknownRequest(id);
        if (s != status) revert WrongStatus(id, uint8(s));
    }

    function _requireOpenMechanism(uint256 id, Mechanism m) private view returns (Request storage r) {
        r = _requireStatus(id, RequestStatus.Open);
        if (r.mechanism != m) revert WrongMechanism(id, r.mechanism);
    }

    function _requireAssignedTo(uint256 id, address prover) private view returns (Request storage r) {
        r = _requireStatus(id, RequestStatus.Assigned);
        if (r.prover != prover) revert NotAssignedProver(id, prover);
        if (block.timestamp > r.proveBy) revert OutsideWindow(id, "prove");
    }

    /// @dev Checks the calldata inputs against the stored hash; returns the circuit id.
    function _checkInputs(uint256 id, Request storage r, uint256[] calldata inputs) private view returns (bytes32) {
        if (RequestParamsLib.hashInputs(inputs) != r.inputsHash) revert InputsMismatch(id);
        return _circuitIds[r.circuitIndex];
    }

    /// @dev Checks every batch entry; returns the shared circuit id, or zero if circuits differ.
    function _checkBatch(uint256[] calldata ids, uint256[][] calldata inputs) private view returns (bytes32) {
        uint32 first = _requireAssignedTo(ids[0], msg.sender).circuitIndex;
        bool same = true;
        for (uint256 i; i < ids.length; ++i) {
            Request storage r = _requireAssignedTo(ids[i], msg.sender);
            _checkInputs(ids[i], r, inputs[i]);
            if (r.circuitIndex != first) same = false;
            // A duplicate id would be settled twice: require strictly increasing ids.
            if (i != 0 && ids[i] <= ids[i - 1]) revert BadBatch();
        }
        return same ? _circuitIds[first] : bytes32(0);
    }

    /// @dev Credits the requester the bonds of commits never revealed (once).
    function _forfeitUnrevealedBonds(Request storage r) private returns (uint256 forfeited) {
        uint32 unrevealed = r.commits - r.reveals;
        if (unrevealed == 0) return 0;
        forfeited = uint256(unrevealed) * r.bidBond();
        r.commits = r.reveals;
        _credit(_tokenAt(r.tokenIndex), r.requester, forfeited);
    }

    // =================================================================== internals: assignment

    /// @dev Assigns `prover` at `price`, locks its collateral and starts the proving window.
    function _assign(uint256 id, Request storage r, address prover, uint96 price) private {
        uint32 proveBy = uint32(block.timestamp + r.provingWindow);
        r.prover = prover;
        r.price = price;
        r.status = RequestStatus.Assigned;
        r.proveBy = proveBy;
        unchecked {
            ++_operators[prover].active;
        }
        uint96 collateral = r.requiredCollateral;
        uint8 round = r.round;
        bytes32 key = RequestLib.lockKey(id, round);
        if (collateral != 0) _stake.lock(prover, collateral, key);
        emit RequestAssigned(id, prover, r.mechanism, price, collateral, key, proveBy, round);
    }

    /// @dev Why `operator` cannot take a request needing `collateral` now (zero if it can).
    function _eligibility(address operator, uint256 collateral) private view returns (bytes32) {
        OperatorState memory s = _operators[operator];
        if (s.active >= s.maxConcurrent) return "capacity";
        if (block.timestamp < s.cooldownUntil) return "cooldown";
        if (!_stake.isOperator(operator)) return "operator";
        if (collateral != 0 && _stake.freeStake(operator) < collateral) return "stake";
        return bytes32(0);
    }

    function _requireEligible(address operator, uint256 collateral) private view {
        bytes32 reason = _eligibility(operator, collateral);
        if (reason != bytes32(0)) revert NotEligible(operator, reason);
    }

    /// @dev After a failed auction or a slash: re-open as a reverse Dutch auction excluding
    /// `r.prover` if the request allows it and time and re-opens remain; otherwise refund.
    function _reopenOrExpire(uint256 id, Request storage r) private {
        MarketParams memory mp = _params;
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
        r.timeB = uint32(rampEnd);
        r.minPrice = minPrice;
        emit RequestReopened(id, round, minPrice, block.timestamp, rampEnd, r.prover, r.bounty);
    }

    /// @dev Refunds escrow and bounty to the requester and closes the request.
    function _expire(uint256 id, Request storage r, uint256 forfeited) private {
        r.status = RequestStatus.Expired;
        if (r.mechanism == Mechanism.Orderbook) _requestBook[r.circuitIndex].remove(uint64(id));
        uint256 refund = r.maxPrice;
        uint256 bounty = r.bounty;
        _credit(_tokenAt(r.tokenIndex), r.requester, refund);
        if (bounty != 0) {
            r.bounty = 0;
            _credit(_stakeToken, r.requester, bounty);
        }
        emit RequestExpired(id, refund, bounty, forfeited);
    }

    /// @dev Splits a slash between requester, rescue bounty, keeper and treasury.
    function _splitSlash(
        uint256 id,
        Request storage r,
        address prover,
        uint256 slashed,
        MarketParams memory mp,
        uint256 cooldownUntil
    ) private {
        uint256 requesterShare = slashed * mp.slashRequesterBps / BPS;
        uint256 bountyShare = slashed * mp.slashBountyBps / BPS;
        uint256 keeperShare = slashed * mp.slashKeeperBps / BPS;
        uint256 treasuryShare = slashed - requesterShare - bountyShare - keeperShare;
        if (requesterShare != 0) _credit(_stakeToken, r.requester, requesterShare);
        if (keeperShare != 0) _credit(_stakeToken, msg.sender, keeperShare);
        if (treasuryShare != 0) _credit(_stakeToken, mp.treasury, treasuryShare);
        if (bountyShare != 0) r.bounty += uint96(bountyShare);
        emit ProverSlashed(
            id, prover, msg.sender, slashed, requesterShare, bountyShare, keeperShare, treasuryShare, cooldownUntil
        );
    }

    // =================================================================== internals: orderbook

    /// @dev An incoming orderbook request takes the best eligible live ask, or rests in the book.
    function _openInBook(uint256 id, Request storage r, uint64 hint) private {
        uint32 ci = r.circuitIndex;
        Orderbook.List storage asks = _askBook[ci];
        uint64 cursor = asks.head;
        for (uint256 scanned; cursor != 0 && scanned < MAX_MATCH_SCAN; ++scanned) {
            Orderbook.Node memory node = asks.nodes[cursor];
            if (node.price > r.maxPrice) break;
            Ask memory a = _asks[cursor];
            if (block.timestamp > a.expiry) {
                _removeAsk(ci, cursor, true);
            } else if (_eligibility(a.prover, r.requiredCollateral) == bytes32(0)) {
                _assign(id, r, a.prover, node.price);
                return;
            }
            cursor = node.next;
        }
        _requestBook[ci].insert(uint64(id), r.maxPrice, hint, true);
    }

    /// @dev An incoming ask takes the highest open requests it can serve, at their maxPrice.
    function _matchAsk(uint32 ci, uint96 price) private {
        Orderbook.List storage book = _requestBook[ci];
        uint64 cursor = book.head;
        for (uint256 scanned; cursor != 0 && scanned < MAX_MATCH_SCAN; ++scanned) {
            Orderbook.Node memory node = book.nodes[cursor];
            if (node.price < price) break;
            Request storage r = _requests[cursor];
            bytes32 reason = _eligibility(msg.sender, r.requiredCollateral);
            if (reason == "capacity" || reason == "cooldown" || reason == "operator") break;
            if (reason == bytes32(0) && r.assignableAt(block.timestamp)) {
                book.remove(cursor);
                _assign(cursor, r, msg.sender, r.maxPrice);
            }
            cursor = node.next;
        }
    }

    function _removeAsk(uint32 ci, uint64 askId, bool expired) private {
        _askBook[ci].remove(askId);
        delete _asks[askId];
        emit AskRemoved(askId, expired);
    }

    // =================================================================== internals: money

    /// @dev Closes a verified request: unlock, fee, refund, bounty. Returns what the operator is
    /// owed so that batches can pay it in one call.
    function _settle(uint256 id, Request storage r, address prover, bool assigned)
        private
        returns (address token, uint256 pay)
    {
        r.status = RequestStatus.Fulfilled;
        token = _tokenAt(r.tokenIndex);
        uint256 price = r.price;
        uint256 fee = price * _params.feeBps / BPS;
        pay = price - fee;
        uint256 refund = r.maxPrice - price;
        uint256 bounty = r.bounty;
        if (assigned) {
            unchecked {
                --_operators[prover].active;
            }
            if (r.requiredCollateral != 0) _stake.unlock(RequestLib.lockKey(id, r.round));
        }
        if (fee != 0) _credit(token, _params.treasury, fee);
        if (refund != 0) _credit(token, r.requester, refund);
        if (bounty != 0) {
            r.bounty = 0;
            _credit(_stakeToken, prover, bounty);
        }
        emit RequestFulfilled(id, prover, price, fee, pay, refund, bounty);
    }

    /// @dev Pays an operator through the stake source: commission to it, the rest to delegators.
    function _payOperator(address operator, address token, uint256 amount) private {
        if (amount == 0) return;
        if (token == address(0)) {
            _stake.rewardOperator{value: amount}(operator, token, amount);
        } else {
            IERC20(token).forceApprove(address(_stake), amount);
            _stake.rewardOperator(operator, token, amount);
        }
    }

    /// @dev Calls the request's callback with its gas cap. The call copies no return data (a
    /// returndata bomb costs nothing) and its failure is only recorded.
    function _callback(uint256 id, Request storage r, bytes32 circuitId, uint256[] calldata inputs, address prover)
        private
    {
        address target = r.callback;
        if (target == address(0)) return;
        uint256 gasLimit = r.callbackGasLimit;
        bytes memory data = abi.encodeCall(IProofCallback.onProofVerified, (id, circuitId, inputs, prover));
        // EIP-150 forwards at most 63/64 of the remaining gas: refuse to start the callback with
        // less than its cap, so a fulfiller cannot make it fail on purpose by sending too little.
        uint256 needed = gasLimit + gasLimit / 63 + 5_000;
        if (gasleft() < needed) revert InsufficientGasForCallback(needed, gasleft());
        bool ok;
        assembly ("memory-safe") {
            // out size 0: nothing returned by the callee is copied into memory.
            ok := call(gasLimit, target, 0, add(data, 0x20), mload(data), 0, 0)
        }
        if (!ok) emit CallbackFailed(id, target);
    }

    /// @dev Takes `amount` of `token` from the caller: exactly msg.value for ETH, transferFrom otherwise.
    function _collect(address token, uint256 amount) private {
        if (token == address(0)) {
            if (msg.value != amount) revert WrongPayment(msg.value, amount);
        } else {
            if (msg.value != 0) revert WrongPayment(msg.value, 0);
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        }
    }

    function _credit(address token, address account, uint256 amount) private {
        _claimable[token][account] += amount;
    }

    // =================================================================== internals: registries

    /// @dev The circuit's compact index, assigned on first use after checking the verifier knows it.
    function _indexCircuit(bytes32 circuitId) private returns (CircuitInfo memory info) {
        info = _circuitInfo[circuitId];
        if (info.index != 0) return info;
        if (!_verifier.isRegistered(circuitId)) revert UnknownCircuit(circuitId);
        uint32 index;
        unchecked {
            index = ++_circuitCount;
        }
        info = CircuitInfo({index: index, numInputs: uint16(_verifier.numPublicInputs(circuitId))});
        _circuitInfo[circuitId] = info;
        _circuitIds[index] = circuitId;
        emit CircuitIndexed(circuitId, index, info.numInputs);
    }

    function _tokenIndexOf(address token) private view returns (uint16) {
        if (token == address(0)) return 0;
        TokenInfo memory info = _tokenInfo[token];
        if (!info.allowed) revert TokenNotAllowed(token);
        return info.index;
    }

    function _tokenAt(uint16 index) private view returns (address) {
        return index == 0 ? address(0) : _tokens[index];
    }

    function _setParams(MarketParams memory p) private {
        p.validate();
        _params = p;
        emit ParamsUpdated(p);
    }
}
