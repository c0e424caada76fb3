// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Where a slashed amount (stake-source token) goes. The four shares sum to the slashed
/// amount; see `Slashing.split` for the caps.
struct SlashSplit {
    /// To the requester, never above what the failed assignment cost it (the assigned price).
    uint256 compensation;
    /// Kept on the request and paid to whoever fulfils it later; capped like the compensation.
    uint256 bounty;
    /// To the caller of `slash`, capped at `MarketParams.keeperRewardCap`.
    uint256 keeper;
    /// Burned: held by the market forever, claimable by nobody.
    uint256 burned;
}
