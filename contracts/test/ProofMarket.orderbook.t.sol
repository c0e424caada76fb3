// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestStatus} from "../src/types/RequestStatus.sol";
import {Request} from "../src/types/Request.sol";
import {RequestParams} from "../src/types/RequestParams.sol";
import {Ask} from "../src/types/Ask.sol";

/// @notice placeAsk / cancelAsk / orderbook matching of incoming requests and asks.
contract ProofMarketOrderbookTest is MarketTestBase {
    function _ask(address prover, uint96 price) internal returns (uint64 askId) {
        uint64 hint = market.askHint(circuitId, address(0), price);
        vm.prank(prover);
        askId = market.placeAsk(_terms(price, uint32(block.timestamp + 1 days)), hint);
    }

    function _book(uint256 k, uint96 maxPrice) internal returns (uint256 id) {
        RequestParams memory p = _params(Mechanism.Orderbook, k);
        p.maxPrice = maxPrice;
        p.orderbookHint = market.requestHint(circuitId, address(0), maxPrice);
        id = _submit(p);
    }

    function test_asks_are_sorted_by_price_then_time() public {
        uint64 a = _ask(alice, 0.5 ether);
        uint64 b = _ask(bob, 0.3 ether);
        uint64 c = _ask(carol, 0.5 ether);
        (uint64 head,) = market.bookHeads(circuitId, address(0));
        assertEq(head, b, "cheapest first");
        assertEq(market.nextInBook(circuitId, address(0), true, b), a, "then the older 0.5");
        assertEq(market.nextInBook(circuitId, address(0), true, a), c, "then the newer 0.5");
    }

    function test_incoming_request_matches_the_best_ask_at_the_ask_price() public {
        _ask(alice, 0.5 ether);
        _ask(bob, 0.3 ether);
        uint256 id = _book(0, MAX_PRICE);
        Request memory r = _req(id);
        assertEq(uint8(r.status), uint8(RequestStatus.Assigned), "matched at once");
        assertEq(r.prover, bob, "best ask");
        assertEq(r.price, 0.3 ether, "resting order's price");
    }

    function test_incoming_request_skips_an_ineligible_ask() public {
        _ask(bob, 0.3 ether);
        _ask(alice, 0.5 ether);
        vm.prank(bob);
        market.setCapacity(0);
        uint256 id = _book(0, MAX_PRICE);
        assertEq(_req(id).prover, alice, "bob at capacity, alice next");
    }

    function test_incoming_request_prunes_expired_asks() public {
        vm.prank(bob);
        uint64 stale = market.placeAsk(_terms(0.1 ether, uint32(block.timestamp + 10)), 0);
        _ask(alice, 0.5 ether);
        skip(11);
        vm.expectEmit(address(market));
        emit IProofMarket.AskRemoved(stale, true);
        uint256 id = _book(0, MAX_PRICE);
        assertEq(_req(id).prover, alice, "the expired ask is skipped");
    }

    function test_unmatched_request_rests_in_the_book_sorted_by_maxPrice() public {
        uint256 low = _book(0, 0.2 ether);
        uint256 high = _book(1, 0.8 ether);
        (, uint64 head) = market.bookHeads(circuitId, address(0));
        assertEq(head, high, "highest bid first");
        assertEq(market.nextInBook(circuitId, address(0), false, uint64(high)), low, "then the lower one");
    }

    function test_incoming_ask_matches_the_highest_open_request_at_its_maxPrice() public {
        uint256 low = _book(0, 0.2 ether);
        uint256 high = _book(1, 0.8 ether);
        vm.prank(alice);
        market.setCapacity(1);
        _ask(alice, 0.1 ether);
        assertEq(uint8(_status(high)), uint8(RequestStatus.Assigned), "highest request taken");
        assertEq(_req(high).price, 0.8 ether, "at the resting request's price");
        assertEq(uint8(_status(low)), uint8(RequestStatus.Open), "capacity 1: the other stays");
    }

    function test_incoming_ask_does_not_match_requests_below_its_price() public {
        uint256 low = _book(0, 0.2 ether);
        _ask(alice, 0.3 ether);
        assertEq(uint8(_status(low)), uint8(RequestStatus.Open), "no trade below the ask");
    }

    function test_cancelAsk_removes_it_from_the_book() public {
        uint64 a = _ask(alice, 0.5 ether);
        vm.prank(alice);
        market.cancelAsk(a);
        (uint64 head,) = market.bookHeads(circuitId, address(0));
        assertEq(head, 0, "book empty");
        (Ask memory ask,) = market.getAsk(a);
        assertEq(ask.prover, address(0), "ask deleted");
    }

    function test_cancel_removes_a_resting_request_from_the_book() public {
        uint256 id = _book(0, 0.2 ether);
        vm.prank(requester);
        market.cancel(id);
        (, uint64 head) = market.bookHeads(circuitId, address(0));
        assertEq(head, 0, "request book empty");
    }

    function test_RevertWhen_cancelAsk_by_another_prover() public {
        uint64 a = _ask(alice, 0.5 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.UnknownAsk.selector, a));
        market.cancelAsk(a);
    }

    function test_placeAsk_walks_from_a_stale_hint_F13() public {
        uint64 a = _ask(alice, 0.3 ether);
        vm.prank(bob);
        uint64 b = market.placeAsk(_terms(0.5 ether, uint32(block.timestamp + 1 days)), 0);
        assertEq(market.nextInBook(circuitId, address(0), true, a), b, "placed after the 0.3 ask anyway");
    }

    /// @dev A front-runner inserts right where the requester's hint pointed: submit still lands.
    function test_FrontRunHintDoesNotRevertSubmit_F13() public {
        uint256 first = _book(0, 0.5 ether);
        RequestParams memory p = _params(Mechanism.Orderbook, 1);
        p.maxPrice = 0.2 ether;
        p.orderbookHint = uint64(first);
        _book(2, 0.3 ether); // lands first, between `first` and the requester's place
        uint256 id = _submit(p);
        (, uint64 head) = market.bookHeads(circuitId, address(0));
        uint64 second = market.nextInBook(circuitId, address(0), false, head);
        assertEq(market.nextInBook(circuitId, address(0), false, second), uint64(id), "placed after the 0.3 request");
    }

    function test_RevertWhen_placeAsk_with_a_past_expiry() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.AskExpiryPassed.selector, block.timestamp - 1));
        market.placeAsk(_terms(0.5 ether, uint32(block.timestamp - 1)), 0);
    }

    function test_RevertWhen_placeAsk_by_a_non_operator() public {
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        market.setCapacity(1);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, stranger, bytes32("operator")));
        market.placeAsk(_terms(0.5 ether, uint32(block.timestamp + 1)), 0);
    }

    function testFuzz_book_stays_sorted_under_random_asks(uint96[6] memory prices) public {
        for (uint256 i; i < prices.length; ++i) {
            _ask(i % 2 == 0 ? alice : bob, uint96(bound(prices[i], 1, 10 ether)));
        }
        (uint64 cursor,) = market.bookHeads(circuitId, address(0));
        uint96 last;
        uint256 count;
        while (cursor != 0) {
            (, uint96 price) = market.getAsk(cursor);
            assertGe(price, last, "ascending prices");
            last = price;
            cursor = market.nextInBook(circuitId, address(0), true, cursor);
            ++count;
        }
        assertEq(count, prices.length, "every ask listed once");
    }
}
