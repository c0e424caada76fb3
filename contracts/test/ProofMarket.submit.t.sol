// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestStatus} from "../src/types/RequestStatus.sol";
import {Request} from "../src/types/Request.sol";
import {RequestParams} from "../src/types/RequestParams.sol";
import {TestStakeToken} from "../src/examples/TestStakeToken.sol";

/// @notice submit / cancel / expire.
contract ProofMarketSubmitTest is MarketTestBase {
    // ------------------------------------------------------------------ submit

    function test_submit_escrows_maxPrice_and_stores_the_packed_request() public {
        RequestParams memory p = _params(Mechanism.SealedBid, 0);
        uint256 id = _submit(p);
        assertEq(id, 1, "first id");
        assertEq(address(market).balance, MAX_PRICE, "escrow held");
        Request memory r = _req(id);
        assertEq(r.requester, requester, "requester");
        assertEq(r.maxPrice, MAX_PRICE, "maxPrice");
        assertEq(r.inputsHash, keccak256(abi.encodePacked(inputs[0])), "inputs hash");
        assertEq(r.requiredCollateral, COLLATERAL, "collateral");
        assertEq(r.timeA, p.commitDeadline, "commit deadline");
        assertEq(r.timeB, p.revealDeadline, "reveal deadline");
        assertEq(uint8(r.status), uint8(RequestStatus.Open), "open");
        assertEq(market.circuitOf(id), circuitId, "circuit");
        assertEq(market.tokenOf(id), address(0), "ETH");
    }

    function test_submit_emits_the_full_parameters() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        vm.expectEmit(address(market));
        emit IProofMarket.RequestSubmitted(1, requester, circuitId, 1, 0, p);
        _submit(p);
    }

    function test_submit_with_an_allowed_ERC20_pulls_the_escrow() public {
        TestStakeToken usd = new TestStakeToken("USD", "USD");
        vm.prank(owner);
        market.setTokenAllowed(address(usd), true);
        usd.mint(requester, 5 ether);
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.token = address(usd);
        vm.startPrank(requester);
        usd.approve(address(market), MAX_PRICE);
        uint256 id = market.submit(p);
        vm.stopPrank();
        assertEq(usd.balanceOf(address(market)), MAX_PRICE, "escrow pulled");
        assertEq(market.tokenOf(id), address(usd), "token recorded");
    }

    function test_RevertWhen_submit_with_a_token_not_allowed() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.token = address(0xBEEF);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.TokenNotAllowed.selector, address(0xBEEF)));
        vm.prank(requester);
        market.submit(p);
    }

    function test_RevertWhen_submit_with_the_wrong_value() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongPayment.selector, 1, MAX_PRICE));
        vm.prank(requester);
        market.submit{value: 1}(p);
    }

    function test_RevertWhen_submit_for_an_unknown_circuit() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.circuitId = keccak256("nope");
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.UnknownCircuit.selector, keccak256("nope")));
        _submit(p);
    }

    function test_RevertWhen_submit_with_the_wrong_input_count() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.publicInputs = new uint256[](2);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongInputCount.selector, 2, 3));
        _submit(p);
    }

    function test_RevertWhen_submit_with_an_input_outside_the_field() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.publicInputs[1] = SNARK_SCALAR_FIELD;
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InputNotInField.selector, 1, SNARK_SCALAR_FIELD));
        _submit(p);
    }

    function test_RevertWhen_submit_with_zero_maxPrice() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.maxPrice = 0;
        p.minPrice = 0;
        vm.expectRevert(IProofMarket.ZeroMaxPrice.selector);
        _submit(p);
    }

    function test_RevertWhen_submit_with_a_deadline_inside_the_proving_window() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.deadline = uint32(block.timestamp + PROVING_WINDOW - 1);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidSchedule.selector, bytes32("deadline")));
        _submit(p);
    }

    function test_RevertWhen_submit_with_a_zero_proving_window() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.provingWindow = 0;
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidSchedule.selector, bytes32("provingWindow")));
        _submit(p);
    }

    function test_RevertWhen_submit_sealed_bid_with_reveal_before_commit_end() public {
        RequestParams memory p = _params(Mechanism.SealedBid, 1);
        p.revealDeadline = p.commitDeadline;
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidSchedule.selector, bytes32("revealDeadline")));
        _submit(p);
    }

    function test_RevertWhen_submit_sealed_bid_with_a_past_commit_deadline() public {
        RequestParams memory p = _params(Mechanism.SealedBid, 1);
        p.commitDeadline = uint32(block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidSchedule.selector, bytes32("commitDeadline")));
        _submit(p);
    }

    function test_RevertWhen_submit_Dutch_with_minPrice_above_maxPrice() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.minPrice = MAX_PRICE + 1;
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.MinPriceAboveMax.selector, MAX_PRICE + 1, MAX_PRICE));
        _submit(p);
    }

    function test_RevertWhen_submit_Dutch_with_a_zero_ramp() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.rampDuration = 0;
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidSchedule.selector, bytes32("rampDuration")));
        _submit(p);
    }

    function test_RevertWhen_submit_without_a_witness_location() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.witnessInline = "";
        vm.expectRevert(IProofMarket.WitnessLocationMissing.selector);
        _submit(p);
    }

    function test_RevertWhen_submit_with_too_much_callback_gas() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.callback = address(this);
        p.callbackGasLimit = uint32(market.MAX_CALLBACK_GAS() + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProofMarket.CallbackGasTooHigh.selector, market.MAX_CALLBACK_GAS() + 1, market.MAX_CALLBACK_GAS()
            )
        );
        _submit(p);
    }

    function test_RevertWhen_submit_with_callback_gas_but_no_callback() public {
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        p.callbackGasLimit = 1;
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidCallback.selector, address(0), 1));
        _submit(p);
    }

    function test_RevertWhen_submit_while_paused() public {
        vm.prank(owner);
        market.pause();
        RequestParams memory p = _params(Mechanism.Dutch, 1);
        vm.expectRevert();
        _submit(p);
    }

    function testFuzz_submit_accepts_any_price_and_schedule_in_range(
        uint96 maxPrice,
        uint96 minPrice,
        uint32 window,
        uint32 slack
    ) public {
        maxPrice = uint96(bound(maxPrice, 1, 100 ether));
        minPrice = uint96(bound(minPrice, 0, maxPrice));
        // The lifetime stays within half the vault's 7-day withdrawal delay (F6).
        window = uint32(bound(window, 1_000, 1 days));
        slack = uint32(bound(slack, 0, 2 days));
        RequestParams memory p = _params(Mechanism.Dutch, 2);
        p.maxPrice = maxPrice;
        p.minPrice = minPrice;
        p.provingWindow = window;
        p.deadline = uint32(block.timestamp + window + slack);
        uint256 id = _submit(p);
        assertEq(address(market).balance, maxPrice, "escrow = maxPrice");
        assertEq(market.currentPrice(id), minPrice, "ramp starts at minPrice");
        assertEq(_req(id).deadline, p.deadline, "deadline stored");
    }

    // ------------------------------------------------------------------ cancel

    function test_cancel_refunds_the_escrow() public {
        uint256 id = _submit(Mechanism.Dutch, 0);
        vm.prank(requester);
        market.cancel(id);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Cancelled), "cancelled");
        assertEq(_claim(address(0), requester), MAX_PRICE, "refund claimable");
        uint256 before = requester.balance;
        vm.prank(requester);
        market.withdraw(address(0), requester);
        assertEq(requester.balance - before, MAX_PRICE, "refund withdrawn");
    }

    function test_cancel_works_while_paused() public {
        uint256 id = _submit(Mechanism.Dutch, 0);
        vm.prank(owner);
        market.pause();
        vm.prank(requester);
        market.cancel(id);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Cancelled), "cancelled while paused");
    }

    function test_RevertWhen_cancel_by_someone_else() public {
        uint256 id = _submit(Mechanism.Dutch, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotRequester.selector, id, alice));
        market.cancel(id);
    }

    function test_RevertWhen_cancel_after_a_bid_was_revealed() public {
        uint256 id = _submit(Mechanism.SealedBid, 0);
        _commit(id, alice, 0.5 ether);
        _toRevealPhase(id);
        _reveal(id, alice, 0.5 ether);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.CannotCancel.selector, id));
        market.cancel(id);
    }

    function test_RevertWhen_cancel_an_assigned_request() public {
        uint256 id = _assignedDutch(0, alice);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongStatus.selector, id, uint8(RequestStatus.Assigned)));
        market.cancel(id);
    }

    // ------------------------------------------------------------------ expire

    function test_expire_refunds_an_unassigned_request_past_its_window() public {
        uint256 id = _submit(Mechanism.Dutch, 0);
        vm.warp(_req(id).deadline - PROVING_WINDOW + 1);
        vm.prank(keeper);
        market.expire(id);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Expired), "expired");
        assertEq(_claim(address(0), requester), MAX_PRICE, "refund claimable");
    }

    function test_RevertWhen_expire_while_still_assignable() public {
        uint256 id = _submit(Mechanism.Dutch, 0);
        vm.warp(_req(id).deadline - PROVING_WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("expire")));
        market.expire(id);
    }

    function test_RevertWhen_expire_an_assigned_request() public {
        uint256 id = _assignedDutch(0, alice);
        vm.warp(_req(id).deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.WrongStatus.selector, id, uint8(RequestStatus.Assigned)));
        market.expire(id);
    }

    function test_expire_of_a_sealed_bid_forfeits_unrevealed_bonds() public {
        RequestParams memory p = _params(Mechanism.SealedBid, 0);
        p.deadline = p.revealDeadline + PROVING_WINDOW;
        uint256 id = _submit(p);
        _commit(id, alice, 0.5 ether);
        vm.warp(p.revealDeadline + 1);
        market.expire(id);
        assertEq(_claim(address(0), requester), MAX_PRICE, "escrow refunded");
        assertEq(market.burned(address(0)), MAX_PRICE, "the unrevealed bond burned, not given to the requester");
    }
}
