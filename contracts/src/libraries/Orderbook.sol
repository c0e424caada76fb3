// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProofMarket} from "../interfaces/IProofMarket.sol";

/// @title Orderbook
/// @notice Sorted doubly linked lists for the per-circuit order books: asks ascending by price
/// (cheapest first), open requests descending by maxPrice (highest first); equal prices keep
/// arrival order (price-time priority). Inserts take a caller-supplied hint, the node to insert
/// after, that is checked in O(1) instead of walking the list on-chain; a hint made stale by a
/// transaction that landed first is walked from, at most MAX_HINT_WALK steps (F13).
library Orderbook {
    /// @notice Most steps an insert walks from a stale hint before it gives up.
    uint256 internal constant MAX_HINT_WALK = 16;

    /// @notice One list entry. One slot.
    struct Node {
        uint96 price;
        uint64 prev;
        uint64 next;
        bool listed;
    }

    /// @notice A sorted list; node ids are ask ids or request ids (never 0).
    struct List {
        uint64 head;
        uint64 length;
        mapping(uint64 id => Node) nodes;
    }

    /// @notice Inserts `id` with `price` at its place, found from `hintPrev` (0 = the head).
    /// @dev The place is unique: every node before it ranks at least as well as `price` and the
    /// node after it ranks strictly worse, which puts a new order behind older ones at the same
    /// price. A correct hint costs O(1); a stale one (its node moved or left the book) is walked
    /// from, backwards or forwards, and reverts with `InvalidHint` beyond MAX_HINT_WALK steps.
    function insert(List storage self, uint64 id, uint96 price, uint64 hintPrev, bool descending) internal {
        uint64 prev = hintPrev;
        // A hint that left the book is walked from the head instead.
        if (prev != 0 && !self.nodes[prev].listed) prev = 0;
        uint64 next;
        for (uint256 steps;; ++steps) {
            if (steps > MAX_HINT_WALK) revert IProofMarket.InvalidHint(hintPrev);
            if (prev != 0 && !_staysAhead(self.nodes[prev].price, price, descending)) {
                prev = self.nodes[prev].prev;
                continue;
            }
            next = prev == 0 ? self.head : self.nodes[prev].next;
            if (next != 0 && _staysAhead(self.nodes[next].price, price, descending)) {
                prev = next;
                continue;
            }
            break;
        }
        self.nodes[id] = Node({price: price, prev: prev, next: next, listed: true});
        if (prev == 0) self.head = id;
        else self.nodes[prev].next = id;
        if (next != 0) self.nodes[next].prev = id;
        unchecked {
            ++self.length;
        }
    }

    /// @notice Unlinks `id`; a no-op when it is not listed.
    function remove(List storage self, uint64 id) internal {
        Node memory n = self.nodes[id];
        if (!n.listed) return;
        if (n.prev == 0) self.head = n.next;
        else self.nodes[n.prev].next = n.next;
        if (n.next != 0) self.nodes[n.next].prev = n.prev;
        delete self.nodes[id];
        unchecked {
            --self.length;
        }
    }

    /// @notice The node to pass as hint when inserting `price` (a linear walk: for eth_call only).
    function findHint(List storage self, uint96 price, bool descending) internal view returns (uint64 prev) {
        uint64 cursor = self.head;
        while (cursor != 0 && _staysAhead(self.nodes[cursor].price, price, descending)) {
            prev = cursor;
            cursor = self.nodes[cursor].next;
        }
    }

    /// @notice Whether an existing order at `existing` stays ahead of a new one at `incoming`.
    function _staysAhead(uint96 existing, uint96 incoming, bool descending) private pure returns (bool) {
        return descending ? existing >= incoming : existing <= incoming;
    }
}
