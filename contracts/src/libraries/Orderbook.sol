// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProofMarket} from "../interfaces/IProofMarket.sol";

/// @title Orderbook
/// @notice Sorted doubly linked lists for the per-circuit order books: asks ascending by price
/// (cheapest first), open requests descending by maxPrice (highest first); equal prices keep
/// arrival order (price-time priority). Inserts take a caller-supplied hint, the node to insert
/// after, that is checked in O(1) instead of walking the list on-chain.
library Orderbook {
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

    /// @notice Inserts `id` with `price` right after `hintPrev` (0 = at the head).
    /// @dev Reverts with `InvalidHint` unless every node before the position ranks at least as
    /// well as `price` and the node after it ranks strictly worse: that makes the position unique
    /// and puts a new order behind older ones at the same price.
    function insert(List storage self, uint64 id, uint96 price, uint64 hintPrev, bool descending) internal {
        uint64 next;
        if (hintPrev == 0) {
            next = self.head;
        } else {
            Node storage prev = self.nodes[hintPrev];
            if (!prev.listed || !_staysAhead(prev.price, price, descending)) revert IProofMarket.InvalidHint(hintPrev);
            next = prev.next;
        }
        if (next != 0 && _staysAhead(self.nodes[next].price, price, descending)) {
            revert IProofMarket.InvalidHint(hintPrev);
        }
        self.nodes[id] = Node({price: price, prev: hintPrev, next: next, listed: true});
        if (hintPrev == 0) self.head = id;
        else self.nodes[hintPrev].next = id;
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
