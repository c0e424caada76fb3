// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IGroth16Verifier
/// @notice Verification of BN254 Groth16 proofs for circuits registered in the CircuitRegistry.
/// @dev A proof is `uint256[8]`: [A.x, A.y, B.x.im, B.x.re, B.y.im, B.y.re, C.x, C.y].
/// B's coordinates are in the EIP-197 order (imaginary part first) that precompile 0x08 takes;
/// a snarkjs proof.json `pi_b` [[x.re, x.im], [y.re, y.im]] is therefore swapped inside each pair.
interface IGroth16Verifier {
    /// @notice Number of public inputs of a registered circuit (snarkjs `nPublic`).
    function numPublicInputs(bytes32 circuitId) external view returns (uint256);

    /// @notice Whether `circuitId` is registered.
    function isRegistered(bytes32 circuitId) external view returns (bool);

    /// @notice Checks one proof with one pairing check. Returns false for a proof that does not
    /// verify; reverts with a named error for malformed input (wrong input count, an input >= the
    /// scalar field modulus, a coordinate >= the base field modulus, an unknown circuit).
    function verify(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
        view
        returns (bool);

    /// @notice Checks n proofs of one circuit together by a random linear combination
    /// (Fiat-Shamir over all proofs and inputs): n + 3 pairings instead of 4n.
    /// Returns true only if every proof verifies (with overwhelming probability).
    function verifyBatch(bytes32 circuitId, uint256[8][] calldata proofs, uint256[][] calldata publicInputs)
        external
        view
        returns (bool);
}
