// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A prover's standing offer to prove requests of one circuit, paid in one token, at
/// `price` (kept in the (circuit, token) book's sorted ask list) until it expires or is cancelled,
/// and only on the terms it binds: a match outside `maxCollateral`, `minProvingWindow` or
/// `maxCallbackGas` cannot happen. Two storage slots; the price lives in the list node.
struct Ask {
    /// The prover that placed the ask (receives the assignments).
    address prover;
    /// Market-internal index of the circuit (see `IProofMarket.circuitIndexOf`).
    uint32 circuitIndex;
    /// Unix time after which the ask no longer matches.
    uint32 expiry;
    /// Market-internal index of the payment token (0 = ETH).
    uint16 tokenIndex;
    /// Most stake (stake-source token) a matched request may lock.
    uint96 maxCollateral;
    /// Shortest proving window a matched request may give.
    uint32 minProvingWindow;
    /// Most callback gas a matched request may ask the fulfiller to forward.
    uint32 maxCallbackGas;
    /// Seconds after a match during which the prover may `release` the assignment unslashed
    /// (it could not pre-flight a request matched inside someone else's transaction).
    uint32 acceptWindow;
}

/// @notice What a prover states when placing an ask (see `Ask`).
struct AskTerms {
    bytes32 circuitId;
    /// Payment token: address(0) for ETH or an allow-listed ERC-20.
    address token;
    uint96 price;
    uint32 expiry;
    uint96 maxCollateral;
    uint32 minProvingWindow;
    uint32 maxCallbackGas;
    uint32 acceptWindow;
}

/// @notice Liveness and bounds of an `Ask`.
library AskLib {
    /// @notice Whether the ask exists and has not expired at `nowTs`.
    function isLive(Ask memory self, uint256 nowTs) internal pure returns (bool) {
        return self.prover != address(0) && nowTs <= self.expiry;
    }

    /// @notice Whether a request with these terms lies inside the ask's bounds.
    function admits(Ask memory self, uint256 collateral, uint256 provingWindow, uint256 callbackGas)
        internal
        pure
        returns (bool)
    {
        return collateral <= self.maxCollateral && provingWindow >= self.minProvingWindow
            && callbackGas <= self.maxCallbackGas;
    }
}

using AskLib for Ask global;
