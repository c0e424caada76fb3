// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGroth16Verifier} from "./IGroth16Verifier.sol";

/// @title ICircuitRegistry
/// @notice Permissionless registry of BN254 Groth16 verification keys with their prover metadata, and
/// the verifier the ProofMarket calls. Keys are stored as contract code (SSTORE2 style) so one
/// EXTCODECOPY loads a whole key.
/// @dev G2 points are in the EIP-197 order the pairing precompile takes: [x.im, x.re, y.im, y.re].
/// snarkjs writes them real part first, so `vk_beta_2`, `vk_gamma_2`, `vk_delta_2` and `pi_b` are
/// swapped inside each pair when converted.
interface ICircuitRegistry is IGroth16Verifier {
    /// @notice A Groth16 verification key (snarkjs `verification_key.json`).
    /// @param alpha1 G1 point [x, y].
    /// @param beta2 G2 point [x.im, x.re, y.im, y.re].
    /// @param gamma2 G2 point [x.im, x.re, y.im, y.re].
    /// @param delta2 G2 point [x.im, x.re, y.im, y.re].
    /// @param ic The public-input commitment points (snarkjs `IC`): `ic[0]` is the constant term,
    /// `ic[j + 1]` multiplies public input j, so `ic.length` = number of public inputs + 1.
    struct VerifyingKey {
        uint256[2] alpha1;
        uint256[4] beta2;
        uint256[4] gamma2;
        uint256[4] delta2;
        uint256[2][] ic;
    }

    /// @notice What a prover needs to find and check the files it proves with.
    /// @param name Human-readable circuit name.
    /// @param constraints Number of R1CS constraints (drives provers' cost models).
    /// @param wasmHash keccak256 of the circom witness generator (.wasm).
    /// @param zkeyHash keccak256 of the proving key (.zkey).
    /// @param uri Where both files can be fetched (a directory, IPFS CID or URL).
    struct CircuitMetadata {
        string name;
        uint64 constraints;
        bytes32 wasmHash;
        bytes32 zkeyHash;
        string uri;
    }

    /// @notice A circuit was registered. Carries the full key and metadata so that an indexer can
    /// rebuild the registry from logs alone.
    /// @param circuitId keccak256(abi.encode(vk)).
    /// @param registrant Who registered it (no special rights).
    /// @param keyPointer The data contract whose code holds the key.
    /// @param numPublicInputs ic.length - 1.
    /// @param vk The verification key as submitted.
    /// @param metadata The metadata as submitted.
    event CircuitRegistered(
        bytes32 indexed circuitId,
        address indexed registrant,
        address keyPointer,
        uint256 numPublicInputs,
        VerifyingKey vk,
        CircuitMetadata metadata
    );

    /// @notice The circuit id is not registered.
    error UnknownCircuit(bytes32 circuitId);

    /// @notice A key with this id is already registered.
    error CircuitAlreadyRegistered(bytes32 circuitId);

    /// @notice The key has no `ic` points (at least the constant term is required).
    error MissingConstantPoint();

    /// @notice The key has more public inputs than a key contract can hold within the code-size limit.
    error TooManyPublicInputs(uint256 count, uint256 max);

    /// @notice A point of the key is not on the curve (or a G2 point not in its subgroup) or has a
    /// coordinate >= the base field modulus, as reported by the precompiles.
    error InvalidVerifyingKey();

    /// @notice The number of public inputs does not match the circuit.
    error PublicInputCountMismatch(uint256 expected, uint256 actual);

    /// @notice Public input `index` is >= the BN254 scalar field modulus. In `verifyBatch` the index is flat:
    /// numPublicInputs · proof index + input index.
    error PublicInputNotInField(uint256 index, uint256 value);

    /// @notice Proof coordinate `index` (0..7 in the proof layout) is >= the BN254 base field modulus. In
    /// `verifyBatch` the index is flat: 8 · proof index + coordinate index.
    error CoordinateNotInField(uint256 index, uint256 value);

    /// @notice `verifyBatch` got a different number of proofs and input arrays.
    error BatchLengthMismatch(uint256 proofs, uint256 inputs);

    /// @notice `verifyBatch` got no proofs.
    error EmptyBatch();

    /// @notice Registers a verification key with its metadata. Anyone may call it.
    /// @dev Checks every point through the precompiles (G1 by an addition, G2 by one pairing call)
    /// so a registered key can never make verification revert.
    /// @return circuitId keccak256(abi.encode(vk)).
    function registerCircuit(VerifyingKey calldata vk, CircuitMetadata calldata metadata)
        external
        returns (bytes32 circuitId);

    /// @notice The id a key would be registered under: keccak256(abi.encode(vk)).
    function circuitIdOf(VerifyingKey calldata vk) external pure returns (bytes32);

    /// @notice The registered key, decoded from its data contract.
    function verifyingKey(bytes32 circuitId) external view returns (VerifyingKey memory);

    /// @notice The registered metadata.
    function circuitMetadata(bytes32 circuitId) external view returns (CircuitMetadata memory);

    /// @notice The data contract holding the key (its code is 0x00 followed by the key words).
    function keyPointer(bytes32 circuitId) external view returns (address);
}
