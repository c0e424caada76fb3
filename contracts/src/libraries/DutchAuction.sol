// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title DutchAuction
/// @notice Reverse Dutch auction: the price offered to provers rises linearly from `minPrice`
/// at `start` to `maxPrice` at `end`, then stays there; the first eligible prover to lock is
/// assigned at the price of that moment.
library DutchAuction {
    /// @notice The offered price at time `t`; never below minPrice nor above maxPrice.
    function priceAt(uint96 minPrice, uint96 maxPrice, uint256 start, uint256 end, uint256 t)
        internal
        pure
        returns (uint96)
    {
        if (t <= start || minPrice >= maxPrice) return minPrice >= maxPrice ? maxPrice : minPrice;
        if (t >= end) return maxPrice;
        // (max − min) < 2^96 and (t − start) < 2^32, so the product cannot overflow.
        unchecked {
            return uint96(minPrice + (uint256(maxPrice - minPrice) * (t - start)) / (end - start));
        }
    }
}
