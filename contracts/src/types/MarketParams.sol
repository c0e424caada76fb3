// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProofMarket} from "../interfaces/IProofMarket.sol";

/// @notice Governance-set parameters of the market. Two slots; every field has a hard cap
/// enforced by `MarketParamsLib.validate` so that governance cannot confiscate escrow.
struct MarketParams {
    /// Receives the protocol fee and the treasury share of slashes.
    address treasury;
    /// Protocol fee on the clearing price, in basis points (cap `MAX_FEE_BPS`).
    uint16 feeBps;
    /// Sealed-bid bond per commit as a share of the request's maxPrice (basis points).
    uint16 bidBondBps;
    /// Share of a slash that compensates the requester.
    uint16 slashRequesterBps;
    /// Share of a slash added to the request as a rescue bounty.
    uint16 slashBountyBps;
    /// Share of a slash that pays the keeper who called `slash`.
    uint16 slashKeeperBps;
    /// How many times a request may be re-opened after slashes.
    uint8 maxReopens;
    /// Seconds a slashed operator cannot take new assignments.
    uint32 cooldown;
    /// Length of the Dutch ramp of a re-opened request, in seconds.
    uint32 reopenRamp;
}

/// @notice Caps, defaults and validation of `MarketParams`.
library MarketParamsLib {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_FEE_BPS = 1_000;
    /// The bond must stay large enough to make selective non-reveal a loss (see SealedBidAuction).
    uint256 internal constant MIN_BID_BOND_BPS = 1_000;
    uint256 internal constant MAX_BID_BOND_BPS = 20_000;
    uint256 internal constant MAX_KEEPER_BPS = 1_000;
    uint256 internal constant MAX_REOPENS = 8;
    uint256 internal constant MAX_COOLDOWN = 30 days;
    uint256 internal constant MAX_REOPEN_RAMP = 7 days;

    /// @notice Defaults: no fee; a bid bond equal to maxPrice (a hidden bid forfeits at least as much
    /// as the most that hiding it can gain); slash split 50% requester, 30% bounty, 5% keeper,
    /// 15% treasury; one hour cooldown; two re-opens with a ten-minute ramp.
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
            reopenRamp: 10 minutes
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
    }

    function _check(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert IProofMarket.ParameterOutOfRange(name, value, min, max);
    }
}

using MarketParamsLib for MarketParams global;
