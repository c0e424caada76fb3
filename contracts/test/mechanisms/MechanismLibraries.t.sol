// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {SealedBidAuction} from "../../src/libraries/SealedBidAuction.sol";
import {DutchAuction} from "../../src/libraries/DutchAuction.sol";
import {Orderbook} from "../../src/libraries/Orderbook.sol";
import {IProofMarket} from "../../src/interfaces/IProofMarket.sol";

/// @dev Storage harness for the Orderbook library.
contract OrderbookHarness {
    using Orderbook for Orderbook.List;

    Orderbook.List internal list;

    function insert(uint64 id, uint96 price, uint64 hint, bool descending) external {
        list.insert(id, price, hint, descending);
    }

    function remove(uint64 id) external {
        list.remove(id);
    }

    function hint(uint96 price, bool descending) external view returns (uint64) {
        return list.findHint(price, descending);
    }

    function head() external view returns (uint64) {
        return list.head;
    }

    function length() external view returns (uint64) {
        return list.length;
    }

    function node(uint64 id) external view returns (Orderbook.Node memory) {
        return list.nodes[id];
    }
}

/// @notice The mechanism libraries against brute-force references.
contract MechanismLibrariesTest is Test {
    using SealedBidAuction for SealedBidAuction.State;

    /// @notice O(1) best/second tracking equals sorting all bids (ties by commit order), for any
    /// reveal order.
    function testFuzz_sealed_bid_state_matches_a_full_sort(uint96[6] memory bids, uint256 orderSeed) public pure {
        uint256 n = bids.length;
        uint32[6] memory seqOf;
        for (uint256 i; i < n; ++i) {
            bids[i] = uint96(bound(bids[i], 0, 1_000));
            seqOf[i] = uint32(i + 1);
        }
        // Reveal in a pseudo-random permutation of the commit order.
        uint256[6] memory order = [uint256(0), 1, 2, 3, 4, 5];
        for (uint256 i = n - 1; i > 0; --i) {
            uint256 j = uint256(keccak256(abi.encode(orderSeed, i))) % (i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        SealedBidAuction.State memory s;
        address[6] memory who = [address(1), address(2), address(3), address(4), address(5), address(6)];
        for (uint256 t; t < n; ++t) {
            uint256 i = order[t];
            uint32 bestSeq;
            for (uint256 q; q < n; ++q) {
                if (who[q] == s.best) bestSeq = seqOf[q];
            }
            s.applyReveal(who[i], bids[i], seqOf[i], bestSeq);
        }
        // Reference: the lowest price, earliest commit; second = the lowest price among the rest.
        uint256 win;
        for (uint256 i = 1; i < n; ++i) {
            if (bids[i] < bids[win]) win = i;
        }
        uint96 second = type(uint96).max;
        for (uint256 i; i < n; ++i) {
            if (i != win && bids[i] < second) second = bids[i];
        }
        assertEq(s.best, who[win], "winner = lowest bid, earliest commit");
        assertEq(s.bestPrice, bids[win], "best price");
        assertEq(s.secondPrice, second, "second price");
        assertEq(s.clearingPrice(2_000), second, "clearing = second price");
    }

    function test_single_bid_clears_at_maxPrice() public pure {
        SealedBidAuction.State memory s;
        s.applyReveal(address(1), 5, 1, 0);
        assertEq(s.clearingPrice(100), 100, "maxPrice with one bid");
    }

    function testFuzz_dutch_price_is_linear_monotone_and_bounded(
        uint96 minPrice,
        uint96 maxPrice,
        uint32 ramp,
        uint32 t1,
        uint32 t2
    ) public pure {
        maxPrice = uint96(bound(maxPrice, 1, type(uint96).max));
        minPrice = uint96(bound(minPrice, 0, maxPrice));
        ramp = uint32(bound(ramp, 1, 1e6));
        uint256 start = 1_000;
        uint256 a = start + bound(t1, 0, 2e6);
        uint256 b = a + bound(t2, 0, 2e6);
        uint96 pa = DutchAuction.priceAt(minPrice, maxPrice, start, start + ramp, a);
        uint96 pb = DutchAuction.priceAt(minPrice, maxPrice, start, start + ramp, b);
        assertLe(pa, pb, "monotone");
        assertGe(pa, minPrice, "at least minPrice");
        assertLe(pb, maxPrice, "at most maxPrice");
        assertEq(DutchAuction.priceAt(minPrice, maxPrice, start, start + ramp, start), minPrice, "starts at minPrice");
        assertEq(DutchAuction.priceAt(minPrice, maxPrice, start, start + ramp, start + ramp), maxPrice, "ends at max");
    }

    /// @notice Random inserts (with the computed hint) and removes keep the list sorted, linked both
    /// ways and FIFO among equal prices.
    function testFuzz_orderbook_list_stays_sorted(uint96[10] memory prices, uint256 removeMask, bool descending)
        public
    {
        OrderbookHarness h = new OrderbookHarness();
        for (uint256 i; i < prices.length; ++i) {
            uint96 p = uint96(bound(prices[i], 1, 8));
            h.insert(uint64(i + 1), p, h.hint(p, descending), descending);
        }
        uint256 kept = prices.length;
        for (uint256 i; i < prices.length; ++i) {
            if ((removeMask >> i) & 1 == 1) {
                h.remove(uint64(i + 1));
                --kept;
            }
        }
        assertEq(h.length(), kept, "length tracks inserts and removes");
        uint64 cursor = h.head();
        uint64 prev;
        uint256 count;
        while (cursor != 0) {
            Orderbook.Node memory n = h.node(cursor);
            assertEq(n.prev, prev, "back link");
            if (prev != 0) {
                Orderbook.Node memory pn = h.node(prev);
                if (descending) assertGe(pn.price, n.price, "descending");
                else assertLe(pn.price, n.price, "ascending");
                if (pn.price == n.price) assertLt(prev, cursor, "FIFO among equal prices");
            }
            prev = cursor;
            cursor = n.next;
            ++count;
        }
        assertEq(count, kept, "every kept node reachable");
    }

    /// @notice A hint made stale by an order that landed first (F13) is walked from, backwards
    /// or forwards or from the head when it left the list, and the insert lands at the right place.
    function test_StaleHintIsWalkedFrom_F13() public {
        OrderbookHarness h = new OrderbookHarness();
        h.insert(1, 5, 0, false);
        h.insert(2, 7, 1, false);
        h.insert(3, 6, 2, false); // hint too far: walks back to 1
        assertEq(h.node(1).next, 3, "6 between 5 and 7");
        h.insert(4, 8, 0, false); // hint at the head: walks forward to 2
        assertEq(h.node(2).next, 4, "8 after 7");
        h.remove(2);
        h.insert(5, 7, 2, false); // hint left the list: walked from the head
        assertEq(h.node(3).next, 5, "7 after 6");
        assertEq(h.node(5).next, 4, "before 8");
    }

    /// @notice The walk is bounded: a hint far from the place reverts instead of walking on.
    function test_RevertWhen_hint_is_further_than_the_walk_bound() public {
        OrderbookHarness h = new OrderbookHarness();
        for (uint64 i = 1; i <= 20; ++i) {
            h.insert(i, uint96(i), i - 1, false);
        }
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidHint.selector, uint64(0)));
        h.insert(21, 21, 0, false);
        h.insert(21, 21, 20, false);
    }
}
