// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {IOptInService} from "@symbioticfi/core/src/interfaces/service/IOptInService.sol";
import {IVault} from "@symbioticfi/core/src/interfaces/vault/IVault.sol";
import {Deploy} from "../../script/Deploy.s.sol";
import {ProofMarket} from "../../src/ProofMarket.sol";
import {SymbioticStakeSource} from "../../src/stake/SymbioticStakeSource.sol";
import {SymbioticSlashBurner} from "../../src/stake/SymbioticSlashBurner.sol";

interface EnvVm {
    function setEnv(string calldata name, string calldata value) external;
}

/// @notice Deploy.s.sol with COLLATERAL=symbiotic wires the market to a Symbiotic vault end to end.
contract DeploySymbioticTest is Test {
    function test_COLLATERAL_symbiotic_deploys_the_market_on_a_Symbiotic_vault() public {
        EnvVm(address(vm)).setEnv("COLLATERAL", "symbiotic");
        EnvVm(address(vm)).setEnv("SYMBIOTIC_EPOCH", "86400");
        EnvVm(address(vm)).setEnv("DEPLOY_OUT", ".build/test-deploy-symbiotic.json");
        Deploy script = new Deploy();
        Deploy.Deployment memory d = script.run();

        SymbioticStakeSource source = SymbioticStakeSource(d.stakeSource);
        assertEq(d.vault, address(0), "no RestakingVault");
        assertEq(address(ProofMarket(payable(d.market)).stakeSource()), d.stakeSource, "the market locks in Symbiotic");
        assertTrue(source.isSlasher(d.market), "the market may slash");
        assertEq(source.stakeToken(), d.stakeToken, "collateral is the stake token");
        assertEq(IVault(source.vault()).epochDuration(), 86_400, "SYMBIOTIC_EPOCH");
        assertEq(SymbioticSlashBurner(source.burner()).stakeSource(), d.stakeSource, "burner bound");
        assertEq(source.withdrawalDelay(), 86_399, "the slash window");
    }
}
