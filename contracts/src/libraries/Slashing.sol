// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketParams} from "../types/MarketParams.sol";
import {SlashSplit} from "../types/SlashSplit.sol";

/// @title Slashing
/// @notice The slashing economy in one pure function. Collateral buys liveness; it must not pay
/// anyone for a prover's failure. So every share is capped by what its receiver lost or spent:
/// - the requester's compensation by `lossCap`, the price it agreed to pay for the proof (its
///   revealed lower bound of the proof's value to it; its escrow is refunded or re-used anyway);
/// - the rescue bounty by the same cap (the rescuer is paid for work, not for the failure);
/// - the keeper by the governance constant `keeperRewardCap` (a gas refund, not a prize);
/// and the rest is burned. A requester colluding with the operator therefore gains at most the
/// price, and a keeper at most its capped reward, however large the collateral.
library Slashing {
    uint256 internal constant BPS = 10_000;

    /// @param slashed What the stake source transferred to the market.
    /// @param p The parameters snapshotted for the request (never the current ones).
    /// @param lossCap The requester's loss in stake-token units (0 when it cannot be valued).
    function split(uint256 slashed, MarketParams memory p, uint256 lossCap) internal pure returns (SlashSplit memory s) {
        s.compensation = _min(slashed * p.slashRequesterBps / BPS, lossCap);
        s.bounty = _min(slashed * p.slashBountyBps / BPS, lossCap);
        s.keeper = _min(slashed * p.slashKeeperBps / BPS, p.keeperRewardCap);
        // validate() keeps the three bps shares <= 100%, so this never underflows.
        s.burned = slashed - s.compensation - s.bounty - s.keeper;
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
