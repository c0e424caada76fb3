// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice How a request finds its prover.
/// @dev Stored as one byte in `Request`; the numeric values are part of the ABI the indexer reads.
enum Mechanism {
    /// Sealed-bid second-price reverse auction with commit-reveal.
    SealedBid,
    /// Reverse Dutch auction: the offered price rises until a prover locks.
    Dutch,
    /// Matched against standing asks per circuit (price-time priority).
    Orderbook,
    /// No assignment: the earliest valid proof commitment is paid.
    Race
}
