// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestStatus} from "../src/types/RequestStatus.sol";
import {ProofRace} from "../src/libraries/ProofRace.sol";

/// @dev Exposes the calldata-only commitment helper.
contract RaceHasher {
    function commitmentOf(uint256[8] calldata proof, address prover) external pure returns (bytes32) {
        return ProofRace.commitmentOf(proof, prover);
    }
}

/// @notice commitProof / revealProof (proof race, open fulfilment).
contract ProofMarketRaceTest is MarketTestBase {
    RaceHasher internal hasher;
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        hasher = new RaceHasher();
        id = _submit(Mechanism.Race, 0);
    }

    function _commitProof(address prover, uint256 k) internal {
        bytes32 c = hasher.commitmentOf(proofs[k], prover);
        assertEq(c, keccak256(abi.encode(proofs[k], prover)), "commitment = keccak256(abi.encode(proof, prover))");
        vm.prank(prover);
        market.commitProof(id, c);
    }

    function test_revealProof_a_block_later_pays_maxPrice() public {
        _commitProof(alice, 0);
        vm.roll(block.number + 1);
        uint256 vaultBefore = address(vault).balance;
        vm.prank(alice);
        market.revealProof(id, proofs[0], inputs[0]);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Fulfilled), "fulfilled");
        assertEq(_req(id).prover, alice, "alice won");
        assertEq(address(vault).balance - vaultBefore, MAX_PRICE, "full escrow paid");
    }

    function test_RevertWhen_revealProof_in_the_commit_block() public {
        _commitProof(alice, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.CommitmentMismatch.selector, id, alice));
        market.revealProof(id, proofs[0], inputs[0]);
    }

    function test_RevertWhen_a_copier_reveals_without_its_own_commitment() public {
        _commitProof(alice, 0);
        vm.roll(block.number + 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.CommitmentMismatch.selector, id, bob));
        market.revealProof(id, proofs[0], inputs[0]);
    }

    function test_RevertWhen_a_copier_reuses_someone_elses_commitment() public {
        bytes32 aliceCommitment = hasher.commitmentOf(proofs[0], alice);
        vm.prank(bob);
        market.commitProof(id, aliceCommitment);
        vm.roll(block.number + 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.CommitmentMismatch.selector, id, bob));
        market.revealProof(id, proofs[0], inputs[0]);
    }

    function test_RevertWhen_revealProof_with_an_invalid_proof() public {
        _commitProof(alice, 1);
        vm.roll(block.number + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidProof.selector, id));
        market.revealProof(id, proofs[1], inputs[0]);
    }

    function test_RevertWhen_revealProof_after_someone_won() public {
        _commitProof(alice, 0);
        _commitProof(bob, 0);
        vm.roll(block.number + 1);
        vm.prank(alice);
        market.revealProof(id, proofs[0], inputs[0]);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongStatus.selector, id, uint8(RequestStatus.Fulfilled)));
        market.revealProof(id, proofs[0], inputs[0]);
    }

    function test_RevertWhen_commitProof_after_the_deadline() public {
        vm.warp(_req(id).deadline + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("commit")));
        market.commitProof(id, keccak256("x"));
    }

    function test_RevertWhen_cancel_after_a_proof_commitment() public {
        _commitProof(alice, 0);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.CannotCancel.selector, id));
        market.cancel(id);
    }

    function test_expire_after_the_deadline_refunds() public {
        vm.warp(_req(id).deadline + 1);
        market.expire(id);
        assertEq(_claim(address(0), requester), MAX_PRICE, "refund");
    }
}
