// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Groth16Fixtures} from "./utils/Groth16Fixtures.sol";
import {CircuitRegistry} from "../src/CircuitRegistry.sol";
import {ICircuitRegistry} from "../src/interfaces/ICircuitRegistry.sol";
import {Groth16} from "../src/libraries/Groth16.sol";
import {CodeStore} from "../src/libraries/CodeStore.sol";

/// @notice Registration, key storage as code, metadata and the registry's views.
contract CircuitRegistryTest is Test {
    CircuitRegistry internal registry;
    ICircuitRegistry.VerifyingKey internal vk;
    ICircuitRegistry.CircuitMetadata internal meta;
    address internal registrant;

    function setUp() public {
        registry = new CircuitRegistry();
        vk = Groth16Fixtures.verifyingKey();
        meta = Groth16Fixtures.metadata();
        registrant = makeAddr("registrant");
    }

    function _register() internal returns (bytes32 id) {
        vm.prank(registrant);
        id = registry.registerCircuit(vk, meta);
    }

    function test_registerCircuit_returns_the_keccak_of_the_encoded_key() public {
        bytes32 id = _register();
        assertEq(id, keccak256(abi.encode(vk)), "circuit id");
        assertEq(registry.circuitIdOf(vk), id, "circuitIdOf");
        assertTrue(registry.isRegistered(id), "registered");
        assertEq(registry.numPublicInputs(id), 3, "public inputs");
    }

    function test_registerCircuit_emits_the_full_key_and_metadata() public {
        bytes32 id = keccak256(abi.encode(vk));
        // The pointer is CREATE2(registry, salt = id, init code), so it is known before the call.
        address expectedPointer = _create2Address(address(registry), id, _initCode(_packed(vk)));
        vm.expectEmit(address(registry));
        emit ICircuitRegistry.CircuitRegistered(id, registrant, expectedPointer, 3, vk, meta);
        _register();
        assertEq(registry.keyPointer(id), expectedPointer, "pointer");
    }

    function test_the_key_is_stored_as_code_behind_a_STOP_byte() public {
        bytes32 id = _register();
        bytes memory code = registry.keyPointer(id).code;
        assertEq(code.length, 1 + Groth16.keyBytes(3), "code size");
        assertEq(uint8(code[0]), 0, "leading STOP");
        bytes memory data = new bytes(code.length - 1);
        for (uint256 i; i < data.length; ++i) {
            data[i] = code[i + 1];
        }
        assertEq(data, _packed(vk), "key words in Groth16 layout");
        // Calling the data contract does nothing (STOP) and succeeds.
        (bool ok, bytes memory ret) = registry.keyPointer(id).call("");
        assertTrue(ok && ret.length == 0, "data contract executes as STOP");
    }

    function test_verifyingKey_round_trips() public {
        bytes32 id = _register();
        ICircuitRegistry.VerifyingKey memory got = registry.verifyingKey(id);
        assertEq(keccak256(abi.encode(got)), id, "decoded key hashes to its id");
        assertEq(got.ic.length, 4, "ic length");
        assertEq(got.beta2[0], vk.beta2[0], "beta x.im");
        assertEq(got.ic[3][1], vk.ic[3][1], "last ic y");
    }

    function test_circuitMetadata_round_trips() public {
        bytes32 id = _register();
        ICircuitRegistry.CircuitMetadata memory got = registry.circuitMetadata(id);
        assertEq(got.name, meta.name, "name");
        assertEq(uint256(got.constraints), uint256(meta.constraints), "constraints");
        assertEq(got.wasmHash, meta.wasmHash, "wasm hash");
        assertEq(got.zkeyHash, meta.zkeyHash, "zkey hash");
        assertEq(got.uri, meta.uri, "uri");
    }

    function test_RevertWhen_the_key_is_registered_twice() public {
        bytes32 id = _register();
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.CircuitAlreadyRegistered.selector, id));
        registry.registerCircuit(vk, meta);
    }

    function test_the_same_key_with_other_metadata_is_still_a_duplicate() public {
        bytes32 id = _register();
        meta.name = "other";
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.CircuitAlreadyRegistered.selector, id));
        registry.registerCircuit(vk, meta);
    }

    function test_RevertWhen_the_key_has_no_ic_points() public {
        vk.ic = new uint256[2][](0);
        vm.expectRevert(ICircuitRegistry.MissingConstantPoint.selector);
        registry.registerCircuit(vk, meta);
    }

    function test_RevertWhen_the_key_has_too_many_public_inputs() public {
        uint256[2][] memory ic = new uint256[2][](258);
        vk.ic = ic;
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.TooManyPublicInputs.selector, 257, 256));
        registry.registerCircuit(vk, meta);
    }

    function test_RevertWhen_alpha_is_off_the_curve() public {
        vk.alpha1[1] = addmod(vk.alpha1[1], 1, Groth16.Q);
        vm.expectRevert(ICircuitRegistry.InvalidVerifyingKey.selector);
        registry.registerCircuit(vk, meta);
    }

    function test_RevertWhen_an_ic_point_is_off_the_curve() public {
        vk.ic[2][0] = addmod(vk.ic[2][0], 1, Groth16.Q);
        vm.expectRevert(ICircuitRegistry.InvalidVerifyingKey.selector);
        registry.registerCircuit(vk, meta);
    }

    function test_RevertWhen_a_key_coordinate_is_not_below_q() public {
        vk.ic[1][0] += Groth16.Q;
        vm.expectRevert(ICircuitRegistry.InvalidVerifyingKey.selector);
        registry.registerCircuit(vk, meta);
    }

    function test_RevertWhen_a_G2_point_is_in_snarkjs_order() public {
        (vk.delta2[0], vk.delta2[1]) = (vk.delta2[1], vk.delta2[0]);
        (vk.delta2[2], vk.delta2[3]) = (vk.delta2[3], vk.delta2[2]);
        vm.expectRevert(ICircuitRegistry.InvalidVerifyingKey.selector);
        registry.registerCircuit(vk, meta);
    }

    function test_RevertWhen_gamma_is_off_the_twist() public {
        vk.gamma2[3] = addmod(vk.gamma2[3], 1, Groth16.Q);
        vm.expectRevert(ICircuitRegistry.InvalidVerifyingKey.selector);
        registry.registerCircuit(vk, meta);
    }

    function test_a_key_without_public_inputs_registers() public {
        uint256[2][] memory ic = new uint256[2][](1);
        ic[0] = vk.ic[0];
        vk.ic = ic;
        bytes32 id = registry.registerCircuit(vk, meta);
        assertEq(registry.numPublicInputs(id), 0, "no public inputs");
        uint256[] memory none = new uint256[](0);
        uint256[8] memory proof = Groth16Fixtures.proof(0);
        assertFalse(registry.verify(id, proof, none), "a proof of another circuit");
    }

    function test_RevertWhen_views_are_asked_about_an_unknown_circuit() public {
        bytes32 id = bytes32(uint256(42));
        assertFalse(registry.isRegistered(id), "not registered");
        bytes memory err = abi.encodeWithSelector(ICircuitRegistry.UnknownCircuit.selector, id);
        vm.expectRevert(err);
        registry.numPublicInputs(id);
        vm.expectRevert(err);
        registry.verifyingKey(id);
        vm.expectRevert(err);
        registry.circuitMetadata(id);
        vm.expectRevert(err);
        registry.keyPointer(id);
    }

    function test_two_keys_get_two_ids_and_two_pointers() public {
        bytes32 a = _register();
        // Another valid key: the same points with ic[0] and ic[1] exchanged.
        uint256[2] memory first = vk.ic[0];
        vk.ic[0] = vk.ic[1];
        vk.ic[1] = first;
        bytes32 b = registry.registerCircuit(vk, meta);
        assertNotEq(a, b, "ids differ");
        assertNotEq(registry.keyPointer(a), registry.keyPointer(b), "pointers differ");
    }

    function test_gas_registerCircuit() public {
        vm.startSnapshotGas("registerCircuit (3 public inputs)");
        registry.registerCircuit(vk, meta);
        vm.stopSnapshotGas();
    }

    // ------------------------------------------------------------------ CodeStore

    function testFuzz_CodeStore_round_trips(bytes memory data, bytes32 salt) public {
        address pointer = new CodeStoreHarness().write(data, salt);
        assertEq(pointer.code.length, data.length + 1, "code size");
        assertEq(CodeStore.dataSize(pointer), data.length, "dataSize");
        assertEq(CodeStore.read(pointer, 0, data.length), data, "read back");
    }

    function test_CodeStore_reads_past_the_end_as_zeros() public {
        CodeStoreHarness h = new CodeStoreHarness();
        address pointer = h.write(hex"aabb", 0);
        assertEq(CodeStore.read(pointer, 1, 3), hex"bb0000", "zero padded");
        assertEq(CodeStore.dataSize(address(0xdead)), 0, "no contract, no data");
    }

    function test_RevertWhen_CodeStore_data_exceeds_the_code_size_limit() public {
        CodeStoreHarness h = new CodeStoreHarness();
        vm.expectRevert(abi.encodeWithSelector(CodeStore.CodeStoreTooLarge.selector, 24_576, 24_575));
        h.write(new bytes(24_576), 0);
    }

    function test_RevertWhen_CodeStore_writes_the_same_salt_twice() public {
        CodeStoreHarness h = new CodeStoreHarness();
        h.write(hex"01", bytes32(uint256(1)));
        vm.expectRevert(CodeStore.CodeStoreWriteFailed.selector);
        h.write(hex"01", bytes32(uint256(1)));
    }

    // ------------------------------------------------------------------ helpers

    function _packed(ICircuitRegistry.VerifyingKey memory k) internal pure returns (bytes memory out) {
        out = abi.encodePacked(k.alpha1, k.beta2, k.gamma2, k.delta2);
        for (uint256 j; j < k.ic.length; ++j) {
            out = bytes.concat(out, abi.encodePacked(k.ic[j]));
        }
    }

    function _initCode(bytes memory data) internal pure returns (bytes memory) {
        return bytes.concat(hex"61", bytes2(uint16(data.length + 1)), hex"80600a5f395ff300", data);
    }

    function _create2Address(address deployer, bytes32 salt, bytes memory initCode) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), deployer, salt, keccak256(initCode))))));
    }
}

/// @dev Exposes CodeStore.write as an external call so reverts can be expected.
contract CodeStoreHarness {
    function write(bytes memory data, bytes32 salt) external returns (address) {
        return CodeStore.write(data, salt);
    }
}
