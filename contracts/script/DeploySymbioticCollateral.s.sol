// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SymbioticCollateral} from "./SymbioticCollateral.sol";

/// @dev The cheatcodes this script needs (forge-std is not available here).
interface CollateralScriptVm {
    function startBroadcast() external;
    function stopBroadcast() external;
    function readCallers() external view returns (uint256 callerMode, address msgSender, address txOrigin);
    function writeJson(string calldata json, string calldata path) external;
}

/// @title DeploySymbioticCollateral
/// @notice Only the Symbiotic collateral of Deploy.s.sol's `COLLATERAL=symbiotic` (the same SymbioticCollateral):
/// the core, a vault over an existing stake token, our burner and the stake source, the network limit opened and
/// one share of it for each given operator, with the broadcaster as owner and curator. `omkt devnet up
/// --collateral symbiotic` runs it and deploys the market over the stake source itself, so the devnet keeps one
/// way to deploy the market and Symbiotic keeps one way to be deployed.
/// Usage: forge script contracts/script/DeploySymbioticCollateral.s.sol --sig 'run(address,uint48,address[],string)'
///   TOKEN EPOCH '[OP1,OP2]' OUT.json --rpc-url $RPC --private-key $KEY --broadcast
contract DeploySymbioticCollateral is SymbioticCollateral {
    CollateralScriptVm private constant vm = CollateralScriptVm(address(uint160(uint256(keccak256("hevm cheat code")))));

    function run(address token, uint48 epochDuration, address[] calldata operators, string calldata out) external {
        vm.startBroadcast();
        (, address deployer,) = vm.readCallers();
        SymbioticDeployment memory d = _deploySymbioticCollateral(IERC20(token), deployer, epochDuration);
        _admitOperators(d, operators);
        vm.stopBroadcast();
        vm.writeJson(_serializeSymbiotic("symbiotic", d), out);
    }
}
