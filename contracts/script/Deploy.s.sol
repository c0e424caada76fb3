// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TestStakeToken} from "../src/examples/TestStakeToken.sol";
import {RestakingVault} from "../src/RestakingVault.sol";
import {CircuitRegistry} from "../src/CircuitRegistry.sol";
import {ProofMarket} from "../src/ProofMarket.sol";
import {deployMarket} from "./DeployMarket.sol";
import {ExampleRollup} from "../src/examples/ExampleRollup.sol";
import {IGroth16Verifier} from "../src/interfaces/IGroth16Verifier.sol";
import {IStakeSource} from "../src/interfaces/IStakeSource.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {Groth16Fixtures} from "../test/utils/Groth16Fixtures.sol";
import {SymbioticCollateral} from "./SymbioticCollateral.sol";

/// @dev The cheatcodes a deployment script needs (forge-std is not available here).
interface ScriptVm {
    function envOr(string calldata name, string calldata defaultValue) external view returns (string memory);
    function envOr(string calldata name, address defaultValue) external view returns (address);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256);
    function startBroadcast() external;
    function readCallers() external view returns (uint256 callerMode, address msgSender, address txOrigin);
    function stopBroadcast() external;
    function serializeAddress(string calldata objectKey, string calldata valueKey, address value)
        external
        returns (string memory);
    function serializeBytes32(string calldata objectKey, string calldata valueKey, bytes32 value)
        external
        returns (string memory);
    function serializeUint(string calldata objectKey, string calldata valueKey, uint256 value)
        external
        returns (string memory);
    function writeJson(string calldata json, string calldata path) external;
    function createDir(string calldata path, bool recursive) external;
}

/// @title Deploy
/// @notice Deploys the whole system to a devnet (anvil) or any chain:
///   TestStakeToken -> RestakingVault -> CircuitRegistry (+ the rollup circuit from the snarkjs
///   fixtures) -> ProofMarket (authorised as the vault's slasher) -> ExampleRollup,
/// then writes every address to a JSON file.
/// Usage: forge script contracts/script/Deploy.s.sol --rpc-url $RPC --private-key $KEY --broadcast
/// Environment (all optional): DEPLOY_OUT (default .devnet/addresses.json), TREASURY and
/// SEQUENCER (default: the deployer), WITHDRAWAL_DELAY (default 7 days), COMMISSION_DELAY
/// (default 1 day), GENESIS_ROOT (default 1, the old root of fixture proof 0).
/// COLLATERAL=symbiotic puts the stake in a Symbiotic vault instead of the RestakingVault (see
/// SymbioticCollateral; SYMBIOTIC_EPOCH, default 7 days, is the vault's epoch).
contract Deploy is SymbioticCollateral {
    ScriptVm private constant vm = ScriptVm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Everything the script deployed.
    struct Deployment {
        address stakeToken;
        /// @dev The RestakingVault (zero with Symbiotic collateral).
        address vault;
        /// @dev What the market locks and slashes: the RestakingVault or the SymbioticStakeSource.
        address stakeSource;
        address registry;
        address market;
        address rollup;
        bytes32 rollupCircuitId;
    }

    function run() external returns (Deployment memory d) {
        string memory out = vm.envOr("DEPLOY_OUT", string(".devnet/addresses.json"));
        vm.startBroadcast();
        // The broadcasting account (the --private-key sender in a script run, forge's default sender in a
        // test), which owns what it deploys and makes the owner-only calls.
        (, address deployer,) = vm.readCallers();
        d = _deploy(deployer);
        vm.stopBroadcast();
        _write(d, out);
    }

    function _deploy(address deployer) private returns (Deployment memory d) {
        TestStakeToken token = new TestStakeToken("Restaked ETH", "rsETH");
        bool symbiotic = keccak256(bytes(vm.envOr("COLLATERAL", string("vault")))) == keccak256("symbiotic");
        RestakingVault vault;
        SymbioticDeployment memory sym;
        if (symbiotic) {
            sym = _deploySymbioticCollateral(
                IERC20(address(token)), deployer, uint48(vm.envOr("SYMBIOTIC_EPOCH", uint256(7 days)))
            );
        } else {
            vault = new RestakingVault(
                IERC20(address(token)),
                uint64(vm.envOr("WITHDRAWAL_DELAY", uint256(7 days))),
                uint64(vm.envOr("COMMISSION_DELAY", uint256(1 days))),
                deployer
            );
        }
        IStakeSource stakeSource = symbiotic ? IStakeSource(address(sym.source)) : IStakeSource(address(vault));
        CircuitRegistry registry = new CircuitRegistry();
        bytes32 circuitId = registry.registerCircuit(Groth16Fixtures.verifyingKey(), Groth16Fixtures.metadata());
        ProofMarket market = deployMarket(
            IGroth16Verifier(address(registry)), stakeSource, deployer, vm.envOr("TREASURY", deployer)
        );
        if (symbiotic) sym.source.setSlasher(address(market), true);
        else vault.setSlasher(address(market), true);
        ExampleRollup rollup = new ExampleRollup(
            IProofMarket(address(market)), circuitId, vm.envOr("SEQUENCER", deployer), vm.envOr("GENESIS_ROOT", uint256(1))
        );
        if (symbiotic) _serializeSymbiotic("deployment", sym);
        d = Deployment({
            stakeToken: address(token),
            vault: address(vault),
            stakeSource: address(stakeSource),
            registry: address(registry),
            market: address(market),
            rollup: address(rollup),
            rollupCircuitId: circuitId
        });
    }

    function _write(Deployment memory d, string memory out) private {
        string memory key = "deployment";
        vm.serializeAddress(key, "stakeToken", d.stakeToken);
        if (d.vault != address(0)) vm.serializeAddress(key, "restakingVault", d.vault);
        vm.serializeAddress(key, "stakeSource", d.stakeSource);
        vm.serializeAddress(key, "circuitRegistry", d.registry);
        vm.serializeAddress(key, "proofMarket", d.market);
        vm.serializeAddress(key, "exampleRollup", d.rollup);
        vm.serializeBytes32(key, "rollupCircuitId", d.rollupCircuitId);
        vm.serializeUint(key, "chainId", block.chainid);
        string memory json = vm.serializeUint(key, "deployedAtBlock", block.number);
        string memory dir = _dirname(out);
        if (bytes(dir).length != 0) vm.createDir(dir, true);
        vm.writeJson(json, out);
    }

    /// @dev Everything before the last '/', or "" when there is none.
    function _dirname(string memory path) private pure returns (string memory) {
        bytes memory b = bytes(path);
        uint256 cut;
        for (uint256 i; i < b.length; ++i) {
            if (b[i] == "/") cut = i;
        }
        if (cut == 0) return "";
        bytes memory dir = new bytes(cut);
        for (uint256 i; i < cut; ++i) {
            dir[i] = b[i];
        }
        return string(dir);
    }
}
