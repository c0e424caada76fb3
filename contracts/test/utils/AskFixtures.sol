// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AskTerms} from "../../src/types/Ask.sol";

/// @notice Ask terms for tests: an ETH ask with generous bounds (any proving window, the market's
/// callback gas cap, no acceptance window) that callers narrow where a test is about the bounds.
library AskFixtures {
    function terms(bytes32 circuitId, uint96 price, uint32 expiry, uint96 maxCollateral)
        internal
        pure
        returns (AskTerms memory t)
    {
        t.circuitId = circuitId;
        t.price = price;
        t.expiry = expiry;
        t.maxCollateral = maxCollateral;
        t.minProvingWindow = 1;
        t.maxCallbackGas = 2_000_000;
    }
}
