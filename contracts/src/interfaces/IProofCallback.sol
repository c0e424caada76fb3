// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IProofCallback
/// @notice Implemented by requesters that want to act on a verified proof in the same transaction
/// (a rollup advancing its state root). The market calls it after paying, with the request's gas
/// cap; a revert or out-of-gas is recorded in `CallbackFailed` and never undoes the payment.
interface IProofCallback {
    /// @notice Called by the ProofMarket once the proof for `requestId` has been verified on-chain.
    /// @param requestId The fulfilled request.
    /// @param circuitId The circuit the proof is for.
    /// @param publicInputs The public inputs the proof verified against.
    /// @param prover The operator that delivered the proof.
    function onProofVerified(
        uint256 requestId,
        bytes32 circuitId,
        uint256[] calldata publicInputs,
        address prover
    ) external;
}
