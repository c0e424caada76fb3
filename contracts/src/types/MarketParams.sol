// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProofMarket} from "../interfaces/IProofMarket.sol";

/// @notice Governance-set parameters of the market. Two slots; every field has a hard cap
/// enforced by `MarketParamsLib.validate` so that governance cannot confiscate escrow. Each
/// request records the version in force at its submission and is settled, slashed and re-opened
/// under that version only: a later change never applies to a job already on the market.
struct MarketParams {
    /// Receives the protocol fee (never any share of a slash).
    address treasury;
    /// Protocol fee on the clearing price, in basis points (cap `MAX_FEE_BPS`).
    uint16 feeBps;
    /// Sealed-bid bond per commit as a share of the request's maxPrice (basis points).
    uint16 bidBondBps;
    /// Share of a slash that compensates the requester (capped at the assigned price).
    uint16 slashRequesterBps;
    /// Share of a slash added to the request as a rescue bounty (capped at the assigned price).
    uint16 slashBountyBps;
    /// Share of a slash that pays the keeper who called `slash` (capped at `keeperRewardCap`).
    uint16 slashKeeperBps;
    /// How many times a request may be re-opened after slashes.
    uint8 maxReopens;
    /// Seconds a slashed operator cannot take new assignments.
    uint32 cooldown;
    /// Length of the Dutch ramp of a re-opened request, in seconds.
    uint32 reopenRamp;
    /// Most a keeper earns for one slash, in stake-token units. What no share takes is burned.
    uint96 keeperRewardCap;
}

/// @notice Caps, defaults and validation of `MarketParams`.
library MarketParamsLib {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_FEE_BPS = 1_000;
    /// The bond must be at least maxPrice: hiding a bid gains less than maxPrice (see
    /// SealedBidAuction), so only a full bond makes selective non-reveal a certain loss.
    uint256 internal constant MIN_BID_BOND_BPS = 10_000;
    uint256 internal constant MAX_BID_BOND_BPS = 20_000;
    uint256 internal constant MAX_KEEPER_BPS = 1_000;
    uint256 internal constant MAX_REOPENS = 8;
    uint256 internal constant MAX_COOLDOWN = 30 days;
    uint256 internal constant MAX_REOPEN_RAMP = 7 days;
    uint256 internal constant MAX_KEEPER_REWARD = 1 ether;

    /// @notice Defaults: no fee; a bid bond equal to maxPrice (a hidden bid forfeits at least as much
    /// as the most that hiding it can gain); slash split 50% requester and 30% bounty (each capped
    /// at the price), 5% keeper (capped at 0.01 stake tokens), the rest burned; one hour cooldown;
    /// two re-opens with a ten-minute ramp.
    function defaults(address treasury) internal pure returns (MarketParams memory) {
        return MarketParams({
            treasury: treasury,
            feeBps: 0,
            bidBondBps: 10_000,
            slashRequesterBps: 5_000,
            slashBountyBps: 3_000,
            slashKeeperBps: 500,
            maxReopens: 2,
            cooldown: 1 hours,
            reopenRamp: 10 minutes,
            keeperRewardCap: 0.01 ether
        });
    }

    /// @notice Reverts with `ParameterOutOfRange` naming the first field outside its cap.
    function validate(MarketParams memory self) internal pure {
        if (self.treasury == address(0)) revert IProofMarket.ZeroAddress("treasury");
        _check("feeBps", self.feeBps, 0, MAX_FEE_BPS);
        _check("bidBondBps", self.bidBondBps, MIN_BID_BOND_BPS, MAX_BID_BOND_BPS);
        _check("slashKeeperBps", self.slashKeeperBps, 0, MAX_KEEPER_BPS);
        _check(
            "slashShares",
            uint256(self.slashRequesterBps) + self.slashBountyBps + self.slashKeeperBps,
            0,
            BPS
        );
        _check("maxReopens", self.maxReopens, 0, MAX_REOPENS);
        _check("cooldown", self.cooldown, 0, MAX_COOLDOWN);
        _check("reopenRamp", self.reopenRamp, 1, MAX_REOPEN_RAMP);
        _check("keeperRewardCap", self.keeperRewardCap, 0, MAX_KEEPER_REWARD);
    }

    function _check(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert IProofMarket.ParameterOutOfRange(name, value, min, max);
    }
}

using MarketParamsLib for MarketParams global;
