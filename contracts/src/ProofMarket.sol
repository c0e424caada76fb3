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
import {Ask, AskTerms} from "./types/Ask.sol";
import {BidCommitment} from "./types/BidCommitment.sol";
import {ProofCommitment} from "./types/ProofCommitment.sol";
import {SealedBidAuction} from "./libraries/SealedBidAuction.sol";
import {DutchAuction} from "./libraries/DutchAuction.sol";
import {Orderbook} from "./libraries/Orderbook.sol";
import {ProofRace} from "./libraries/ProofRace.sol";
import {ProofMarketBase} from "./ProofMarketBase.sol";
import {ProofMarketModule} from "./modules/ProofMarketModule.sol";
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

    /// @dev Where the mechanism entry points run (see `_delegate`).
    address private immutable _extension;
    /// @dev Where the slashing, cancel/expire/release and admin entry points run.
    address private immutable _slashing;

    /// @param extension_ A `ProofMarketExtension` and `slashing_` a `SlashingModule`, each deployed
    /// on its own for the same verifier and stake source (creating them here would put all three
    /// contracts' code in one creation transaction, past EIP-3860's initcode limit). Their
    /// immutables must be this market's (`builtFor`); `script/DeployMarket.sol` deploys all three
    /// together (the constructor has no code room left to check it, EIP-170).
    constructor(
        IGroth16Verifier verifier_,
        IStakeSource stake_,
        address owner_,
        address treasury_,
        ProofMarketModule extension_,
        ProofMarketModule slashing_
    ) ProofMarketBase(verifier_, stake_, owner_) {
        _extension = address(extension_);
        _slashing = address(slashing_);
        _setParams(MarketParamsLib.defaults(treasury_));
    }

    /// @inheritdoc IProofMarket
    function submit(RequestParams calldata p) external payable whenNotPaused nonReentrant returns (uint256 id) {
        CircuitInfo memory circuit = _indexCircuit(p.circuitId);
        p.validate(block.timestamp, circuit.numInputs, MAX_CALLBACK_GAS, _maxLifetime);
        uint16 tokenIndex = _tokenIndexOf(p.token);
        _collect(p.token, p.maxPrice);

        unchecked {
            id = ++_requestCount;
        }
        Request storage r = _requests[id];
        _storeRequest(r, p, circuit.index, tokenIndex);

        uint256 bond = p.mechanism == Mechanism.SealedBid ? _bondOf(r) : 0;
        emit RequestSubmitted(id, msg.sender, p.circuitId, circuit.index, bond, p);

        if (p.mechanism == Mechanism.Orderbook) {
            _delegateCall(abi.encodeWithSelector(ProofMarketExtension.openInBook.selector, id, p.orderbookHint));
        }
    }

    /// @inheritdoc IProofMarket
    function lock(uint256 id) external whenNotPaused nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Open);
        // A resting orderbook request is taken in the extension (`takeFromBook`, F5).
        if (r.mechanism == Mechanism.Orderbook) _delegateCall(abi.encodeCall(ProofMarketExtension.takeFromBook, (id)));
        else _lockDutch(id, r);
    }

    function _lockDutch(uint256 id, Request storage r) private {
        if (r.mechanism != Mechanism.Dutch) revert WrongMechanism(id, r.mechanism);
        if (!r.assignableAt(block.timestamp)) revert OutsideWindow(id, "lock");
        // After a slash or release `prover` still names that operator: it may not take it back.
        if (msg.sender == r.prover) revert NotEligible(msg.sender, "excluded");
        _requireEligible(msg.sender, r.requiredCollateral);
        uint96 price = DutchAuction.priceAt(r.minPrice, r.maxPrice, r.timeA, r.timeB, block.timestamp);
        _assign(id, r, msg.sender, price, 0);
    }

    /// @inheritdoc IProofMarket
    function commitProof(uint256 id, bytes32 commitment) external {
        // Named for the ABI (generated clients), read only by the extension.
        (id, commitment);
        _delegate();
    }

    /// @inheritdoc IProofMarket
    function revealProof(uint256 id, uint256[8] calldata proof, uint256[] calldata publicInputs) external {
        (id, proof, publicInputs);
        _delegate();
    }

    // =================================================================== delegated to the extension

    /// @inheritdoc IProofMarket
    function cancel(uint256) external {
        _delegateTo(_slashing);
    }

    /// @inheritdoc IProofMarket
    function expire(uint256) external {
        _delegateTo(_slashing);
    }

    /// @inheritdoc IProofMarket
    function slash(uint256) external {
        _delegateTo(_slashing);
    }

    /// @inheritdoc IProofMarket
    function setCapacity(uint32) external {
        _delegateTo(_slashing);
    }

    /// @inheritdoc IProofMarket
    function withdraw(address, address) external returns (uint256) {
        _delegateTo(_slashing);
    }

    /// @inheritdoc IProofMarket
    function setParams(MarketParams calldata) external {
        _delegateTo(_slashing);
    }

    /// @inheritdoc IProofMarket
    function setTokenAllowed(address, bool) external {
        _delegateTo(_slashing);
    }

    /// @inheritdoc IProofMarket
    function pause() external {
        _delegateTo(_slashing);
    }

    /// @inheritdoc IProofMarket
    function unpause() external {
        _delegateTo(_slashing);
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
    function release(uint256) external {
        _delegateTo(_slashing);
    }

    /// @inheritdoc IProofMarket
    function placeAsk(AskTerms calldata, uint64) external returns (uint64) {
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
    function slashingModule() external view returns (address) {
        return _slashing;
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
        return _paramsAt[_paramsVersion];
    }

    /// @inheritdoc IProofMarket
    function paramsAt(uint16 version) external view returns (MarketParams memory) {
        return _paramsAt[version];
    }

    /// @inheritdoc IProofMarket
    function burned(address token) external view returns (uint256) {
        return _burned[token];
    }

    /// @inheritdoc IProofMarket
    function maxRequestLifetime() external view returns (uint256) {
        return _maxLifetime;
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
        price = _askBook[_bookKey(ask.circuitIndex, ask.tokenIndex)].nodes[askId].price;
    }

    /// @inheritdoc IProofMarket
    function bookHeads(bytes32 circuitId, address token) external view returns (uint64 bestAsk, uint64 bestRequest) {
        uint48 key = _viewKey(circuitId, token);
        return (_askBook[key].head, _requestBook[key].head);
    }

    /// @inheritdoc IProofMarket
    function nextInBook(bytes32 circuitId, address token, bool asks, uint64 node) external view returns (uint64) {
        uint48 key = _viewKey(circuitId, token);
        return (asks ? _askBook[key] : _requestBook[key]).nodes[node].next;
    }

    /// @inheritdoc IProofMarket
    function askHint(bytes32 circuitId, address token, uint96 price) external view returns (uint64) {
        return _askBook[_viewKey(circuitId, token)].findHint(price, false);
    }

    /// @inheritdoc IProofMarket
    function requestHint(bytes32 circuitId, address token, uint96 maxPrice) external view returns (uint64) {
        return _requestBook[_viewKey(circuitId, token)].findHint(maxPrice, true);
    }

    /// @dev A book's key for the views; an ERC-20 never allow-listed maps to no book (not ETH's).
    function _viewKey(bytes32 circuitId, address token) private view returns (uint48) {
        uint16 ti = _tokenInfo[token].index;
        if (token != address(0) && ti == 0) return type(uint48).max;
        return _bookKey(_circuitInfo[circuitId].index, ti);
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
        r.paramsVersion = _paramsVersion;
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
        _delegateTo(_extension);
    }

    /// @dev Like `_delegate`, into `target`.
    function _delegateTo(address target) private {
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
