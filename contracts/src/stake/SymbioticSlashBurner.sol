// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ISymbioticSlashBurner} from "../interfaces/ISymbioticSlashBurner.sol";

/// @title SymbioticSlashBurner
/// @notice Burner for a Symbiotic vault that serves the ProofMarket (see ISymbioticSlashBurner).
/// @dev The stake source measures this contract's balance around each slash and releases exactly what
/// arrived, in the same transaction, so `burn` can never take collateral that belongs to the market.
contract SymbioticSlashBurner is ISymbioticSlashBurner {
    using SafeERC20 for IERC20;

    /// @notice Where burned collateral goes (no one holds its key).
    address public constant DEAD = 0x000000000000000000000000000000000000dEaD;

    IERC20 private immutable _collateral;
    address private immutable _deployer;
    address private _stakeSource;

    constructor(IERC20 collateral_) {
        if (address(collateral_) == address(0)) revert ZeroAddress();
        _collateral = collateral_;
        _deployer = msg.sender;
    }

    /// @inheritdoc ISymbioticSlashBurner
    function bind(address stakeSource_) external {
        if (msg.sender != _deployer) revert Unauthorized(msg.sender);
        if (_stakeSource != address(0)) revert AlreadyBound(_stakeSource);
        if (stakeSource_ == address(0)) revert ZeroAddress();
        _stakeSource = stakeSource_;
        emit StakeSourceBound(stakeSource_);
    }

    /// @inheritdoc ISymbioticSlashBurner
    function release(address to, uint256 amount) external {
        if (msg.sender != _stakeSource) revert Unauthorized(msg.sender);
        emit SlashReleased(to, amount);
        _collateral.safeTransfer(to, amount);
    }

    /// @inheritdoc ISymbioticSlashBurner
    function burn() external returns (uint256 amount) {
        amount = _collateral.balanceOf(address(this));
        if (amount == 0) return 0;
        emit Burned(amount);
        _collateral.safeTransfer(DEAD, amount);
    }

    /// @notice Symbiotic's burner hook (called when the vault's slasher has `isBurnerHook` set). Nothing to
    /// do: the stake source routes the market's slashes itself and the rest waits for `burn`.
    function onSlash(bytes32, address, uint256, uint48) external pure {}

    /// @inheritdoc ISymbioticSlashBurner
    function collateral() external view returns (address) {
        return address(_collateral);
    }

    /// @inheritdoc ISymbioticSlashBurner
    function stakeSource() external view returns (address) {
        return _stakeSource;
    }
}
