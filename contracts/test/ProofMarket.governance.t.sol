// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {MarketParams} from "../src/types/MarketParams.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {ProofMarketExtension} from "../src/ProofMarketExtension.sol";
import {ProofMarketModule} from "../src/modules/ProofMarketModule.sol";
import {SlashingModule} from "../src/modules/SlashingModule.sol";

/// @notice setParams / setTokenAllowed / pause / setCapacity / ownership.
contract ProofMarketGovernanceTest is MarketTestBase {
    function test_defaults_are_set_at_construction() public view {
        MarketParams memory mp = market.params();
        assertEq(mp.treasury, treasury, "treasury");
        assertEq(mp.feeBps, 0, "no fee by default");
        assertEq(mp.bidBondBps, 10_000, "bond = maxPrice");
        assertEq(mp.maxReopens, 2, "two re-opens");
    }

    function test_setParams_updates_and_emits() public {
        MarketParams memory mp = market.params();
        mp.feeBps = 100;
        mp.cooldown = 2 hours;
        vm.expectEmit(address(market));
        emit IProofMarket.ParamsUpdated(mp, 2);
        vm.prank(owner);
        market.setParams(mp);
        assertEq(market.params().feeBps, 100, "fee set");
    }

    function test_RevertWhen_setParams_fee_above_cap() public {
        MarketParams memory mp = market.params();
        mp.feeBps = 1_001;
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(IProofMarket.ParameterOutOfRange.selector, bytes32("feeBps"), 1_001, 0, 1_000)
        );
        market.setParams(mp);
    }

    function test_RevertWhen_setParams_slash_shares_exceed_100_percent() public {
        MarketParams memory mp = market.params();
        mp.slashRequesterBps = 9_000;
        mp.slashBountyBps = 1_000;
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProofMarket.ParameterOutOfRange.selector, bytes32("slashShares"), 10_500, 0, 10_000
            )
        );
        market.setParams(mp);
    }

    function test_RevertWhen_setParams_bond_below_minimum() public {
        MarketParams memory mp = market.params();
        mp.bidBondBps = 999;
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(IProofMarket.ParameterOutOfRange.selector, bytes32("bidBondBps"), 999, 10_000, 20_000)
        );
        market.setParams(mp);
    }

    function test_RevertWhen_setParams_zero_treasury() public {
        MarketParams memory mp = market.params();
        mp.treasury = address(0);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.ZeroAddress.selector, bytes32("treasury")));
        market.setParams(mp);
    }

    function test_RevertWhen_setParams_by_a_stranger() public {
        MarketParams memory mp = market.params();
        vm.prank(alice);
        vm.expectRevert();
        market.setParams(mp);
    }

    function test_setTokenAllowed_indexes_once_and_toggles() public {
        address token = address(stakeToken);
        vm.startPrank(owner);
        market.setTokenAllowed(token, true);
        market.setTokenAllowed(token, false);
        vm.expectEmit(address(market));
        emit IProofMarket.TokenAllowed(token, true, 1);
        market.setTokenAllowed(token, true);
        vm.stopPrank();
    }

    function test_RevertWhen_setTokenAllowed_for_ETH() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.ZeroAddress.selector, bytes32("token")));
        market.setTokenAllowed(address(0), true);
    }

    function test_pause_and_unpause() public {
        vm.prank(owner);
        market.pause();
        vm.prank(owner);
        market.unpause();
        _submit(Mechanism.Dutch, 0);
        assertEq(market.requestCount(), 1, "submits again after unpause");
    }

    function test_RevertWhen_pause_by_a_stranger() public {
        vm.prank(alice);
        vm.expectRevert();
        market.pause();
    }

    function test_ownership_moves_in_two_steps() public {
        vm.prank(owner);
        market.transferOwnership(alice);
        assertEq(market.owner(), owner, "still the old owner until accepted");
        vm.prank(alice);
        market.acceptOwnership();
        assertEq(market.owner(), alice, "accepted");
    }

    function test_RevertWhen_the_extension_is_called_directly() public {
        ProofMarketExtension ext = ProofMarketExtension(market.extension());
        vm.expectRevert(ProofMarketModule.OnlyThroughMarket.selector);
        ext.finalize(1);
        SlashingModule slashing = SlashingModule(market.slashingModule());
        vm.expectRevert(ProofMarketModule.OnlyThroughMarket.selector);
        slashing.cancel(1);
        vm.expectRevert(ProofMarketModule.OnlyThroughMarket.selector);
        slashing.setCapacity(3);
    }

    function test_market_and_extension_fit_the_code_size_limit() public view {
        assertLe(address(market).code.length, 24_576, "ProofMarket runtime within EIP-170");
        assertLe(market.extension().code.length, 24_576, "extension runtime within EIP-170");
        assertLe(market.slashingModule().code.length, 24_576, "slashing module runtime within EIP-170");
    }

    function test_setCapacity_declares_and_emits() public {
        vm.expectEmit(address(market));
        emit IProofMarket.CapacitySet(bob, 9);
        vm.prank(bob);
        market.setCapacity(9);
        assertEq(market.operatorState(bob).maxConcurrent, 9, "stored");
    }
}
