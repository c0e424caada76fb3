// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {INetworkRestakeDelegator} from "@symbioticfi/core/src/interfaces/delegator/INetworkRestakeDelegator.sol";
import {IVault} from "@symbioticfi/core/src/interfaces/vault/IVault.sol";
import {SymbioticCore} from "../test/stake/SymbioticCore.sol";
import {SymbioticStakeSource} from "../src/stake/SymbioticStakeSource.sol";
import {SymbioticSlashBurner} from "../src/stake/SymbioticSlashBurner.sol";

/// @dev forge's JSON cheatcode (forge-std is not available here).
interface SerializeVm {
    function serializeAddress(string calldata objectKey, string calldata valueKey, address value)
        external
        returns (string memory);
}

/// @title SymbioticCollateral
/// @notice The `COLLATERAL=symbiotic` part of Deploy.s.sol for a devnet: Symbiotic's core from its
/// artefacts (out-symbiotic/, built by scripts/setup), a vault over the stake token (NetworkRestakeDelegator,
/// instant Slasher) with our burner, the SymbioticStakeSource as the market's network and middleware, and
/// the network limit opened by the deployer as the vault's curator. Operators then join themselves
/// (register, opt into network and vault) and the curator gives each a share of the network limit.
abstract contract SymbioticCollateral is SymbioticCore {
    SerializeVm private constant JSON = SerializeVm(address(uint160(uint256(keccak256("hevm cheat code")))));

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

    /// @notice The curator's share of the network limit for each of `operators` (one share each, so the vault's
    /// stake is split evenly among them): what a curator does for every operator it admits.
    function _admitOperators(SymbioticDeployment memory d, address[] memory operators) internal {
        for (uint256 i; i < operators.length; ++i) {
            INetworkRestakeDelegator(d.delegator).setOperatorNetworkShares(d.source.subnetwork(), operators[i], 1);
        }
    }

    /// @notice Adds the Symbiotic addresses to the JSON object `key` under "symbiotic*" keys (the addresses file
    /// that Deploy.s.sol and DeploySymbioticCollateral.s.sol write; the indexer and `omkt` read these keys).
    /// @return json The object so far.
    function _serializeSymbiotic(string memory key, SymbioticDeployment memory s) internal returns (string memory json) {
        // Its own key as well: the indexer maps keys to contracts, and "stakeSource" may be either kind.
        JSON.serializeAddress(key, "symbioticStakeSource", address(s.source));
        JSON.serializeAddress(key, "symbioticVault", s.vault);
        JSON.serializeAddress(key, "symbioticDelegator", s.delegator);
        JSON.serializeAddress(key, "symbioticSlasher", s.slasher);
        JSON.serializeAddress(key, "symbioticBurner", s.burner);
        JSON.serializeAddress(key, "symbioticOperatorRegistry", s.core.operatorRegistry);
        JSON.serializeAddress(key, "symbioticNetworkOptIn", s.core.operatorNetworkOptIn);
        JSON.serializeAddress(key, "symbioticVaultOptIn", s.core.operatorVaultOptIn);
        json = JSON.serializeAddress(key, "symbioticVaultFactory", s.core.vaultFactory);
    }
}
