// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGroth16Verifier} from "../interfaces/IGroth16Verifier.sol";
import {IStakeSource} from "../interfaces/IStakeSource.sol";
import {ProofMarketBase} from "../ProofMarketBase.sol";

/// @title ProofMarketModule
/// @notice What every module of the ProofMarket shares: the market's storage (ProofMarketBase) and
/// the guard that its entry points only run through the market's DELEGATECALL.
abstract contract ProofMarketModule is ProofMarketBase {
    /// @notice This contract was called directly instead of through the market.
    error OnlyThroughMarket();

    /// @dev The module's own address: code running at it is a direct call, not a delegatecall.
    address private immutable _self;

    constructor(IGroth16Verifier verifier_, IStakeSource stake_) ProofMarketBase(verifier_, stake_, msg.sender) {
        _self = address(this);
    }

    /// @notice The verifier and stake source this module was built for (its immutables).
    function builtFor() external view returns (IGroth16Verifier, IStakeSource) {
        return (_verifier, _stake);
    }

    modifier onlyDelegated() {
        if (address(this) == _self) revert OnlyThroughMarket();
        _;
    }
}
