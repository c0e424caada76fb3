// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Lifecycle of a proof request.
enum RequestStatus {
    /// No request under this id.
    None,
    /// Waiting for a prover (bidding, ramping, resting in the book or racing).
    Open,
    /// A prover is assigned, its collateral locked, the proving window running.
    Assigned,
    /// A verified proof was delivered and paid for. Terminal.
    Fulfilled,
    /// Nobody can serve it any more; escrow (and any rescue bounty) refunded. Terminal.
    Expired,
    /// Withdrawn by the requester before any bid was revealed; escrow refunded. Terminal.
    Cancelled
}
