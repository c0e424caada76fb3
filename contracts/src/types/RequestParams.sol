// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProofMarket} from "../interfaces/IProofMarket.sol";
import {Mechanism} from "./Mechanism.sol";

/// @notice Everything a requester states when submitting a proof request. Only a packed subset
/// is stored (see `Request`); the full struct, public inputs and witness location included, is
/// emitted in `RequestSubmitted` so that provers and the indexer read it from logs.
struct RequestParams {
    /// Circuit registered in the verifier (`keccak256` of its verification key).
    bytes32 circuitId;
    /// Public inputs the proof must verify against (each < the BN254 scalar field modulus).
    uint256[] publicInputs;
    /// The private witness input inline (for example circom input JSON); empty if given by URI.
    bytes witnessInline;
    /// Where the private witness input can be fetched when not inline.
    string witnessURI;
    /// keccak256 of the bytes behind `witnessURI` (zero when inline).
    bytes32 witnessHash;
    /// Payment token: address(0) for ETH or an allow-listed ERC-20.
    address token;
    /// Most the requester pays; escrowed in full at submission.
    uint96 maxPrice;
    /// Dutch: the price the ramp starts from.
    uint96 minPrice;
    /// Stake (in the stake source's token) locked from the assigned prover.
    uint96 requiredCollateral;
    /// Sealed bid: end of the commit window (unix time).
    uint32 commitDeadline;
    /// Sealed bid: end of the reveal window (unix time).
    uint32 revealDeadline;
    /// Dutch: seconds for the price to rise from minPrice to maxPrice.
    uint32 rampDuration;
    /// Seconds the assigned prover has to deliver after assignment.
    uint32 provingWindow;
    /// Absolute time after which the request cannot be served any more.
    uint32 deadline;
    /// Allocation mechanism.
    Mechanism mechanism;
    /// Whether a failed auction or a slashed assignment re-opens as a Dutch auction.
    bool fallbackToAuction;
    /// Contract called with the verified public inputs (address(0) = none).
    address callback;
    /// Gas given to the callback; a failing or exhausted callback never blocks payment.
    uint32 callbackGasLimit;
    /// Orderbook: the open request after which this one rests in the circuit's bid list if it
    /// does not match at once (0 = at the head); checked in O(1).
    uint64 orderbookHint;
}

/// @notice Validation and hashing of `RequestParams`.
library RequestParamsLib {
    /// @dev BN254 scalar field modulus: public inputs must be below it.
    uint256 internal constant SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice keccak256 of the packed public inputs, what the market stores and what fulfil checks.
    function hashInputs(uint256[] calldata inputs) internal pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            // Hash the calldata words in place through scratch-free memory: copy them to free memory
            // without moving the free-memory pointer (the bytes are dead right after hashing).
            let ptr := mload(0x40)
            let len := mul(inputs.length, 0x20)
            calldatacopy(ptr, inputs.offset, len)
            digest := keccak256(ptr, len)
        }
    }

    /// @notice Checks the schedule, prices and callback settings; reverts with a named error.
    /// @param numInputs The circuit's public input count from the verifier.
    /// @param maxLifetime Longest deadline − now accepted (below the stake's withdrawal delay, F6).
    function validate(
        RequestParams calldata self,
        uint256 nowTs,
        uint256 numInputs,
        uint256 maxCallbackGas,
        uint256 maxLifetime
    ) internal pure {
        if (self.publicInputs.length != numInputs) {
            revert IProofMarket.WrongInputCount(self.publicInputs.length, numInputs);
        }
        for (uint256 i; i < numInputs; ++i) {
            if (self.publicInputs[i] >= SCALAR_FIELD) revert IProofMarket.InputNotInField(i, self.publicInputs[i]);
        }
        if (self.maxPrice == 0) revert IProofMarket.ZeroMaxPrice();
        if (self.provingWindow == 0) revert IProofMarket.InvalidSchedule("provingWindow");
        if (self.deadline < nowTs + self.provingWindow) revert IProofMarket.InvalidSchedule("deadline");
        // Stake queued for withdrawal after this request's lock must still be there when its slash
        // lands: the request's whole life stays below the stake source's withdrawal delay.
        if (self.deadline > nowTs + maxLifetime) revert IProofMarket.InvalidSchedule("lifetime");
        if (self.witnessInline.length == 0 && bytes(self.witnessURI).length == 0) {
            revert IProofMarket.WitnessLocationMissing();
        }
        if (self.callbackGasLimit > maxCallbackGas) {
            revert IProofMarket.CallbackGasTooHigh(self.callbackGasLimit, maxCallbackGas);
        }
        if (self.callback == address(0) && self.callbackGasLimit != 0) {
            revert IProofMarket.InvalidCallback(self.callback, self.callbackGasLimit);
        }
        if (self.mechanism == Mechanism.SealedBid) {
            if (self.commitDeadline <= nowTs) revert IProofMarket.InvalidSchedule("commitDeadline");
            if (self.revealDeadline <= self.commitDeadline) revert IProofMarket.InvalidSchedule("revealDeadline");
            if (uint256(self.revealDeadline) + self.provingWindow > self.deadline) {
                revert IProofMarket.InvalidSchedule("revealDeadline");
            }
        } else if (self.mechanism == Mechanism.Dutch) {
            if (self.minPrice > self.maxPrice) revert IProofMarket.MinPriceAboveMax(self.minPrice, self.maxPrice);
            // A ramp ending after the deadline is meaningless, and bounding it keeps the stored
            // ramp end (uint32) from wrapping (F15).
            if (self.rampDuration == 0 || self.rampDuration > self.deadline - nowTs) {
                revert IProofMarket.InvalidSchedule("rampDuration");
            }
        }
    }
}

using RequestParamsLib for RequestParams global;
