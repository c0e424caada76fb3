// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {console} from "./utils/console.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestParams} from "../src/types/RequestParams.sol";
import {SealedBidAuction} from "../src/libraries/SealedBidAuction.sol";

/// @notice The lifecycle's gas with the real CircuitRegistry verifier (three public inputs) and the
/// real RestakingVault. Each figure is the execution gas of one external call as forge measures it
/// (`vm.lastCallGas`: what `--gas-report` shows; no 21k intrinsic cost, no calldata cost).
/// The market runs one full warm-up round first, so figures are steady state: the circuit is
/// indexed, the provers have been paid before (the vault's per-token reward slots exist) and hold
/// claimable balances. scripts/bench-gas runs this and writes contracts/snapshots/gas.txt from the
/// `gas <action>: <n>` lines.
contract ProofMarketGasTest is MarketTestBase {
    function _report(string memory action) private view returns (uint256 used) {
        used = vm.lastCallGas().gasTotalUsed;
        console.log(string.concat("gas ", action, ":"), used);
    }

    /// @dev One sealed-bid round (bob and alice bid, alice wins and proves) and one Dutch round
    /// (bob locks and proves), on fixtures k and k + 1.
    function _round(uint256 k, bool measure) private {
        RequestParams memory p = _params(Mechanism.SealedBid, k);
        vm.prank(requester);
        uint256 id = market.submit{value: p.maxPrice}(p);
        if (measure) _report("submit");

        _commit(id, bob, 0.6 ether);
        bytes32 c = SealedBidAuction.commitmentOf(id, alice, 0.4 ether, _salt(alice, 0.4 ether));
        vm.deal(alice, alice.balance + MAX_PRICE);
        vm.prank(alice);
        market.commitBid{value: MAX_PRICE}(id, c);
        if (measure) _report("commit");

        _toRevealPhase(id);
        _reveal(id, bob, 0.6 ether);
        vm.prank(alice);
        market.revealBid(id, 0.4 ether, _salt(alice, 0.4 ether));
        if (measure) _report("reveal");

        _afterReveal(id);
        market.finalize(id);
        if (measure) _report("finalize");

        vm.prank(alice);
        market.fulfill(id, proofs[k], inputs[k]);
        if (measure) _report("fulfill");

        uint256 dutch = _submit(Mechanism.Dutch, k + 1);
        vm.prank(bob);
        market.lock(dutch);
        if (measure) _report("dutch-lock");
        _fulfill(dutch, bob, k + 1);
    }

    function test_gas_lifecycle() public {
        _round(0, false);
        _round(2, true);

        // slash incl. re-open (carol has a lock history from a fulfilled request)
        _fulfill(_assignedDutch(4, carol), carol, 4);
        uint256 late = _assignedDutch(5, carol);
        vm.warp(_req(late).proveBy + 1);
        vm.prank(keeper);
        market.slash(late);
        _report("slash");
    }

    function test_gas_fulfill_batch_of_8() public {
        _measureBatch(8);
    }

    function test_gas_fulfill_batch_of_32() public {
        _measureBatch(32);
    }

    /// @dev One fulfillBatch of n Dutch requests assigned to carol (a warm payee). There are 8 fixture
    /// proofs: request k carries fixture k % 8 (the same statement may be requested twice; the batch's
    /// random coefficients still differ per entry).
    function _measureBatch(uint256 n) private {
        // Enough free stake for n + 1 locks of COLLATERAL each.
        uint256 more = (n + 1) * COLLATERAL;
        stakeToken.mint(carol, more);
        vm.startPrank(carol);
        stakeToken.approve(address(vault), more);
        vault.deposit(carol, more);
        market.setCapacity(uint32(n + 1));
        vm.stopPrank();
        // Warm-up: carol has been paid before.
        _fulfill(_assignedDutch(0, carol), carol, 0);
        uint256[] memory ids = new uint256[](n);
        uint256[8][] memory ps = new uint256[8][](n);
        uint256[][] memory xs = new uint256[][](n);
        for (uint256 k; k < n; ++k) {
            ids[k] = _assignedDutch(k % proofs.length, carol);
            ps[k] = proofs[k % proofs.length];
            xs[k] = inputs[k % proofs.length];
        }
        vm.prank(carol);
        market.fulfillBatch(ids, ps, xs);
        uint256 used = vm.lastCallGas().gasTotalUsed;
        console.log(string.concat("gas fulfill-batch", vm.toString(n), "-per-proof:"), used / n);
    }
}
