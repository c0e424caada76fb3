// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "./Vm.sol";
import {ICircuitRegistry} from "../../src/interfaces/ICircuitRegistry.sol";

/// @title Groth16Fixtures
/// @notice Loads the snarkjs fixtures written by scripts/fixtures/make-groth16-fixtures.sh and converts
/// them to the contracts' layout (G2 coordinates swapped into EIP-197 order).
/// @dev Usable from any test contract: `Groth16Fixtures.verifyingKey()`, `proof(k)`, `publicInputs(k)`.
library Groth16Fixtures {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    string internal constant DIR = "/contracts/test/fixtures/groth16/";

    function _read(string memory file) private view returns (string memory) {
        return vm.readFile(string.concat(vm.projectRoot(), DIR, file));
    }

    function _uint(string memory json, string memory key) private pure returns (uint256) {
        return vm.parseJsonUint(json, key);
    }

    /// @notice Number of proofs the fixture script wrote.
    function proofCount() internal view returns (uint256) {
        return _uint(_read("circuit.json"), ".proofCount");
    }

    /// @notice The fixture circuit's verification key.
    function verifyingKey() internal view returns (ICircuitRegistry.VerifyingKey memory vk) {
        string memory json = _read("verification_key.json");
        vk.alpha1 = [_uint(json, ".vk_alpha_1[0]"), _uint(json, ".vk_alpha_1[1]")];
        vk.beta2 = _g2(json, ".vk_beta_2");
        vk.gamma2 = _g2(json, ".vk_gamma_2");
        vk.delta2 = _g2(json, ".vk_delta_2");
        uint256 count = _uint(json, ".nPublic") + 1;
        vk.ic = new uint256[2][](count);
        for (uint256 j; j < count; ++j) {
            string memory p = string.concat(".IC[", vm.toString(j), "]");
            vk.ic[j] = [_uint(json, string.concat(p, "[0]")), _uint(json, string.concat(p, "[1]"))];
        }
    }

    /// @notice The metadata recorded by the fixture script.
    function metadata() internal view returns (ICircuitRegistry.CircuitMetadata memory meta) {
        string memory json = _read("circuit.json");
        meta.name = vm.parseJsonString(json, ".name");
        meta.constraints = uint64(_uint(json, ".constraints"));
        meta.wasmHash = vm.parseJsonBytes32(json, ".wasmHash");
        meta.zkeyHash = vm.parseJsonBytes32(json, ".zkeyHash");
        meta.uri = vm.parseJsonString(json, ".uri");
    }

    /// @notice Proof `k` in the IGroth16Verifier layout.
    function proof(uint256 k) internal view returns (uint256[8] memory p) {
        string memory json = _read(string.concat("proof_", vm.toString(k), ".json"));
        p[0] = _uint(json, ".pi_a[0]");
        p[1] = _uint(json, ".pi_a[1]");
        uint256[4] memory b = _g2(json, ".pi_b");
        (p[2], p[3], p[4], p[5]) = (b[0], b[1], b[2], b[3]);
        p[6] = _uint(json, ".pi_c[0]");
        p[7] = _uint(json, ".pi_c[1]");
    }

    /// @notice Public signals of proof `k`: [oldRoot, newRoot, batchHash].
    function publicInputs(uint256 k) internal view returns (uint256[] memory) {
        return vm.parseJsonUintArray(_read(string.concat("public_", vm.toString(k), ".json")), "$");
    }

    /// @dev snarkjs writes an Fq2 element [re, im]; EIP-197 wants [im, re].
    function _g2(string memory json, string memory key) private pure returns (uint256[4] memory g) {
        g[0] = _uint(json, string.concat(key, "[0][1]"));
        g[1] = _uint(json, string.concat(key, "[0][0]"));
        g[2] = _uint(json, string.concat(key, "[1][1]"));
        g[3] = _uint(json, string.concat(key, "[1][0]"));
    }
}
