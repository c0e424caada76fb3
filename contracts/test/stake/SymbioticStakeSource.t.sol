// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {INetworkRegistry} from "@symbioticfi/core/src/interfaces/INetworkRegistry.sol";
import {INetworkMiddlewareService} from "@symbioticfi/core/src/interfaces/service/INetworkMiddlewareService.sol";
import {IOptInService} from "@symbioticfi/core/src/interfaces/service/IOptInService.sol";
import {IBaseDelegator} from "@symbioticfi/core/src/interfaces/delegator/IBaseDelegator.sol";
import {IOperatorSpecificDelegator} from "@symbioticfi/core/src/interfaces/delegator/IOperatorSpecificDelegator.sol";
import {IVault} from "@symbioticfi/core/src/interfaces/vault/IVault.sol";
import {SymbioticMarketBase} from "./SymbioticMarketBase.sol";
import {ISymbioticStakeSource} from "../../src/interfaces/ISymbioticStakeSource.sol";
import {ISymbioticSlashBurner} from "../../src/interfaces/ISymbioticSlashBurner.sol";
import {SymbioticStakeSource} from "../../src/stake/SymbioticStakeSource.sol";
import {SymbioticSlashBurner} from "../../src/stake/SymbioticSlashBurner.sol";

/// @notice The stake source and its burner on their own: wiring checks, access control, the capture
/// rule inside one block, and collateral that other networks slash from the same vault.
contract SymbioticStakeSourceTest is SymbioticMarketBase {
    address internal slasherEoa = makeAddr("slasherEoa");

    function setUp() public override {
        super.setUp();
        vm.prank(owner);
        source.setSlasher(slasherEoa, true);
    }

    function _vaultWith(uint64 delegatorType, uint64 slasherType) internal returns (IVault, SymbioticSlashBurner) {
        SymbioticSlashBurner b = new SymbioticSlashBurner(IERC20(address(stakeToken)));
        VaultSetup memory v = _createVault(core, address(stakeToken), address(b), EPOCH, curator, delegatorType, slasherType);
        return (IVault(v.vault), b);
    }

    function test_the_source_is_the_markets_network_and_middleware() public view {
        assertTrue(INetworkRegistry(core.networkRegistry).isEntity(address(source)), "registered network");
        assertEq(
            INetworkMiddlewareService(core.networkMiddlewareService).middleware(address(source)),
            address(source),
            "its own middleware"
        );
        assertEq(IBaseDelegator(address(delegator)).maxNetworkLimit(subnetwork), type(uint256).max, "max limit set");
        assertEq(source.slashWindow(), EPOCH - 1, "an epoch from the capture");
        assertEq(source.withdrawalDelay(), EPOCH - 1, "the market caps lifetimes by the slash window");
    }

    function test_an_operator_specific_vault_backs_and_pays_its_one_operator() public {
        SymbioticSlashBurner b = new SymbioticSlashBurner(IERC20(address(stakeToken)));
        VaultSetup memory v = _createVault(
            core, address(stakeToken), address(b), EPOCH, curator, OPERATOR_SPECIFIC, INSTANT_SLASHER, op1
        );
        SymbioticStakeSource s = new SymbioticStakeSource(IVault(v.vault), b, 0, type(uint256).max, owner);
        b.bind(address(s));
        vm.prank(owner);
        s.setSlasher(slasherEoa, true);
        bytes32 sub = s.subnetwork();
        vm.prank(curator);
        IOperatorSpecificDelegator(v.delegator).setNetworkLimit(sub, 40 ether);
        vm.startPrank(op1);
        IOptInService(core.operatorNetworkOptIn).optIn(address(s));
        IOptInService(core.operatorVaultOptIn).optIn(v.vault);
        vm.stopPrank();
        stakeToken.mint(restakerA, 100 ether);
        vm.startPrank(restakerA);
        stakeToken.approve(v.vault, 100 ether);
        IVault(v.vault).deposit(restakerA, 100 ether);
        vm.stopPrank();
        skip(1);

        assertEq(s.freeStake(op1), 40 ether, "the curator's network limit");
        vm.prank(slasherEoa);
        s.lock(op1, 40 ether, bytes32(uint256(1)));
        skip(PROVING_WINDOW);
        vm.prank(slasherEoa);
        assertEq(s.slash(bytes32(uint256(1))), 40 ether, "slashed in full");
        assertEq(IVault(v.vault).totalStake(), 60 ether, "from the operator's own vault");
    }

    function test_RevertWhen_the_vault_uses_the_VetoSlasher() public {
        (IVault v, SymbioticSlashBurner b) = _vaultWith(NETWORK_RESTAKE, VETO_SLASHER);
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.UnsupportedSlasherType.selector, uint64(1)));
        new SymbioticStakeSource(v, b, 0, 1 ether, owner);
    }

    function test_RevertWhen_the_vault_uses_the_FullRestakeDelegator() public {
        (IVault v, SymbioticSlashBurner b) = _vaultWith(FULL_RESTAKE, INSTANT_SLASHER);
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.UnsupportedDelegatorType.selector, uint64(1)));
        new SymbioticStakeSource(v, b, 0, 1 ether, owner);
    }

    function test_RevertWhen_the_burner_is_not_the_vaults() public {
        SymbioticSlashBurner other = new SymbioticSlashBurner(IERC20(address(stakeToken)));
        (IVault v,) = _vaultWith(NETWORK_RESTAKE, INSTANT_SLASHER);
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.BurnerMismatch.selector, address(other)));
        new SymbioticStakeSource(v, other, 0, 1 ether, owner);
    }

    function test_RevertWhen_a_slasher_is_allowed_before_the_burner_is_bound() public {
        (IVault v, SymbioticSlashBurner b) = _vaultWith(NETWORK_RESTAKE, INSTANT_SLASHER);
        SymbioticStakeSource s = new SymbioticStakeSource(v, b, 0, 1 ether, owner);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.BurnerMismatch.selector, address(b)));
        s.setSlasher(address(market), true);
    }

    function test_RevertWhen_the_burner_is_bound_twice_or_by_a_stranger() public {
        vm.expectRevert(abi.encodeWithSelector(ISymbioticSlashBurner.AlreadyBound.selector, address(source)));
        burner.bind(keeper);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(ISymbioticSlashBurner.Unauthorized.selector, keeper));
        burner.bind(keeper);
    }

    function test_RevertWhen_a_stranger_locks_slashes_or_releases() public {
        vm.startPrank(keeper);
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.NotSlasher.selector, keeper));
        source.lock(op1, 1 ether, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.NotSlasher.selector, keeper));
        source.slash(bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(ISymbioticSlashBurner.Unauthorized.selector, keeper));
        burner.release(keeper, 1);
        vm.stopPrank();
    }

    function test_RevertWhen_a_lock_exceeds_free_stake_or_repeats_a_key() public {
        vm.startPrank(slasherEoa);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISymbioticStakeSource.InsufficientFreeStake.selector, op1, PER_OPERATOR + 1, PER_OPERATOR
            )
        );
        source.lock(op1, PER_OPERATOR + 1, bytes32(uint256(1)));
        source.lock(op1, 1 ether, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.LockExists.selector, bytes32(uint256(1))));
        source.lock(op2, 1 ether, bytes32(uint256(1)));
        vm.stopPrank();
    }

    function test_RevertWhen_another_slasher_unlocks_the_lock() public {
        vm.prank(slasherEoa);
        source.lock(op1, 1 ether, bytes32(uint256(7)));
        vm.prank(address(market));
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.UnknownLock.selector, address(market), bytes32(uint256(7))));
        source.unlock(bytes32(uint256(7)));
    }

    function test_a_withdrawal_in_the_lock_block_cannot_unback_it() public {
        vm.prank(slasherEoa);
        source.lock(op1, PER_OPERATOR, bytes32(uint256(1)));
        // Same block: everyone leaves. stakeAt(now) drops, the capture (now − 1) does not.
        uint256 aAll = vault.activeBalanceOf(restakerA);
        vm.prank(restakerA);
        vault.withdraw(restakerA, aAll);
        uint256 bAll = vault.activeBalanceOf(restakerB);
        vm.prank(restakerB);
        vault.withdraw(restakerB, bAll);
        skip(PROVING_WINDOW);
        vm.prank(slasherEoa);
        uint256 slashed = source.slash(bytes32(uint256(1)));
        assertEq(slashed, PER_OPERATOR, "the whole lock was still there");
        assertEq(stakeToken.balanceOf(slasherEoa), PER_OPERATOR, "and reached the slasher");
    }

    function test_a_slash_in_the_lock_block_cannot_be_locked_again() public {
        vm.startPrank(slasherEoa);
        source.lock(op1, PER_OPERATOR, bytes32(uint256(1)));
        skip(1);
        source.lock(op2, 1 ether, bytes32(uint256(9)));
        source.slash(bytes32(uint256(1)));
        // Same block as the slash: the freed lock must not count as free stake again.
        assertEq(source.freeStake(op1), 0, "the slashed stake is gone");
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.InsufficientFreeStake.selector, op1, 1, 0));
        source.lock(op1, 1, bytes32(uint256(2)));
        vm.stopPrank();
    }

    function test_collateral_other_networks_slash_is_burned_not_routed() public {
        // A second network on the same vault, slashing op1 itself.
        address otherNet = makeAddr("otherNet");
        vm.startPrank(otherNet);
        INetworkRegistry(core.networkRegistry).registerNetwork();
        INetworkMiddlewareService(core.networkMiddlewareService).setMiddleware(otherNet);
        IBaseDelegator(address(delegator)).setMaxNetworkLimit(0, type(uint256).max);
        vm.stopPrank();
        bytes32 otherSub = bytes32(uint256(uint160(otherNet)) << 96);
        vm.startPrank(curator);
        delegator.setNetworkLimit(otherSub, type(uint256).max);
        delegator.setOperatorNetworkShares(otherSub, op1, 1);
        vm.stopPrank();
        vm.prank(op1);
        IOptInService(core.operatorNetworkOptIn).optIn(otherNet);
        skip(1);

        vm.prank(slasherEoa);
        source.lock(op1, 10 ether, bytes32(uint256(1)));
        vm.prank(otherNet);
        slasher.slash(otherSub, op1, 30 ether, uint48(block.timestamp - 1), "");
        assertEq(stakeToken.balanceOf(address(burner)), 30 ether, "the other network's slash sits in the burner");

        skip(PROVING_WINDOW);
        vm.prank(slasherEoa);
        assertEq(source.slash(bytes32(uint256(1))), 10 ether, "our lock still lands in full");
        assertEq(stakeToken.balanceOf(address(burner)), 30 ether, "only our slash was routed");
        vm.prank(keeper);
        assertEq(burner.burn(), 30 ether, "burned");
        assertEq(stakeToken.balanceOf(burner.DEAD()), 30 ether, "to the dead address");
    }

    function test_token_payments_are_held_for_the_operator_to_claim() public {
        stakeToken.mint(slasherEoa, 3 ether);
        vm.startPrank(slasherEoa);
        stakeToken.approve(address(source), 3 ether);
        source.rewardOperator(op2, address(stakeToken), 3 ether);
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.RewardValueMismatch.selector, 1 ether, 0));
        source.rewardOperator(op2, address(0), 1 ether);
        vm.stopPrank();
        assertEq(source.claimableRewards(op2, address(stakeToken)), 3 ether, "credited");
        vm.prank(op2);
        source.claimRewards(address(stakeToken), keeper);
        assertEq(stakeToken.balanceOf(keeper), 3 ether, "paid to the operator's choice");
        vm.prank(op2);
        vm.expectRevert(abi.encodeWithSelector(ISymbioticStakeSource.NothingToClaim.selector, op2, address(stakeToken)));
        source.claimRewards(address(stakeToken), keeper);
    }

    function test_owner_controls_slashers_and_the_network_limit() public {
        vm.prank(keeper);
        vm.expectRevert();
        source.setSlasher(keeper, true);
        vm.prank(owner);
        source.setMaxNetworkLimit(50 ether);
        assertEq(IBaseDelegator(address(delegator)).maxNetworkLimit(subnetwork), 50 ether, "capped");
        skip(1);
        assertEq(source.allocatedStake(op1), uint256(50 ether) / 3, "the allocation follows the cap");
    }
}
