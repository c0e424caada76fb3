// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A prover's standing offer to prove any request of one circuit at `price` (kept in the
/// circuit's sorted ask list) until it expires or is cancelled. One storage slot; the price lives
/// in the list node.
struct Ask {
    /// The prover that placed the ask (receives the assignments).
    address prover;
    /// Market-internal index of the circuit (see `IProofMarket.circuitIndexOf`).
    uint32 circuitIndex;
    /// Unix time after which the ask no longer matches.
    uint32 expiry;
}

/// @notice Liveness of an `Ask`.
library AskLib {
    /// @notice Whether the ask exists and has not expired at `nowTs`.
    function isLive(Ask memory self, uint256 nowTs) internal pure returns (bool) {
        return self.prover != address(0) && nowTs <= self.expiry;
    }
}

using AskLib for Ask global;
