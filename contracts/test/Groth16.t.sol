// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {Groth16Fixtures} from "./utils/Groth16Fixtures.sol";
import {CircuitRegistry} from "../src/CircuitRegistry.sol";
import {ICircuitRegistry} from "../src/interfaces/ICircuitRegistry.sol";
import {Groth16} from "../src/libraries/Groth16.sol";

/// @notice Verification of real snarkjs proofs (scripts/fixtures/make-groth16-fixtures.sh) through the
/// registry: single and batched, accepted and rejected.
contract Groth16Test is Test {
    CircuitRegistry internal registry;
    bytes32 internal circuitId;
    uint256 internal count;
    uint256[8][] internal proofs;
    uint256[][] internal inputs;

    function setUp() public {
        registry = new CircuitRegistry();
        circuitId = registry.registerCircuit(Groth16Fixtures.verifyingKey(), Groth16Fixtures.metadata());
        count = Groth16Fixtures.proofCount();
        for (uint256 k; k < count; ++k) {
            proofs.push(Groth16Fixtures.proof(k));
            inputs.push(Groth16Fixtures.publicInputs(k));
        }
    }

    // ------------------------------------------------------------------ verify

    function test_verify_accepts_every_snarkjs_proof() public view {
        assertGe(count, 8, "fixture set too small");
        for (uint256 k; k < count; ++k) {
            assertTrue(registry.verify(circuitId, proofs[k], inputs[k]), string.concat("proof ", vm.toString(k)));
        }
    }

    function test_verify_rejects_a_proof_for_other_inputs() public view {
        for (uint256 k; k < count; ++k) {
            uint256 other = (k + 1) % count;
            assertFalse(registry.verify(circuitId, proofs[k], inputs[other]), "proof verified other inputs");
        }
    }

    function test_verify_rejects_each_changed_public_input() public view {
        for (uint256 j; j < 3; ++j) {
            uint256[] memory x = _copy(inputs[1]);
            x[j] = addmod(x[j], 1, Groth16.R);
            assertFalse(registry.verify(circuitId, proofs[1], x), "changed input accepted");
        }
    }

    function testFuzz_verify_rejects_a_flipped_bit(uint256 coordinate, uint256 bit) public view {
        coordinate = bound(coordinate, 0, 7);
        bit = bound(bit, 0, 253);
        uint256[8] memory p = proofs[2];
        p[coordinate] ^= (2 ** bit);
        // A flip that leaves the field is a named error, covered elsewhere; only same-field flips here.
        vm.assume(p[coordinate] < Groth16.Q);
        assertFalse(registry.verify(circuitId, p, inputs[2]), "flipped proof accepted");
    }

    function test_verify_rejects_B_in_snarkjs_order() public view {
        uint256[8] memory p = proofs[0];
        (p[2], p[3], p[4], p[5]) = (p[3], p[2], p[5], p[4]);
        assertFalse(registry.verify(circuitId, p, inputs[0]), "swapped G2 order accepted");
    }

    function test_verify_rejects_A_and_C_swapped() public view {
        uint256[8] memory p = proofs[0];
        (p[0], p[1], p[6], p[7]) = (p[6], p[7], p[0], p[1]);
        assertFalse(registry.verify(circuitId, p, inputs[0]), "A/C swap accepted");
    }

    function test_verify_rejects_points_at_infinity() public view {
        uint256[8] memory p;
        assertFalse(registry.verify(circuitId, p, inputs[0]), "all-zero proof accepted");
    }

    function test_verify_rejects_a_point_off_the_curve_without_burning_gas() public view {
        uint256[8] memory p = proofs[0];
        p[1] = addmod(p[1], 1, Groth16.Q);
        uint256 before = gasleft();
        assertFalse(registry.verify(circuitId, p, inputs[0]), "off-curve A accepted");
        // Bounded precompile stipends: a rejected point costs its stipend, not all remaining gas.
        assertLt(before - gasleft(), 400_000, "rejection burned too much gas");
    }

    function test_RevertWhen_an_input_is_not_below_r() public {
        uint256[] memory x = _copy(inputs[0]);
        x[1] = x[1] + Groth16.R; // same value mod r: must still be rejected, not reduced
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.PublicInputNotInField.selector, 1, x[1]));
        registry.verify(circuitId, proofs[0], x);
    }

    function test_RevertWhen_an_input_equals_r() public {
        uint256[] memory x = _copy(inputs[0]);
        x[2] = Groth16.R;
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.PublicInputNotInField.selector, 2, Groth16.R));
        registry.verify(circuitId, proofs[0], x);
    }

    function testFuzz_RevertWhen_a_coordinate_is_not_below_q(uint256 coordinate, uint256 value) public {
        coordinate = bound(coordinate, 0, 7);
        value = bound(value, Groth16.Q, type(uint256).max);
        uint256[8] memory p = proofs[0];
        p[coordinate] = value;
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.CoordinateNotInField.selector, coordinate, value));
        registry.verify(circuitId, p, inputs[0]);
    }

    function test_RevertWhen_the_input_count_is_wrong() public {
        uint256[] memory two = new uint256[](2);
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.PublicInputCountMismatch.selector, 3, 2));
        registry.verify(circuitId, proofs[0], two);
        uint256[] memory four = new uint256[](4);
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.PublicInputCountMismatch.selector, 3, 4));
        registry.verify(circuitId, proofs[0], four);
    }

    function test_RevertWhen_the_circuit_is_unknown() public {
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.UnknownCircuit.selector, bytes32(uint256(1))));
        registry.verify(bytes32(uint256(1)), proofs[0], inputs[0]);
    }

    function test_error_selectors_in_assembly_match_the_interface() public pure {
        // Groth16 hard-codes these two selectors in assembly.
        assertEq(ICircuitRegistry.PublicInputNotInField.selector, bytes4(0x420fcb39), "input selector");
        assertEq(ICircuitRegistry.CoordinateNotInField.selector, bytes4(0xdfe2eeb9), "coordinate selector");
    }

    // ------------------------------------------------------------------ verifyBatch

    function test_verifyBatch_accepts_all_good_proofs() public view {
        assertTrue(registry.verifyBatch(circuitId, proofs, inputs), "good batch rejected");
    }

    function test_verifyBatch_of_one_agrees_with_verify() public view {
        for (uint256 k; k < count; ++k) {
            (uint256[8][] memory ps, uint256[][] memory xs) = _batch(_one(k), 0, false);
            assertTrue(registry.verifyBatch(circuitId, ps, xs), "single good batch rejected");
            (ps, xs) = _batch(_one(k), 1, false);
            assertFalse(registry.verifyBatch(circuitId, ps, xs), "single bad batch accepted");
        }
    }

    function testFuzz_verifyBatch_agrees_with_verify(uint256 badMask, uint256 size, uint256 seed) public view {
        size = bound(size, 1, 12);
        badMask = bound(badMask, 0, 2 ** size - 1);
        uint256[] memory pick = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            pick[i] = uint256(keccak256(abi.encode(seed, i))) % count;
        }
        (uint256[8][] memory ps, uint256[][] memory xs) = _batch(pick, badMask, true);
        bool allGood = true;
        for (uint256 i; i < size; ++i) {
            allGood = allGood && registry.verify(circuitId, ps[i], xs[i]);
        }
        assertEq(registry.verifyBatch(circuitId, ps, xs), allGood, "batch disagrees with verify");
        assertEq(allGood, badMask == 0, "fixture corruption did not take");
    }

    function test_verifyBatch_rejects_two_bad_proofs_that_cancel_in_a_plain_sum() public view {
        // Proof 0 with inputs of proof 1 and proof 1 with inputs of proof 0: their errors would cancel in an
        // unweighted sum of the two equations if the pairings were combined with equal coefficients.
        (uint256[8][] memory ps, uint256[][] memory xs) = _batch(_pair(0, 1), 0, false);
        (xs[0], xs[1]) = (xs[1], xs[0]);
        assertFalse(registry.verifyBatch(circuitId, ps, xs), "cross-swapped inputs accepted");
    }

    function test_verifyBatch_rejects_swapped_G2_in_one_proof() public view {
        (uint256[8][] memory ps, uint256[][] memory xs) = _batch(_range(8), 0, false);
        (ps[5][2], ps[5][3]) = (ps[5][3], ps[5][2]);
        assertFalse(registry.verifyBatch(circuitId, ps, xs), "swapped G2 accepted in batch");
    }

    function test_RevertWhen_batch_is_empty() public {
        uint256[8][] memory ps;
        uint256[][] memory xs;
        vm.expectRevert(ICircuitRegistry.EmptyBatch.selector);
        registry.verifyBatch(circuitId, ps, xs);
    }

    function test_RevertWhen_batch_lengths_differ() public {
        (uint256[8][] memory ps,) = _batch(_range(3), 0, false);
        (, uint256[][] memory xs) = _batch(_range(2), 0, false);
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.BatchLengthMismatch.selector, 3, 2));
        registry.verifyBatch(circuitId, ps, xs);
    }

    function test_RevertWhen_a_batch_row_has_the_wrong_input_count() public {
        (uint256[8][] memory ps, uint256[][] memory xs) = _batch(_range(3), 0, false);
        xs[2] = new uint256[](1);
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.PublicInputCountMismatch.selector, 3, 1));
        registry.verifyBatch(circuitId, ps, xs);
    }

    function test_RevertWhen_a_batch_input_is_not_below_r() public {
        (uint256[8][] memory ps, uint256[][] memory xs) = _batch(_range(3), 0, false);
        xs[2][1] = Groth16.R + 5;
        // Flat index: 3 inputs per proof, proof 2 input 1.
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.PublicInputNotInField.selector, 7, Groth16.R + 5));
        registry.verifyBatch(circuitId, ps, xs);
    }

    function test_RevertWhen_a_batch_coordinate_is_not_below_q() public {
        (uint256[8][] memory ps, uint256[][] memory xs) = _batch(_range(3), 0, false);
        ps[1][4] = Groth16.Q;
        // Flat index: 8 coordinates per proof, proof 1 coordinate 4.
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.CoordinateNotInField.selector, 12, Groth16.Q));
        registry.verifyBatch(circuitId, ps, xs);
    }

    function test_RevertWhen_batch_circuit_is_unknown() public {
        vm.expectRevert(abi.encodeWithSelector(ICircuitRegistry.UnknownCircuit.selector, bytes32(0)));
        registry.verifyBatch(bytes32(0), proofs, inputs);
    }

    // ------------------------------------------------------------------ gas

    function test_gas_verify_3_inputs() public {
        // Load from storage first so the measurement holds only the call.
        uint256[8] memory p = proofs[1];
        uint256[] memory x = inputs[1];
        vm.startSnapshotGas("verify (3 public inputs)");
        bool ok = registry.verify(circuitId, p, x);
        uint256 used = vm.stopSnapshotGas();
        assertTrue(ok, "proof rejected");
        // The market's fulfil target is 300k including this call.
        assertLt(used, 230_000, "verify too expensive");
    }

    function test_gas_verifyBatch_8() public {
        (uint256[8][] memory ps, uint256[][] memory xs) = _batch(_range(8), 0, false);
        vm.startSnapshotGas("verifyBatch (8 proofs, 3 public inputs)");
        bool ok = registry.verifyBatch(circuitId, ps, xs);
        uint256 used = vm.stopSnapshotGas();
        assertTrue(ok, "batch rejected");
        // The market's batch target is 90k per proof including this call.
        assertLt(used / 8, 75_000, "verifyBatch too expensive per proof");
    }

    // ------------------------------------------------------------------ helpers

    function _copy(uint256[] memory a) internal pure returns (uint256[] memory b) {
        b = new uint256[](a.length);
        for (uint256 i; i < a.length; ++i) {
            b[i] = a[i];
        }
    }

    function _one(uint256 k) internal pure returns (uint256[] memory pick) {
        pick = new uint256[](1);
        pick[0] = k;
    }

    function _pair(uint256 a, uint256 b) internal pure returns (uint256[] memory pick) {
        pick = new uint256[](2);
        (pick[0], pick[1]) = (a, b);
    }

    function _range(uint256 n) internal pure returns (uint256[] memory pick) {
        pick = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            pick[i] = i;
        }
    }

    /// @dev A batch of the fixture proofs `pick`; entries whose bit is set in `badMask` are corrupted in one
    /// of two ways (another proof's inputs, or a changed input) chosen by position.
    function _batch(uint256[] memory pick, uint256 badMask, bool vary)
        internal
        view
        returns (uint256[8][] memory ps, uint256[][] memory xs)
    {
        uint256 n = pick.length;
        ps = new uint256[8][](n);
        xs = new uint256[][](n);
        for (uint256 i; i < n; ++i) {
            ps[i] = proofs[pick[i]];
            xs[i] = _copy(inputs[pick[i]]);
            if (badMask & (2 ** i) != 0) {
                if (vary && i % 2 == 1) {
                    xs[i] = _copy(inputs[(pick[i] + 1) % count]);
                } else {
                    xs[i][i % 3] = addmod(xs[i][i % 3], 1, Groth16.R);
                }
            }
        }
    }
}
