// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {INetworkRestakeDelegator} from "@symbioticfi/core/src/interfaces/delegator/INetworkRestakeDelegator.sol";
import {IVault} from "@symbioticfi/core/src/interfaces/vault/IVault.sol";
import {SymbioticCore} from "../test/stake/SymbioticCore.sol";
import {SymbioticStakeSource} from "../src/stake/SymbioticStakeSource.sol";
import {SymbioticSlashBurner} from "../src/stake/SymbioticSlashBurner.sol";

/// @title SymbioticCollateral
/// @notice The `COLLATERAL=symbiotic` part of Deploy.s.sol for a devnet: Symbiotic's core from its
/// artefacts (out-symbiotic/, built by scripts/setup), a vault over the stake token (NetworkRestakeDelegator,
/// instant Slasher) with our burner, the SymbioticStakeSource as the market's network and middleware, and
/// the network limit opened by the deployer as the vault's curator. Operators then join themselves
/// (register, opt into network and vault) and the curator gives each a share of the network limit.
abstract contract SymbioticCollateral is SymbioticCore {
    struct SymbioticDeployment {
        Core core;
        address vault;
        address delegator;
        address slasher;
        address burner;
        SymbioticStakeSource source;
    }

    function _deploySymbioticCollateral(IERC20 token, address deployer, uint48 epochDuration)
        internal
        returns (SymbioticDeployment memory d)
    {
        d.core = _deploySymbioticCore(deployer);
        SymbioticSlashBurner burner = new SymbioticSlashBurner(token);
        VaultSetup memory v = _createVault(
            d.core, address(token), address(burner), epochDuration, deployer, NETWORK_RESTAKE, INSTANT_SLASHER
        );
        d.source = new SymbioticStakeSource(IVault(v.vault), burner, 0, type(uint256).max, deployer);
        burner.bind(address(d.source));
        INetworkRestakeDelegator(v.delegator).setNetworkLimit(d.source.subnetwork(), type(uint256).max);
        (d.vault, d.delegator, d.slasher, d.burner) = (v.vault, v.delegator, v.slasher, address(burner));
    }
}
