// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IBurner} from "@symbioticfi/core/src/interfaces/slasher/IBurner.sol";

/// @title ISymbioticSlashBurner
/// @notice The burner of a Symbiotic vault that serves the ProofMarket. Every slash of the vault pays
/// its collateral here. Collateral from the market's own slashes is handed on at once (same
/// transaction) by the bound SymbioticStakeSource to the market, which splits it; collateral that
/// other networks slashed from the same vault belongs to nobody here and anyone may burn it.
interface ISymbioticSlashBurner is IBurner {
    /// @notice The stake source was bound (once).
    event StakeSourceBound(address indexed stakeSource);
    /// @notice Slashed collateral was handed to `to` (the market) by the stake source.
    event SlashReleased(address indexed to, uint256 amount);
    /// @notice Collateral slashed by other networks was sent to the dead address.
    event Burned(uint256 amount);

    /// @notice The caller is not the account allowed to do this.
    error Unauthorized(address caller);
    /// @notice The stake source is already bound.
    error AlreadyBound(address stakeSource);
    /// @notice A zero address where an account is required.
    error ZeroAddress();

    /// @notice Binds the stake source allowed to release slashed collateral. Only the deployer, once:
    /// the vault needs the burner's address before the stake source (which needs the vault) exists.
    function bind(address stakeSource_) external;

    /// @notice Sends `amount` of the collateral to `to`. Only the bound stake source, right after a slash.
    function release(address to, uint256 amount) external;

    /// @notice Burns (sends to 0x…dEaD) all collateral held: what other networks slashed.
    function burn() external returns (uint256 amount);

    /// @notice The collateral token (the vault's).
    function collateral() external view returns (address);

    /// @notice The bound stake source (zero until `bind`).
    function stakeSource() external view returns (address);
}
