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
import {ProofMarketBase} from "./ProofMarketBase.sol";
import {ProofMarketExtension} from "./ProofMarketExtension.sol";

/// @title ProofMarket
/// @notice See {IProofMarket}.
/// @dev Accounting: the market holds, per token, exactly the escrow of open requests, the bonds
/// of pending sealed bids, the rescue bounties of open requests and the claimable balances. Every
/// outflow is a pull (`withdraw`) except operator payments, which go straight to the stake source.
/// The hot paths (submit, Dutch lock, race, fulfil, batch) run here; the rest runs in
/// `ProofMarketExtension` through DELEGATECALL on this storage (EIP-170 code size, see ProofMarketBase).
contract ProofMarket is IProofMarket, ProofMarketBase {
    using SafeERC20 for IERC20;
    using Orderbook for Orderbook.List;

    /// @dev Where the delegated entry points run (see `_delegate`).
    address private immutable _extension;

    constructor(IGroth16Verifier verifier_, IStakeSource stake_, address owner_, address treasury_)
        ProofMarketBase(verifier_, stake_, owner_)
    {
        _extension = address(new ProofMarketExtension(verifier_, stake_));
        _setParams(MarketParamsLib.defaults(treasury_));
    }

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

        if (p.mechanism == Mechanism.Orderbook) {
            _delegateCall(abi.encodeCall(ProofMarketExtension.openInBook, (id, p.orderbookHint)));
        }
    }

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

    /// @inheritdoc IProofMarket
    function commitProof(uint256 id, bytes32 commitment) external whenNotPaused nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.Race);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > r.deadline) revert IProofMarket.OutsideWindow(id, "commit");
        if (!_stake.isOperator(msg.sender)) revert IProofMarket.NotEligible(msg.sender, "operator");
        // forge-lint: disable-next-line(unsafe-typecast)
        if (bytes28(commitment) == bytes28(0)) revert IProofMarket.CommitmentMismatch(id, msg.sender);
        unchecked {
            ++r.commits;
        }
        _proofCommits[id][msg.sender] =
            // forge-lint: disable-next-line(unsafe-typecast)
            ProofCommitment({digest: bytes28(commitment), blockNumber: uint32(block.number)});
        emit IProofMarket.ProofCommitted(id, msg.sender, commitment, block.number);
    }

    /// @inheritdoc IProofMarket
    function revealProof(uint256 id, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
       
        nonReentrant
    {
        Request storage r = _requireOpenMechanism(id, Mechanism.Race);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > r.deadline) revert IProofMarket.OutsideWindow(id, "reveal");
        if (!ProofRace.canReveal(_proofCommits[id][msg.sender], proof, msg.sender, block.number)) {
            revert IProofMarket.CommitmentMismatch(id, msg.sender);
        }
        delete _proofCommits[id][msg.sender];
        bytes32 circuitId = _checkInputs(id, r, publicInputs);
        if (!_verifier.verify(circuitId, proof, publicInputs)) revert IProofMarket.InvalidProof(id);
        // A race pays the full escrow: there was no price discovery.
        r.prover = msg.sender;
        r.price = r.maxPrice;
        (address token, uint256 pay) = _settle(id, r, msg.sender, false);
        _payOperator(msg.sender, token, pay);
        _callback(id, r, circuitId, publicInputs, msg.sender);
    }

    // =================================================================== delegated to the extension

    /// @inheritdoc IProofMarket
    function cancel(uint256) external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function expire(uint256) external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function slash(uint256) external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function setCapacity(uint32) external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function withdraw(address, address) external returns (uint256) {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function setParams(MarketParams calldata) external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function setTokenAllowed(address, bool) external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function pause() external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function unpause() external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function commitBid(uint256, bytes32) external payable {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function revealBid(uint256, uint96, bytes32) external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function finalize(uint256) external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function reclaimBond(uint256) external {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function placeAsk(bytes32, uint96, uint32, uint64) external returns (uint64) {
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function cancelAsk(uint64) external {
        _delegate();
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
    function extension() external view returns (address) {
        return _extension;
    }

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

    /// @dev Runs `data` in the extension on this contract's storage; bubbles a revert up.
    function _delegateCall(bytes memory data) private {
        (bool ok, bytes memory ret) = _extension.delegatecall(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
    }

    /// @dev Runs the current call in the extension on this contract's storage and returns or
    /// reverts with exactly what it returned.
    function _delegate() private {
        address target = _extension;
        assembly {
            // Scratch use of memory from 0: this frame never returns to Solidity code.
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
