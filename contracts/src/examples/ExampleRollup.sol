// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProofMarket} from "../interfaces/IProofMarket.sol";
import {IProofCallback} from "../interfaces/IProofCallback.sol";
import {RequestParams} from "../types/RequestParams.sol";

/// @title ExampleRollup
/// @notice A minimal validity rollup that buys its state-transition proofs on the ProofMarket.
/// The sequencer posts a batch (new state root, batch hash); the rollup submits a proof request
/// with public inputs [oldRoot, newRoot, batchHash] and advances its root only when the market
/// calls back with a verified proof, only for a request it posted itself, and only if the proof
/// starts from the root it currently holds.
contract ExampleRollup is IProofCallback {
    /// @notice Gas the market gives the callback; advancing the root needs about 35k.
    uint32 public constant CALLBACK_GAS = 100_000;

    /// @notice The caller is not the market.
    error NotMarket(address caller);
    /// @notice The caller is not the sequencer.
    error NotSequencer(address caller);
    /// @notice A zero address was given for `what`.
    error ZeroAddressGiven(bytes32 what);

    /// @notice A batch was posted and its proof requested under `requestId`.
    event BatchPosted(uint256 indexed requestId, uint256 oldRoot, uint256 newRoot, uint256 batchHash);
    /// @notice A verified proof moved the state root.
    event StateRootAdvanced(uint256 indexed requestId, uint256 oldRoot, uint256 newRoot, uint256 batchHash);
    /// @notice A verified proof arrived for a root the rollup no longer holds (a competing batch won).
    event StaleProofIgnored(uint256 indexed requestId, uint256 currentRoot, uint256 provenOldRoot);
    /// @notice A callback for a request the rollup did not post was ignored.
    event ForeignRequestIgnored(uint256 indexed requestId);

    IProofMarket public immutable market;
    bytes32 public immutable circuitId;
    address public immutable sequencer;

    /// @notice The current state root.
    uint256 public stateRoot;
    /// @notice Requests this rollup posted (a stranger may name the rollup as callback).
    mapping(uint256 requestId => bool) public postedByUs;

    constructor(IProofMarket market_, bytes32 circuitId_, address sequencer_, uint256 genesisRoot) {
        if (address(market_) == address(0)) revert ZeroAddressGiven("market");
        if (sequencer_ == address(0)) revert ZeroAddressGiven("sequencer");
        market = market_;
        circuitId = circuitId_;
        sequencer = sequencer_;
        stateRoot = genesisRoot;
    }

    /// @notice Accepts ETH refunds withdrawn from the market.
    receive() external payable {}

    /// @notice Posts a batch going from the current root to `newRoot` and requests its proof.
    /// @param terms Mechanism, prices, windows and witness location of the request; circuit,
    /// public inputs and callback are filled in by the rollup. msg.value is the ETH escrow.
    function postBatch(uint256 newRoot, uint256 batchHash, RequestParams calldata terms)
        external
        payable
        returns (uint256 requestId)
    {
        if (msg.sender != sequencer) revert NotSequencer(msg.sender);
        RequestParams memory p = terms;
        uint256 oldRoot = stateRoot;
        p.circuitId = circuitId;
        p.publicInputs = new uint256[](3);
        p.publicInputs[0] = oldRoot;
        p.publicInputs[1] = newRoot;
        p.publicInputs[2] = batchHash;
        p.callback = address(this);
        p.callbackGasLimit = CALLBACK_GAS;
        requestId = market.submit{value: msg.value}(p);
        postedByUs[requestId] = true;
        emit BatchPosted(requestId, oldRoot, newRoot, batchHash);
    }

    /// @inheritdoc IProofCallback
    function onProofVerified(uint256 requestId, bytes32 circuitId_, uint256[] calldata publicInputs, address)
        external
    {
        if (msg.sender != address(market)) revert NotMarket(msg.sender);
        if (!postedByUs[requestId] || circuitId_ != circuitId) {
            emit ForeignRequestIgnored(requestId);
            return;
        }
        uint256 current = stateRoot;
        if (publicInputs[0] != current) {
            emit StaleProofIgnored(requestId, current, publicInputs[0]);
            return;
        }
        stateRoot = publicInputs[1];
        emit StateRootAdvanced(requestId, current, publicInputs[1], publicInputs[2]);
    }

    /// @notice Withdraws the rollup's refunds and compensation from the market. Sequencer only.
    function withdrawFromMarket(address token, address to) external returns (uint256) {
        if (msg.sender != sequencer) revert NotSequencer(msg.sender);
        return market.withdraw(token, to);
    }
}
