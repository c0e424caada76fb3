// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICircuitRegistry} from "./interfaces/ICircuitRegistry.sol";
import {IGroth16Verifier} from "./interfaces/IGroth16Verifier.sol";
import {CodeStore} from "./libraries/CodeStore.sol";
import {Groth16} from "./libraries/Groth16.sol";

/// @title CircuitRegistry
/// @notice Permissionless registry of Groth16 verification keys and the market's proof verifier.
/// @dev Storage layout:
///   _circuits[id]  one slot: key data contract address (bits 0..159) | numPublicInputs (bits 160..191),
///                  so `verify` costs one SLOAD and one EXTCODECOPY before the precompiles.
///   _metadata[id]  the metadata as submitted (read by provers off-chain, never by `verify`).
contract CircuitRegistry is ICircuitRegistry {
    /// @notice Largest number of public inputs a key may have; (14 + 2·(n+1)) words must fit in a
    /// contract's code (EIP-170), and the verifier's cost grows by one ecMul per input.
    uint256 public constant MAX_PUBLIC_INPUTS = 256;

    mapping(bytes32 circuitId => uint256 packed) private _circuits;
    mapping(bytes32 circuitId => CircuitMetadata) private _metadata;

    /// @inheritdoc ICircuitRegistry
    function registerCircuit(VerifyingKey calldata vk, CircuitMetadata calldata metadata)
        external
        returns (bytes32 circuitId)
    {
        uint256 icCount = vk.ic.length;
        if (icCount == 0) revert MissingConstantPoint();
        uint256 numPublic = icCount - 1;
        if (numPublic > MAX_PUBLIC_INPUTS) revert TooManyPublicInputs(numPublic, MAX_PUBLIC_INPUTS);

        circuitId = keccak256(abi.encode(vk));
        if (_circuits[circuitId] != 0) revert CircuitAlreadyRegistered(circuitId);

        _checkKeyPoints(vk);
        address pointer = CodeStore.write(_packKey(vk), circuitId);

        _circuits[circuitId] = uint256(uint160(pointer)) | (numPublic << 160);
        _metadata[circuitId] = metadata;
        emit CircuitRegistered(circuitId, msg.sender, pointer, numPublic, vk, metadata);
    }

    /// @inheritdoc IGroth16Verifier
    function verify(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
        view
        returns (bool)
    {
        (address pointer, uint256 numPublic) = _circuit(circuitId);
        if (publicInputs.length != numPublic) revert PublicInputCountMismatch(numPublic, publicInputs.length);
        return Groth16.verify(pointer, numPublic, proof, publicInputs);
    }

    /// @inheritdoc IGroth16Verifier
    function verifyBatch(bytes32 circuitId, uint256[8][] calldata proofs, uint256[][] calldata publicInputs)
        external
        view
        returns (bool)
    {
        (address pointer, uint256 numPublic) = _circuit(circuitId);
        uint256 n = proofs.length;
        if (n == 0) revert EmptyBatch();
        if (publicInputs.length != n) revert BatchLengthMismatch(n, publicInputs.length);
        for (uint256 i; i < n; ++i) {
            // Also bounds-checks each row's calldata offset before the assembly reads it.
            uint256 count = publicInputs[i].length;
            if (count != numPublic) revert PublicInputCountMismatch(numPublic, count);
        }
        return Groth16.verifyBatch(pointer, numPublic, circuitId, proofs, publicInputs);
    }

    /// @inheritdoc IGroth16Verifier
    function numPublicInputs(bytes32 circuitId) external view returns (uint256) {
        (, uint256 numPublic) = _circuit(circuitId);
        return numPublic;
    }

    /// @inheritdoc IGroth16Verifier
    function isRegistered(bytes32 circuitId) external view returns (bool) {
        return _circuits[circuitId] != 0;
    }

    /// @inheritdoc ICircuitRegistry
    function circuitIdOf(VerifyingKey calldata vk) external pure returns (bytes32) {
        return keccak256(abi.encode(vk));
    }

    /// @inheritdoc ICircuitRegistry
    function verifyingKey(bytes32 circuitId) external view returns (VerifyingKey memory vk) {
        (address pointer, uint256 numPublic) = _circuit(circuitId);
        bytes memory data = CodeStore.read(pointer, 0, Groth16.keyBytes(numPublic));
        vk.ic = new uint256[2][](numPublic + 1);
        for (uint256 k; k < 2; ++k) {
            vk.alpha1[k] = _word(data, k);
        }
        for (uint256 k; k < 4; ++k) {
            vk.beta2[k] = _word(data, 2 + k);
            vk.gamma2[k] = _word(data, 6 + k);
            vk.delta2[k] = _word(data, 10 + k);
        }
        for (uint256 j; j <= numPublic; ++j) {
            vk.ic[j][0] = _word(data, 14 + 2 * j);
            vk.ic[j][1] = _word(data, 15 + 2 * j);
        }
    }

    /// @inheritdoc ICircuitRegistry
    function circuitMetadata(bytes32 circuitId) external view returns (CircuitMetadata memory) {
        _circuit(circuitId);
        return _metadata[circuitId];
    }

    /// @inheritdoc ICircuitRegistry
    function keyPointer(bytes32 circuitId) external view returns (address pointer) {
        (pointer,) = _circuit(circuitId);
    }

    /// @dev Unpacks a registered circuit's slot or reverts with UnknownCircuit.
    function _circuit(bytes32 circuitId) private view returns (address pointer, uint256 numPublic) {
        uint256 packed = _circuits[circuitId];
        if (packed == 0) revert UnknownCircuit(circuitId);
        // forge-lint: disable-next-line(unsafe-typecast)
        pointer = address(uint160(packed)); // the low 160 bits hold the address by construction
        numPublic = packed >> 160;
    }

    /// @dev The key's words in the layout Groth16 reads: alpha, beta, gamma, delta, then ic. The fixed part
    /// is the first 14 words of the calldata struct and ic's elements are contiguous, so two copies do it.
    function _packKey(VerifyingKey calldata vk) private pure returns (bytes memory data) {
        uint256[2][] calldata ic = vk.ic;
        uint256 size = Groth16.keyBytes(ic.length - 1);
        data = new bytes(size);
        assembly ("memory-safe") {
            let dst := add(data, 0x20)
            calldatacopy(dst, vk, 0x1c0)
            calldatacopy(add(dst, 0x1c0), ic.offset, shl(6, ic.length))
        }
    }

    /// @dev Rejects keys the precompiles would reject, so that a registered key can only make `verify`
    /// return true or false, never fail on the key itself. G1 points are checked by adding the point at
    /// infinity (ecAdd validates both operands); G2 points by one pairing call over all three.
    function _checkKeyPoints(VerifyingKey calldata vk) private view {
        // Degenerate keys verify forged proofs (F12): a point at infinity for alpha, beta, gamma,
        // delta or an input coefficient drops its term from the pairing equation, and gamma = delta
        // lets a prover move the input term into C. Refuse all of them.
        bool ok = !_isZeroG1(vk.alpha1) && !_isZeroG2(vk.beta2) && !_isZeroG2(vk.gamma2) && !_isZeroG2(vk.delta2)
            && keccak256(abi.encode(vk.gamma2)) != keccak256(abi.encode(vk.delta2))
            && _isG1(vk.alpha1[0], vk.alpha1[1]);
        uint256[2][] calldata ic = vk.ic;
        for (uint256 j; j < ic.length && ok; ++j) {
            ok = !_isZeroG1(ic[j]) && _isG1(ic[j][0], ic[j][1]);
        }
        if (ok) {
            // Pairing input: (G1 generator, beta), (G1 generator, gamma), (G1 generator, delta). The result
            // is irrelevant; the call fails iff a G2 point is malformed, off the twist or outside the subgroup.
            bytes memory input = abi.encodePacked(
                uint256(1), uint256(2), vk.beta2, uint256(1), uint256(2), vk.gamma2, uint256(1), uint256(2), vk.delta2
            );
            (ok,) = address(0x08).staticcall{gas: 45000 + 3 * 34000}(input);
        }
        if (!ok) revert InvalidVerifyingKey();
    }

    function _isZeroG1(uint256[2] calldata p) private pure returns (bool) {
        return p[0] == 0 && p[1] == 0;
    }

    function _isZeroG2(uint256[4] calldata p) private pure returns (bool) {
        return p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0;
    }

    /// @dev Whether (x, y) is a valid G1 point (the point at infinity included).
    function _isG1(uint256 x, uint256 y) private view returns (bool ok) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, x)
            mstore(add(m, 0x20), y)
            mstore(add(m, 0x40), 0)
            mstore(add(m, 0x60), 0)
            // Bounded gas: a rejected point burns only this stipend.
            ok := staticcall(150, 0x06, m, 0x80, m, 0x40)
        }
    }

    /// @dev Word `index` of a byte array.
    function _word(bytes memory data, uint256 index) private pure returns (uint256 w) {
        assembly ("memory-safe") {
            w := mload(add(add(data, 0x20), shl(5, index)))
        }
    }
}
