// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketTestBase} from "../utils/MarketTestBase.sol";
import {ProofMarketHandler} from "./ProofMarketHandler.sol";
import {Request} from "../../src/types/Request.sol";
import {Mechanism} from "../../src/types/Mechanism.sol";
import {RequestStatus} from "../../src/types/RequestStatus.sol";
import {IRestakingVault} from "../../src/interfaces/IRestakingVault.sol";

/// @notice Market-wide invariants over random action sequences driven by ProofMarketHandler,
/// against the real verifier and vault.
contract ProofMarketInvariantsTest is MarketTestBase {
    ProofMarketHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory reqs = new address[](2);
        reqs[0] = requester;
        reqs[1] = makeAddr("requester2");
        address[] memory ps = new address[](3);
        (ps[0], ps[1], ps[2]) = (alice, bob, carol);
        handler = new ProofMarketHandler(market, circuitId, reqs, ps, keeper, proofs, inputs);
        targetContract(address(handler));
    }

    /// @dev Σ over requests of what the market still holds for them, per token.
    function _held() internal view returns (uint256 ethHeld, uint256 stakeHeld) {
        uint256 n = market.requestCount();
        for (uint256 id = 1; id <= n; ++id) {
            Request memory r = market.getRequest(id);
            bool live = r.status == RequestStatus.Open || r.status == RequestStatus.Assigned;
            if (live) {
                ethHeld += r.maxPrice;
                stakeHeld += r.bounty;
            }
            bool bidding = r.status == RequestStatus.Open && r.mechanism == Mechanism.SealedBid;
            // Race commitments post no bond: only sealed-bid commits hold one.
            if (bidding || (r.status == RequestStatus.Cancelled && r.mechanism == Mechanism.SealedBid)) {
                // Unrevealed commits, plus the best bid's bond held until its assignment.
                uint256 held = uint256(r.commits - r.reveals) + (bidding && r.reveals != 0 ? 1 : 0);
                ethHeld += held * r.maxPrice * market.paramsAt(r.paramsVersion).bidBondBps / 10_000;
            }
        }
    }

    function _claimableTotal(address token) internal view returns (uint256 total) {
        address[] memory all = handler.actors();
        for (uint256 i; i < all.length; ++i) {
            total += market.claimable(token, all[i]);
        }
    }

    /// @notice Conservation: the market's ETH = open escrows + pending bonds + claimable balances;
    /// its stake token = rescue bounties of live requests + claimable balances. No wei made or lost.
    function invariant_market_balances_equal_its_liabilities() public view {
        (uint256 ethHeld, uint256 stakeHeld) = _held();
        assertEq(
            address(market).balance,
            ethHeld + _claimableTotal(address(0)) + market.burned(address(0)),
            "ETH: balance != escrows + bonds + claimable + burned"
        );
        assertEq(
            stakeToken.balanceOf(address(market)),
            stakeHeld + _claimableTotal(address(stakeToken)) + market.burned(address(stakeToken)),
            "stake token: balance != bounties + claimable + burned"
        );
    }

    /// @notice No address other than the failing operator's pool gains from a slash more than its
    /// own loss: the requester at most the price (plus the keeper cap when it slashes itself), the
    /// keeper at most its cap, the treasury nothing, the bounty at most the price.
    function invariant_no_one_but_the_failing_pool_gains_from_a_slash() public view {
        assertEq(handler.ghostSlashOverpaid(), 0, "a slash paid someone beyond its cap");
    }

    /// @notice An honest prover that meets its proving window is never slashed.
    function invariant_an_honest_prover_is_never_slashed() public view {
        assertEq(handler.ghostHonestSlashed(), 0, "a slash landed inside the window or after delivery");
    }

    /// @notice Forfeited bonds never reach the requester: its ETH claimable only ever grows by the
    /// refund of a request that just ended.
    function invariant_forfeited_bonds_never_reach_the_requester() public view {
        assertEq(handler.ghostBondToRequester(), 0, "a requester received more than its refund");
    }

    /// @notice A request is paid at most once, exactly when it is Fulfilled, and never for a proof
    /// of other inputs.
    function invariant_each_request_is_paid_at_most_once_and_only_for_a_verified_proof() public view {
        assertEq(handler.ghostInvalidAccepted(), 0, "a wrong proof was accepted");
        uint256 n = market.requestCount();
        uint256 paidTotal;
        for (uint256 id = 1; id <= n; ++id) {
            uint256 paid = handler.ghostPaidCount(id);
            assertLe(paid, 1, "paid more than once");
            assertEq(paid == 1, market.getRequest(id).status == RequestStatus.Fulfilled, "paid iff fulfilled");
            if (paid == 1) paidTotal += market.getRequest(id).price;
        }
        // With no protocol fee every paid price went to the vault, which nobody claimed from here.
        assertEq(address(vault).balance, paidTotal, "vault ETH != sum of prices of fulfilled requests");
    }

    /// @notice The clearing price of every settled sealed-bid auction lies in [winning bid, maxPrice].
    function invariant_clearing_price_between_winning_bid_and_maxPrice() public view {
        uint256 n = handler.clearingCount();
        for (uint256 i; i < n; ++i) {
            (uint256 bid, uint256 clearingPrice, uint256 maxPrice) = handler.clearing(i);
            assertGe(clearingPrice, bid, "clearing price below the winning bid");
            assertLe(clearingPrice, maxPrice, "clearing price above maxPrice");
        }
    }

    /// @notice Locked collateral never exceeds an operator's stake, and the market's active count
    /// matches the assigned requests, never above the declared capacity.
    function invariant_locks_are_backed_and_assignments_counted() public view {
        address[3] memory ps = [alice, bob, carol];
        uint256 n = market.requestCount();
        for (uint256 i; i < 3; ++i) {
            IRestakingVault.Pool memory pool = vault.pool(ps[i]);
            assertLe(pool.locked, pool.assets, "locked collateral above the operator's stake");
            uint256 assigned;
            uint256 lockedByMarket;
            for (uint256 id = 1; id <= n; ++id) {
                Request memory r = market.getRequest(id);
                if (r.status == RequestStatus.Assigned && r.prover == ps[i]) {
                    ++assigned;
                    lockedByMarket += r.requiredCollateral;
                }
            }
            assertEq(market.operatorState(ps[i]).active, assigned, "active count != assigned requests");
            assertLe(assigned, market.operatorState(ps[i]).maxConcurrent, "over capacity");
            assertEq(pool.locked, lockedByMarket, "vault locks != collateral of assigned requests");
        }
    }
}
