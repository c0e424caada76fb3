// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title SealedBidAuction
/// @notice Sealed-bid second-price reverse auction with commit-reveal, in O(1) state per request:
/// only the best bid and the second-best price are kept, never a list of bidders.
/// @dev The lowest revealed price wins and is paid the second-lowest revealed price, or the
/// request's maxPrice when it is the only valid bid; equal prices go to the earlier commit.
/// Reporting one's true cost is then a dominant strategy: the price paid never depends on one's
/// own bid, only on whether one wins.
///
/// Selective non-reveal: an attacker holding a low bid A and a high bid B of a second identity
/// can leave A hidden so that B wins at the next honest price h instead of A winning at B's
/// price b; the gain is h − b <= maxPrice − b < maxPrice. The market makes every commit post a bond
/// of `bidBondBps` of maxPrice (default 100%) that an unrevealed commit forfeits (burned, never paid to
/// the requester, whose own shills must cost it), so the attack loses at least b.
library SealedBidAuction {
    /// @notice The O(1) auction state of one request.
    struct State {
        address best;
        uint96 bestPrice;
        uint96 secondPrice;
        uint32 reveals;
    }

    /// @notice The commitment a bidder posts: binds request, bidder, price and a secret salt.
    function commitmentOf(uint256 id, address prover, uint96 price, bytes32 salt) internal pure returns (bytes32) {
        return keccak256(abi.encode(id, prover, price, salt));
    }

    /// @notice Whether a bid (price, seq) ranks before the current best (bestPrice, bestSeq):
    /// lower price first, then the earlier commit.
    function beats(uint96 price, uint32 seq, uint96 bestPrice, uint32 bestSeq) internal pure returns (bool) {
        return price < bestPrice || (price == bestPrice && seq < bestSeq);
    }

    /// @notice Folds one valid revealed bid into the state.
    /// @param bestSeq Commit order of the current best bid (only read on a price tie).
    /// @return isBest Whether the bid is now the best.
    function applyReveal(State memory s, address bidder, uint96 price, uint32 seq, uint32 bestSeq)
        internal
        pure
        returns (bool isBest)
    {
        if (s.reveals == 0) {
            isBest = true;
        } else if (beats(price, seq, s.bestPrice, bestSeq)) {
            // The old best is <= the old second price, so it becomes the second price.
            s.secondPrice = s.bestPrice;
            isBest = true;
        } else if (s.reveals == 1 || price < s.secondPrice) {
            s.secondPrice = price;
        }
        if (isBest) {
            s.best = bidder;
            s.bestPrice = price;
        }
        unchecked {
            ++s.reveals;
        }
    }

    /// @notice What the winner is paid: the second-lowest revealed price, or maxPrice if only one
    /// bid was revealed. Always within [bestPrice, maxPrice] because every bid is <= maxPrice.
    function clearingPrice(State memory s, uint96 maxPrice) internal pure returns (uint96) {
        return s.reveals >= 2 ? s.secondPrice : maxPrice;
    }
}
