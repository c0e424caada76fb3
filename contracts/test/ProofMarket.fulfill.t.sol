// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {IProofCallback} from "../src/interfaces/IProofCallback.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestStatus} from "../src/types/RequestStatus.sol";
import {RequestParams} from "../src/types/RequestParams.sol";
import {MarketParams} from "../src/types/MarketParams.sol";

/// @dev A callback that records what it got, or burns gas / reverts / returns a huge payload.
contract RecordingCallback is IProofCallback {
    enum Mode {
        Record,
        Revert,
        BurnGas,
        ReturnBomb
    }

    Mode public mode;
    uint256 public calls;
    uint256 public lastId;
    uint256 public lastNewRoot;

    function setMode(Mode m) external {
        mode = m;
    }

    function onProofVerified(uint256 requestId, bytes32, uint256[] calldata publicInputs, address) external {
        if (mode == Mode.Revert) revert("no");
        if (mode == Mode.BurnGas) {
            while (true) {
                calls += 1;
            }
        }
        if (mode == Mode.ReturnBomb) {
            assembly {
                return(0, 1000000)
            }
        }
        calls += 1;
        lastId = requestId;
        lastNewRoot = publicInputs[1];
    }
}

/// @notice fulfill / fulfillBatch / callbacks / withdraw.
contract ProofMarketFulfillTest is MarketTestBase {
    function test_fulfill_pays_the_operator_refunds_the_rest_and_unlocks() public {
        uint256 id = _assignedDutch(0, alice);
        uint256 price = _req(id).price;
        uint256 vaultBefore = address(vault).balance;
        _fulfill(id, alice, 0);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Fulfilled), "fulfilled");
        assertEq(address(vault).balance - vaultBefore, price, "price went to the stake source");
        assertEq(_claim(address(0), requester), MAX_PRICE - price, "escrow - price refunded");
        assertEq(vault.freeStake(alice), STAKE, "collateral unlocked");
        assertEq(market.operatorState(alice).active, 0, "assignment released");
        assertEq(address(market).balance, MAX_PRICE - price, "market keeps only the refund");
    }

    function test_fulfill_takes_the_protocol_fee_for_the_treasury() public {
        MarketParams memory mp = market.params();
        mp.feeBps = 500;
        vm.prank(owner);
        market.setParams(mp);
        uint256 id = _assignedSealed(0, alice, 0.5 ether);
        _fulfill(id, alice, 0);
        assertEq(_claim(address(0), treasury), uint256(MAX_PRICE) * 500 / 10_000, "5% fee");
    }

    function test_fulfill_emits_the_settlement() public {
        uint256 id = _assignedSealed(0, alice, 0.5 ether);
        vm.expectEmit(address(market));
        emit IProofMarket.RequestFulfilled(id, alice, MAX_PRICE, 0, MAX_PRICE, 0, 0);
        _fulfill(id, alice, 0);
    }

    function test_RevertWhen_fulfill_with_an_invalid_proof() public {
        uint256 id = _assignedDutch(0, alice);
        uint256[8] memory bad = proofs[1];
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidProof.selector, id));
        market.fulfill(id, bad, inputs[0]);
    }

    function test_RevertWhen_fulfill_with_other_inputs() public {
        uint256 id = _assignedDutch(0, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InputsMismatch.selector, id));
        market.fulfill(id, proofs[1], inputs[1]);
    }

    function test_RevertWhen_fulfill_by_another_prover() public {
        uint256 id = _assignedDutch(0, alice);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotAssignedProver.selector, id, bob));
        market.fulfill(id, proofs[0], inputs[0]);
    }

    function test_RevertWhen_fulfill_after_the_proving_window() public {
        uint256 id = _assignedDutch(0, alice);
        vm.warp(_req(id).proveBy + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("prove")));
        market.fulfill(id, proofs[0], inputs[0]);
    }

    function test_RevertWhen_fulfill_twice() public {
        uint256 id = _assignedDutch(0, alice);
        _fulfill(id, alice, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongStatus.selector, id, uint8(RequestStatus.Fulfilled)));
        market.fulfill(id, proofs[0], inputs[0]);
    }

    function test_fulfill_works_while_paused() public {
        uint256 id = _assignedDutch(0, alice);
        vm.prank(owner);
        market.pause();
        _fulfill(id, alice, 0);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Fulfilled), "provers are paid while paused");
    }

    // ------------------------------------------------------------------ batch

    function test_fulfillBatch_settles_every_request_with_one_batch_verification() public {
        uint256 n = proofs.length;
        vm.prank(alice);
        market.setCapacity(uint32(n));
        uint256[] memory ids = new uint256[](n);
        for (uint256 k; k < n; ++k) {
            ids[k] = _assignedDutch(k, alice);
        }
        vm.expectCall(address(registry), abi.encodeWithSelector(registry.verifyBatch.selector));
        vm.prank(alice);
        market.fulfillBatch(ids, proofs, inputs);
        for (uint256 k; k < n; ++k) {
            assertEq(uint8(_status(ids[k])), uint8(RequestStatus.Fulfilled), "each fulfilled");
        }
        assertEq(vault.freeStake(alice), STAKE, "all collateral unlocked");
    }

    function test_RevertWhen_fulfillBatch_contains_one_bad_proof() public {
        uint256[] memory ids = new uint256[](2);
        ids[0] = _assignedDutch(0, alice);
        ids[1] = _assignedDutch(1, alice);
        uint256[8][] memory ps = new uint256[8][](2);
        ps[0] = proofs[0];
        ps[1] = proofs[2];
        uint256[][] memory ins = new uint256[][](2);
        ins[0] = inputs[0];
        ins[1] = inputs[1];
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidProof.selector, ids[0]));
        market.fulfillBatch(ids, ps, ins);
    }

    /// @dev n Dutch requests on fixtures 0..n-1 assigned to alice, with their proofs and inputs.
    function _aliceBatch(uint256 n)
        internal
        returns (uint256[] memory ids, uint256[8][] memory ps, uint256[][] memory ins)
    {
        vm.prank(alice);
        market.setCapacity(uint32(n));
        ids = new uint256[](n);
        ps = new uint256[8][](n);
        ins = new uint256[][](n);
        for (uint256 k; k < n; ++k) {
            ids[k] = _assignedDutch(k, alice);
            ps[k] = proofs[k];
            ins[k] = inputs[k];
        }
    }

    /// @dev An attacker (the assigned prover itself) hides one bad proof among seven good ones: the
    /// combined check fails, the whole batch reverts and nothing is settled, paid or unlocked. The
    /// seven good proofs then settle in a batch of their own and the bad one alone is still owed.
    function test_fulfillBatch_with_one_bad_proof_among_eight_settles_nothing_and_the_good_ones_settle_after() public {
        (uint256[] memory ids, uint256[8][] memory ps, uint256[][] memory ins) = _aliceBatch(8);
        // Entry 5 carries a proof of another statement (a valid proof, the wrong one).
        ps[5] = proofs[6];
        uint256 free = vault.freeStake(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidProof.selector, ids[0]));
        market.fulfillBatch(ids, ps, ins);
        for (uint256 k; k < 8; ++k) {
            assertEq(uint8(_status(ids[k])), uint8(RequestStatus.Assigned), "nothing settled");
        }
        assertEq(vault.freeStake(alice), free, "nothing unlocked");

        uint256[] memory good = new uint256[](7);
        uint256[8][] memory goodProofs = new uint256[8][](7);
        uint256[][] memory goodInputs = new uint256[][](7);
        for (uint256 k; k < 7; ++k) {
            uint256 j = k < 5 ? k : k + 1;
            good[k] = ids[j];
            goodProofs[k] = proofs[j];
            goodInputs[k] = inputs[j];
        }
        vm.prank(alice);
        market.fulfillBatch(good, goodProofs, goodInputs);
        for (uint256 k; k < 8; ++k) {
            assertEq(
                uint8(_status(ids[k])),
                uint8(k == 5 ? RequestStatus.Assigned : RequestStatus.Fulfilled),
                "the good ones settle"
            );
        }
        _fulfill(ids[5], alice, 5);
        assertEq(vault.freeStake(alice), STAKE, "all collateral unlocked");
    }

    /// @dev Two entries carry each other's proofs: every proof in the batch is a real one, but two
    /// do not prove their entry's inputs, so the batch must fail.
    function test_RevertWhen_fulfillBatch_swaps_two_proofs_between_entries() public {
        (uint256[] memory ids, uint256[8][] memory ps, uint256[][] memory ins) = _aliceBatch(4);
        (ps[1], ps[2]) = (ps[2], ps[1]);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidProof.selector, ids[0]));
        market.fulfillBatch(ids, ps, ins);
    }

    /// @dev A batch naming a request assigned to someone else reverts before any verification.
    function test_RevertWhen_fulfillBatch_names_a_request_assigned_to_another_prover() public {
        (uint256[] memory ids, uint256[8][] memory ps, uint256[][] memory ins) = _aliceBatch(2);
        uint256 bobs = _assignedDutch(2, bob);
        uint256[] memory mixed = new uint256[](3);
        (mixed[0], mixed[1], mixed[2]) = (ids[0], ids[1], bobs);
        uint256[8][] memory mp = new uint256[8][](3);
        (mp[0], mp[1], mp[2]) = (ps[0], ps[1], proofs[2]);
        uint256[][] memory mi = new uint256[][](3);
        (mi[0], mi[1], mi[2]) = (ins[0], ins[1], inputs[2]);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotAssignedProver.selector, bobs, alice));
        market.fulfillBatch(mixed, mp, mi);
    }

    function test_RevertWhen_fulfillBatch_repeats_an_id() public {
        uint256 id = _assignedDutch(0, alice);
        uint256[] memory ids = new uint256[](2);
        ids[0] = id;
        ids[1] = id;
        uint256[8][] memory ps = new uint256[8][](2);
        ps[0] = proofs[0];
        ps[1] = proofs[0];
        uint256[][] memory ins = new uint256[][](2);
        ins[0] = inputs[0];
        ins[1] = inputs[0];
        vm.prank(alice);
        vm.expectRevert(IProofMarket.BadBatch.selector);
        market.fulfillBatch(ids, ps, ins);
    }

    function test_RevertWhen_fulfillBatch_is_empty() public {
        vm.expectRevert(IProofMarket.BadBatch.selector);
        market.fulfillBatch(new uint256[](0), new uint256[8][](0), new uint256[][](0));
    }

    // ------------------------------------------------------------------ callbacks

    function _withCallback(RecordingCallback cb, uint256 k) internal returns (uint256 id) {
        RequestParams memory p = _params(Mechanism.Dutch, k);
        p.callback = address(cb);
        p.callbackGasLimit = 100_000;
        id = _submit(p);
        vm.prank(alice);
        market.lock(id);
    }

    function test_callback_receives_the_verified_inputs() public {
        RecordingCallback cb = new RecordingCallback();
        uint256 id = _withCallback(cb, 1);
        _fulfill(id, alice, 1);
        assertEq(cb.calls(), 1, "called once");
        assertEq(cb.lastId(), id, "request id");
        assertEq(cb.lastNewRoot(), inputs[1][1], "public inputs passed");
    }

    function test_reverting_callback_does_not_block_payment() public {
        RecordingCallback cb = new RecordingCallback();
        cb.setMode(RecordingCallback.Mode.Revert);
        uint256 id = _withCallback(cb, 1);
        vm.expectEmit(address(market));
        emit IProofMarket.CallbackFailed(id, address(cb));
        _fulfill(id, alice, 1);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Fulfilled), "paid anyway");
    }

    function test_gas_burning_callback_is_capped_and_does_not_block_payment() public {
        RecordingCallback cb = new RecordingCallback();
        cb.setMode(RecordingCallback.Mode.BurnGas);
        uint256 id = _withCallback(cb, 1);
        vm.prank(alice);
        uint256 before = gasleft();
        market.fulfill(id, proofs[1], inputs[1]);
        assertLt(before - gasleft(), 500_000, "the callback got only its cap");
        assertEq(uint8(_status(id)), uint8(RequestStatus.Fulfilled), "paid anyway");
    }

    function test_returndata_bomb_costs_the_market_nothing() public {
        RecordingCallback cb = new RecordingCallback();
        cb.setMode(RecordingCallback.Mode.ReturnBomb);
        uint256 id = _withCallback(cb, 1);
        _fulfill(id, alice, 1);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Fulfilled), "fulfilled");
    }

    function test_RevertWhen_fulfill_leaves_too_little_gas_for_the_callback() public {
        RecordingCallback cb = new RecordingCallback();
        uint256 id = _withCallback(cb, 1);
        // Measure a full fulfilment (the callback writes three fresh slots, ~66k of its 100k cap),
        // then retry with 20k less: enough for everything before the callback, not for its cap.
        uint256 snap = vm.snapshotState();
        vm.prank(alice);
        uint256 before = gasleft();
        market.fulfill(id, proofs[1], inputs[1]);
        uint256 used = before - gasleft();
        vm.revertToState(snap);
        vm.prank(alice);
        vm.expectPartialRevert(IProofMarket.InsufficientGasForCallback.selector);
        market.fulfill{gas: used - 20_000}(id, proofs[1], inputs[1]);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Assigned), "nothing happened");
    }

    // ------------------------------------------------------------------ withdraw

    function test_withdraw_sends_the_claimable_balance_once() public {
        uint256 id = _assignedDutch(0, alice);
        _fulfill(id, alice, 0);
        uint256 owed = _claim(address(0), requester);
        address to = makeAddr("to");
        vm.prank(requester);
        assertEq(market.withdraw(address(0), to), owed, "returns the amount");
        assertEq(to.balance, owed, "sent");
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NothingToWithdraw.selector, address(0), requester));
        market.withdraw(address(0), to);
    }

    function test_withdraw_works_while_paused() public {
        uint256 id = _submit(Mechanism.Dutch, 0);
        vm.prank(requester);
        market.cancel(id);
        vm.prank(owner);
        market.pause();
        vm.prank(requester);
        market.withdraw(address(0), requester);
        assertEq(_claim(address(0), requester), 0, "withdrawn while paused");
    }

    function test_RevertWhen_withdraw_to_zero() public {
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.ZeroAddress.selector, bytes32("to")));
        market.withdraw(address(0), address(0));
    }
}
