// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {ExampleRollup} from "../src/examples/ExampleRollup.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestStatus} from "../src/types/RequestStatus.sol";
import {RequestParams} from "../src/types/RequestParams.sol";

/// @notice ExampleRollup buying its state-transition proofs on the real market. Fixture proof 0
/// proves the transition 1 -> 23 with batch hash 2.
contract ExampleRollupTest is MarketTestBase {
    ExampleRollup internal rollup;
    address internal sequencer = makeAddr("sequencer");

    function setUp() public override {
        super.setUp();
        rollup = new ExampleRollup(market, circuitId, sequencer, inputs[0][0]);
        vm.deal(sequencer, 100 ether);
    }

    function _post() internal returns (uint256 id) {
        RequestParams memory terms = _params(Mechanism.Dutch, 0);
        vm.prank(sequencer);
        id = rollup.postBatch{value: terms.maxPrice}(inputs[0][1], inputs[0][2], terms);
    }

    function _lock(uint256 id) internal {
        vm.prank(alice);
        market.lock(id);
    }

    function _prove(uint256 id) internal {
        _lock(id);
        _fulfill(id, alice, 0);
    }

    function test_postBatch_requests_a_proof_of_the_transition_with_the_rollup_as_callback() public {
        uint256 id = _post();
        assertEq(_req(id).requester, address(rollup), "the rollup is the requester");
        assertEq(_req(id).inputsHash, keccak256(abi.encodePacked(inputs[0])), "inputs = [root, newRoot, batch]");
        assertEq(_req(id).callback, address(rollup), "callback");
        assertEq(_req(id).callbackGasLimit, rollup.CALLBACK_GAS(), "callback gas");
        assertTrue(rollup.postedByUs(id), "remembered");
    }

    function test_verified_proof_advances_the_state_root() public {
        uint256 id = _post();
        _lock(id);
        vm.expectEmit(address(rollup));
        emit ExampleRollup.StateRootAdvanced(id, inputs[0][0], inputs[0][1], inputs[0][2]);
        _fulfill(id, alice, 0);
        assertEq(rollup.stateRoot(), inputs[0][1], "root advanced to the proven new root");
    }

    function test_proof_from_a_stale_root_is_ignored() public {
        uint256 first = _post();
        uint256 second = _post();
        _prove(first);
        vm.prank(bob);
        market.lock(second);
        vm.expectEmit(address(rollup));
        emit ExampleRollup.StaleProofIgnored(second, inputs[0][1], inputs[0][0]);
        _fulfill(second, bob, 0);
        assertEq(rollup.stateRoot(), inputs[0][1], "root unchanged by the stale proof");
        assertEq(uint8(_status(second)), uint8(RequestStatus.Fulfilled), "the prover is still paid");
    }

    function test_foreign_request_naming_the_rollup_is_ignored() public {
        RequestParams memory p = _params(Mechanism.Dutch, 0);
        p.callback = address(rollup);
        p.callbackGasLimit = 100_000;
        uint256 id = _submit(p);
        _lock(id);
        vm.expectEmit(address(rollup));
        emit ExampleRollup.ForeignRequestIgnored(id);
        _fulfill(id, alice, 0);
        assertEq(rollup.stateRoot(), inputs[0][0], "a stranger's request cannot move the root");
    }

    function test_RevertWhen_onProofVerified_is_not_called_by_the_market() public {
        vm.expectRevert(abi.encodeWithSelector(ExampleRollup.NotMarket.selector, address(this)));
        rollup.onProofVerified(1, circuitId, inputs[0], alice);
    }

    function test_RevertWhen_postBatch_by_someone_else() public {
        RequestParams memory terms = _params(Mechanism.Dutch, 0);
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ExampleRollup.NotSequencer.selector, alice));
        rollup.postBatch{value: terms.maxPrice}(inputs[0][1], inputs[0][2], terms);
    }

    function test_withdrawFromMarket_collects_the_refund() public {
        uint256 id = _post();
        _prove(id);
        uint256 refund = market.claimable(address(0), address(rollup));
        assertGt(refund, 0, "Dutch lock at minPrice leaves a refund");
        address to = makeAddr("treasury of the rollup");
        vm.prank(sequencer);
        rollup.withdrawFromMarket(address(0), to);
        assertEq(to.balance, refund, "refund withdrawn");
    }

    function test_RevertWhen_constructed_without_a_market() public {
        vm.expectRevert(abi.encodeWithSelector(ExampleRollup.ZeroAddressGiven.selector, bytes32("market")));
        new ExampleRollup(IProofMarket(address(0)), circuitId, sequencer, 1);
    }
}
