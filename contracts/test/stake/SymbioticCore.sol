// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IFactory} from "@symbioticfi/core/src/interfaces/common/IFactory.sol";
import {IMigratablesFactory} from "@symbioticfi/core/src/interfaces/common/IMigratablesFactory.sol";
import {IVaultConfigurator} from "@symbioticfi/core/src/interfaces/IVaultConfigurator.sol";
import {IVault} from "@symbioticfi/core/src/interfaces/vault/IVault.sol";
import {IBaseDelegator} from "@symbioticfi/core/src/interfaces/delegator/IBaseDelegator.sol";
import {INetworkRestakeDelegator} from "@symbioticfi/core/src/interfaces/delegator/INetworkRestakeDelegator.sol";
import {IFullRestakeDelegator} from "@symbioticfi/core/src/interfaces/delegator/IFullRestakeDelegator.sol";
import {IOperatorSpecificDelegator} from "@symbioticfi/core/src/interfaces/delegator/IOperatorSpecificDelegator.sol";
import {IBaseSlasher} from "@symbioticfi/core/src/interfaces/slasher/IBaseSlasher.sol";
import {ISlasher} from "@symbioticfi/core/src/interfaces/slasher/ISlasher.sol";
import {IVetoSlasher} from "@symbioticfi/core/src/interfaces/slasher/IVetoSlasher.sol";

/// @dev forge's artefact cheatcode (not in this project's Vm subset).
interface ArtifactVm {
    function deployCode(string calldata artifactPath, bytes calldata constructorArgs) external returns (address);
}

/// @title SymbioticCore
/// @notice Deploys the real Symbiotic core (npm @symbioticfi/core 1.0.3, compiled with solc 0.8.25 by the
/// `symbiotic` forge profile into out-symbiotic/) the way Symbiotic's DeployCore script does: factories,
/// registries, metadata and opt-in services, every vault/delegator/slasher implementation whitelisted,
/// and the VaultConfigurator. Then creates vaults through the configurator, as a curator would.
abstract contract SymbioticCore {
    ArtifactVm private constant ARTIFACTS = ArtifactVm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Delegator types in the DelegatorFactory, slasher types in the SlasherFactory.
    uint64 internal constant NETWORK_RESTAKE = 0;
    uint64 internal constant FULL_RESTAKE = 1;
    uint64 internal constant OPERATOR_SPECIFIC = 2;
    uint64 internal constant INSTANT_SLASHER = 0;
    uint64 internal constant VETO_SLASHER = 1;

    struct Core {
        address vaultFactory;
        address delegatorFactory;
        address slasherFactory;
        address networkRegistry;
        address operatorRegistry;
        address networkMiddlewareService;
        address operatorVaultOptIn;
        address operatorNetworkOptIn;
        address vaultConfigurator;
    }

    struct VaultSetup {
        address vault;
        address delegator;
        address slasher;
    }

    function _artifact(string memory name) private pure returns (string memory) {
        return string.concat("out-symbiotic/", name, ".sol/", name, ".json");
    }

    function _deploy(string memory name, bytes memory args) private returns (address) {
        return ARTIFACTS.deployCode(_artifact(name), args);
    }

    /// @notice The core; `me` owns the factories and must be the caller of their `whitelist` (this contract
    /// in a test, the broadcasting deployer in a script).
    function _deploySymbioticCore(address me) internal returns (Core memory c) {
        c.vaultFactory = _deploy("VaultFactory", abi.encode(me));
        c.delegatorFactory = _deploy("DelegatorFactory", abi.encode(me));
        c.slasherFactory = _deploy("SlasherFactory", abi.encode(me));
        c.networkRegistry = _deploy("NetworkRegistry", "");
        c.operatorRegistry = _deploy("OperatorRegistry", "");
        c.networkMiddlewareService = _deploy("NetworkMiddlewareService", abi.encode(c.networkRegistry));
        c.operatorVaultOptIn =
            _deploy("OptInService", abi.encode(c.operatorRegistry, c.vaultFactory, "OperatorVaultOptInService"));
        c.operatorNetworkOptIn =
            _deploy("OptInService", abi.encode(c.operatorRegistry, c.networkRegistry, "OperatorNetworkOptInService"));

        IMigratablesFactory(c.vaultFactory)
            .whitelist(_deploy("Vault", abi.encode(c.delegatorFactory, c.slasherFactory, c.vaultFactory)));
        bytes memory delegatorArgs = abi.encode(
            c.networkRegistry, c.vaultFactory, c.operatorVaultOptIn, c.operatorNetworkOptIn, c.delegatorFactory
        );
        // Implementations take their own type (the factory's next index) as the last argument.
        IFactory(c.delegatorFactory)
            .whitelist(_deploy("NetworkRestakeDelegator", abi.encodePacked(delegatorArgs, uint256(NETWORK_RESTAKE))));
        IFactory(c.delegatorFactory)
            .whitelist(_deploy("FullRestakeDelegator", abi.encodePacked(delegatorArgs, uint256(FULL_RESTAKE))));
        IFactory(c.delegatorFactory)
            .whitelist(
                _deploy(
                    "OperatorSpecificDelegator",
                    abi.encodePacked(abi.encode(c.operatorRegistry), delegatorArgs, uint256(OPERATOR_SPECIFIC))
                )
            );
        IFactory(c.slasherFactory)
            .whitelist(
                _deploy(
                    "Slasher",
                    abi.encode(c.vaultFactory, c.networkMiddlewareService, c.slasherFactory, INSTANT_SLASHER)
                )
            );
        IFactory(c.slasherFactory)
            .whitelist(
                _deploy(
                    "VetoSlasher",
                    abi.encode(
                        c.vaultFactory, c.networkMiddlewareService, c.networkRegistry, c.slasherFactory, VETO_SLASHER
                    )
                )
            );
        c.vaultConfigurator =
            _deploy("VaultConfigurator", abi.encode(c.vaultFactory, c.delegatorFactory, c.slasherFactory));
    }

    /// @notice A vault over `collateral` paying slashes to `burner`, curated by `curator` (every role), with a
    /// delegator of `delegatorType` and a slasher of `slasherType` (VetoSlasher: 1-hour veto window).
    function _createVault(
        Core memory c,
        address collateral,
        address burner,
        uint48 epochDuration,
        address curator,
        uint64 delegatorType,
        uint64 slasherType
    ) internal returns (VaultSetup memory) {
        return _createVault(c, collateral, burner, epochDuration, curator, delegatorType, slasherType, address(0));
    }

    /// @notice The same, naming the one operator of an OperatorSpecificDelegator.
    function _createVault(
        Core memory c,
        address collateral,
        address burner,
        uint48 epochDuration,
        address curator,
        uint64 delegatorType,
        uint64 slasherType,
        address operator
    ) internal returns (VaultSetup memory v) {
        IVault.InitParams memory vaultParams = IVault.InitParams({
            collateral: collateral,
            burner: burner,
            epochDuration: epochDuration,
            depositWhitelist: false,
            isDepositLimit: false,
            depositLimit: 0,
            defaultAdminRoleHolder: curator,
            depositWhitelistSetRoleHolder: curator,
            depositorWhitelistRoleHolder: curator,
            isDepositLimitSetRoleHolder: curator,
            depositLimitSetRoleHolder: curator
        });
        address[] memory holders = new address[](1);
        holders[0] = curator;
        IBaseDelegator.BaseParams memory base =
            IBaseDelegator.BaseParams({defaultAdminRoleHolder: curator, hook: address(0), hookSetRoleHolder: curator});
        bytes memory delegatorParams;
        if (delegatorType == NETWORK_RESTAKE) {
            delegatorParams = abi.encode(
                INetworkRestakeDelegator.InitParams({
                    baseParams: base, networkLimitSetRoleHolders: holders, operatorNetworkSharesSetRoleHolders: holders
                })
            );
        } else if (delegatorType == FULL_RESTAKE) {
            delegatorParams = abi.encode(
                IFullRestakeDelegator.InitParams({
                    baseParams: base, networkLimitSetRoleHolders: holders, operatorNetworkLimitSetRoleHolders: holders
                })
            );
        } else {
            delegatorParams = abi.encode(
                IOperatorSpecificDelegator.InitParams({
                    baseParams: base, networkLimitSetRoleHolders: holders, operator: operator
                })
            );
        }
        IBaseSlasher.BaseParams memory slasherBase = IBaseSlasher.BaseParams({isBurnerHook: true});
        bytes memory slasherParams = slasherType == INSTANT_SLASHER
            ? abi.encode(ISlasher.InitParams({baseParams: slasherBase}))
            : abi.encode(
                IVetoSlasher.InitParams({baseParams: slasherBase, vetoDuration: 1 hours, resolverSetEpochsDelay: 3})
            );
        (v.vault, v.delegator, v.slasher) = IVaultConfigurator(c.vaultConfigurator)
            .create(
                IVaultConfigurator.InitParams({
                    version: 1,
                    owner: curator,
                    vaultParams: abi.encode(vaultParams),
                    delegatorIndex: delegatorType,
                    delegatorParams: delegatorParams,
                    withSlasher: true,
                    slasherIndex: slasherType,
                    slasherParams: slasherParams
                })
            );
    }
}
