// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestStakeToken
/// @notice A freely mintable 18-decimal ERC-20 standing in for restaked ETH (WETH, an LST or an LRT) on a
/// devnet and in tests. Anyone may mint: it has no value and must never be deployed to a real network.
contract TestStakeToken is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Mints `amount` to `to`. Open to everyone, like a faucet.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
