// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {MarketTestBase} from "./utils/MarketTestBase.sol";
import {RaceHasher} from "./ProofMarket.race.t.sol";
import {IProofMarket} from "../src/interfaces/IProofMarket.sol";
import {ICircuitRegistry} from "../src/interfaces/ICircuitRegistry.sol";
import {IRestakingVault} from "../src/interfaces/IRestakingVault.sol";
import {Groth16Fixtures} from "./utils/Groth16Fixtures.sol";
import {TestStakeToken} from "../src/examples/TestStakeToken.sol";
import {Mechanism} from "../src/types/Mechanism.sol";
import {RequestStatus} from "../src/types/RequestStatus.sol";
import {RequestParams} from "../src/types/RequestParams.sol";
import {AskTerms} from "../src/types/Ask.sol";

/// @dev MOCK (no such token can be deployed here otherwise): an ERC-20 that burns 1% of every
/// transfer, to show the market refuses fee-on-transfer payment tokens.
contract FeeOnTransferToken is ERC20 {
    constructor() ERC20("Fee", "FEE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

/// @notice One regression test per finding of the adversarial review (F1–F16) and the prover-client
/// acceptance window (H1), each named after it; each scenario succeeded against the market before
/// the fixes. See the README's contract section for the fix chosen per finding.
contract ProofMarketAuditTest is MarketTestBase {
    address internal mallory = makeAddr("mallory");

    function _book(RequestParams memory p) internal returns (uint256) {
        p.orderbookHint = market.requestHint(circuitId, p.token, p.maxPrice);
        return _submit(p);
    }

    function _bookParams(uint256 k) internal view returns (RequestParams memory p) {
        p = _params(Mechanism.Orderbook, k);
    }

    // ------------------------------------------------------------------ F1: an ask binds its terms

    function test_AskBoundsViolatedNeverMatch_F1() public {
        AskTerms memory t = _terms(0.1 ether, uint32(block.timestamp + 1 days));
        t.maxCollateral = COLLATERAL;
        t.minProvingWindow = PROVING_WINDOW;
        t.maxCallbackGas = 100_000;
        _placeAsk(alice, t);

        RequestParams memory tooMuchStake = _bookParams(0);
        tooMuchStake.requiredCollateral = uint96(STAKE - 1);
        RequestParams memory tooShort = _bookParams(1);
        tooShort.provingWindow = 1;
        RequestParams memory tooMuchGas = _bookParams(2);
        tooMuchGas.callback = address(0xCA11);
        tooMuchGas.callbackGasLimit = 1_000_000;
        uint256[3] memory ids = [_book(tooMuchStake), _book(tooShort), _book(tooMuchGas)];
        for (uint256 i; i < 3; ++i) {
            assertEq(uint8(_status(ids[i])), uint8(RequestStatus.Open), "outside the ask's bounds: no match");
        }
        assertEq(vault.freeStake(alice), STAKE, "none of alice's stake was locked");
        uint256 inBounds = _book(_bookParams(3));
        assertEq(_req(inBounds).prover, alice, "inside the bounds: matched");
    }

    function test_RequesterCannotProfitFromSlashingAMatchedAsk_F1() public {
        _placeAsk(alice, _terms(0.1 ether, uint32(block.timestamp + 1 days)));
        uint256 id = _book(_bookParams(0)); // collateral COLLATERAL, the most alice's ask allows
        vm.warp(_req(id).proveBy + 1);
        vm.prank(requester); // the requester slashes as its own keeper
        market.slash(id);
        uint256 gained = _claim(address(stakeToken), requester);
        assertLe(gained, 0.1 ether + market.params().keeperRewardCap, "at most the price plus the keeper cap");
        assertGe(market.burned(address(stakeToken)), COLLATERAL - gained - _req(id).bounty, "the rest burned");
    }

    // ------------------------------------------------------------------ F2: books are per token

    function test_AskForEthNotFilledByOtherToken_F2() public {
        TestStakeToken junk = new TestStakeToken("Junk", "JNK");
        vm.prank(owner);
        market.setTokenAllowed(address(junk), true);
        _placeAsk(alice, _terms(0.3 ether, uint32(block.timestamp + 1 days)));
        RequestParams memory p = _bookParams(0);
        p.token = address(junk);
        p.maxPrice = 0.3 ether;
        junk.mint(requester, p.maxPrice);
        vm.prank(requester);
        junk.approve(address(market), p.maxPrice);
        p.orderbookHint = market.requestHint(circuitId, address(junk), p.maxPrice);
        vm.prank(requester);
        uint256 id = market.submit(p);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Open), "3e17 junk units do not fill a 0.3 ETH ask");
        (, uint64 junkHead) = market.bookHeads(circuitId, address(junk));
        assertEq(junkHead, uint64(id), "it rests in the junk book");
        (uint64 ethAsk,) = market.bookHeads(circuitId, address(0));
        assertTrue(ethAsk != 0, "the ETH ask is untouched");
    }

    // ------------------------------------------------------------------ F3: the slash split

    function test_OperatorAndAccompliceCannotDrainDelegators_F3() public {
        // Mallory: 1 ETH of her own, 99 ETH delegated. Her accomplice requests with the whole pool as
        // collateral, she locks and misses on purpose, the accomplice slashes.
        _onboard(mallory, 1 ether);
        stakeToken.mint(delegator, 99 ether);
        vm.startPrank(delegator);
        stakeToken.approve(address(vault), 99 ether);
        vault.deposit(mallory, 99 ether);
        vm.stopPrank();
        RequestParams memory p = _params(Mechanism.Dutch, 0);
        p.requiredCollateral = 90 ether;
        p.maxPrice = 90 ether;
        p.minPrice = 90 ether;
        vm.deal(requester, 100 ether);
        uint256 id = _submit(p);
        vm.prank(mallory);
        market.lock(id);
        vm.warp(_req(id).proveBy + 1);
        vm.prank(requester);
        market.slash(id);
        uint256 accomplice = _claim(address(stakeToken), requester);
        // 50% compensation is 45 ETH, under the 90 ETH price cap; the keeper share is capped.
        assertLe(accomplice, 45 ether + 0.01 ether, "the accomplice gets at most half plus the keeper cap");
        assertEq(market.burned(address(stakeToken)), 90 ether - accomplice - _req(id).bounty, "the rest burned");
        // Before: requester 50% + keeper 5% = 49.5 ETH, and 13.5 ETH to the treasury.
        assertEq(_claim(address(stakeToken), treasury), 0, "no treasury share");
    }

    function test_SlashPaysRequesterAtMostThePrice_F3() public {
        uint256 id = _assignedDutch(0, alice); // price 0.1 ETH, collateral 10 ETH
        vm.warp(_req(id).proveBy + 1);
        vm.prank(keeper);
        market.slash(id);
        assertEq(_claim(address(stakeToken), requester), _req(id).price, "compensation = the price, not 5 ETH");
        assertEq(_claim(address(stakeToken), keeper), market.params().keeperRewardCap, "keeper capped, not 0.5 ETH");
    }

    // ------------------------------------------------------------------ F4: the winner's bond

    function test_WinnerThatVoidsAuctionForfeitsBond_F4() public {
        uint256 id = _submit(Mechanism.SealedBid, 0);
        _commit(id, alice, 0); // a zero-price griefer
        _commit(id, bob, 0.5 ether);
        _toRevealPhase(id);
        _reveal(id, alice, 0);
        _reveal(id, bob, 0.5 ether);
        vm.prank(alice);
        market.setCapacity(0); // makes herself unassignable
        _afterReveal(id);
        market.finalize(id);
        assertEq(_claim(address(0), alice), 0, "the winner's bond is not returned");
        assertEq(market.burned(address(0)), MAX_PRICE, "it is burned");
        assertEq(_claim(address(0), bob), MAX_PRICE, "the honest loser's bond came back at its reveal");
        assertEq(uint8(_req(id).mechanism), uint8(Mechanism.Dutch), "the auction re-opened, not voided");
        assertEq(uint8(_status(id)), uint8(RequestStatus.Open), "still open for a prover");
    }

    // ------------------------------------------------------------------ F9: forfeited bonds

    function test_ForfeitedBondsNeverReachRequester_F9() public {
        _onboard(requester, STAKE); // the requester bids against its own auction
        uint256 id = _submit(Mechanism.SealedBid, 0);
        _commit(id, requester, 0.2 ether);
        _commit(id, alice, 0.6 ether);
        _toRevealPhase(id);
        _reveal(id, alice, 0.6 ether);
        _afterReveal(id);
        market.finalize(id);
        assertEq(_claim(address(0), requester), 0, "its own unrevealed shill bond does not come back");
        assertEq(market.burned(address(0)), MAX_PRICE, "burned");
    }

    // ------------------------------------------------------------------ F16: a rival's stake

    function test_RivalStakeCannotBeLockedToVoidItsBid_F16() public {
        // Bob has a standing ask (bounded at COLLATERAL) and bids in a sealed auction.
        _placeAsk(bob, _terms(0.1 ether, uint32(block.timestamp + 1 days)));
        uint256 auction = _submit(Mechanism.SealedBid, 0);
        _commit(auction, bob, 0.4 ether);
        // The requester tries to lock all of bob's stake through his ask.
        RequestParams memory grab = _bookParams(1);
        grab.requiredCollateral = uint96(STAKE - 1 ether);
        uint256 grabId = _book(grab);
        assertEq(uint8(_status(grabId)), uint8(RequestStatus.Open), "bob's ask does not consent to that");
        _toRevealPhase(auction);
        _reveal(auction, bob, 0.4 ether);
        _afterReveal(auction);
        market.finalize(auction);
        assertEq(_req(auction).prover, bob, "bob still wins");
        assertEq(_claim(address(0), bob), MAX_PRICE, "and keeps his bond");
        assertEq(_claim(address(0), requester), 0, "nothing reached the requester");
    }

    // ------------------------------------------------------------------ F6: exit before the slash

    function test_RevertWhen_RequestOutlivesWithdrawalDelay_F6() public {
        assertEq(market.maxRequestLifetime(), vault.withdrawalDelay() / 2, "half the withdrawal delay");
        RequestParams memory p = _params(Mechanism.Dutch, 0);
        p.deadline = uint32(block.timestamp + vault.withdrawalDelay() / 2 + 1);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidSchedule.selector, bytes32("lifetime")));
        market.submit{value: p.maxPrice}(p);
    }

    function test_StakeQueuedAfterAssignmentIsStillThereAtTheSlash_F6() public {
        RequestParams memory p = _params(Mechanism.Dutch, 0);
        p.deadline = uint32(block.timestamp + market.maxRequestLifetime());
        p.provingWindow = uint32(market.maxRequestLifetime() - 100);
        p.rampDuration = 100;
        uint256 id = _submit(p);
        vm.prank(alice);
        market.lock(id);
        uint256 shares = vault.sharesOf(alice, alice) / 2;
        vm.prank(alice);
        uint256 w = vault.queueWithdrawal(alice, shares);
        vm.warp(_req(id).proveBy + 1);
        vm.expectRevert(); // not ready: the exit cannot land before the slash
        vault.completeWithdrawal(w);
        market.slash(id);
        vm.warp(block.timestamp + vault.withdrawalDelay());
        uint256 got = vault.completeWithdrawal(w);
        assertLt(got, STAKE / 2, "the queued half bore its share of the slash");
    }

    // ------------------------------------------------------------------ F5: jammed books

    function test_RevertWhen_AskCannotBeBacked_F5a() public {
        vm.prank(mallory);
        vault.registerOperator(0, "");
        vm.prank(mallory);
        market.setCapacity(8);
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, mallory, bytes32("stake")));
        market.placeAsk(_terms(1, uint32(block.timestamp + 1 days)), 0);
    }

    function test_DeadAsksArePrunedWithoutSpendingScanBudget_F5a() public {
        _onboard(mallory, STAKE);
        vm.prank(mallory);
        market.setCapacity(8);
        for (uint256 i; i < 8; ++i) {
            _placeAsk(mallory, _terms(1, uint32(block.timestamp + 1 days)));
        }
        _placeAsk(alice, _terms(0.5 ether, uint32(block.timestamp + 1 days)));
        vm.prank(mallory);
        market.setCapacity(0); // her eight asks at the head can never trade now
        uint256 id = _book(_bookParams(0));
        assertEq(_req(id).prover, alice, "the live ask behind eight dead ones matched");
        (uint64 head,) = market.bookHeads(circuitId, address(0));
        assertEq(head, 9, "the eight dead asks were pruned; alice's standing ask heads the book");
    }

    function test_JammedRequestBookCannotBlockATrade_F5b() public {
        for (uint256 i; i < 8; ++i) {
            RequestParams memory junk = _bookParams(i % 8);
            junk.maxPrice = 1 ether;
            junk.requiredCollateral = type(uint96).max; // no one can ever back this
            _book(junk);
        }
        RequestParams memory real = _bookParams(0);
        real.maxPrice = 0.5 ether;
        uint256 id = _book(real);
        _placeAsk(alice, _terms(0.4 ether, uint32(block.timestamp + 1 days)));
        assertEq(uint8(_status(id)), uint8(RequestStatus.Open), "the scan stopped at the junk");
        vm.prank(bob);
        market.lock(id); // a prover that checked the request takes it directly
        assertEq(_req(id).prover, bob, "traded anyway");
        assertEq(_req(id).price, 0.5 ether, "on the request's own terms");
    }

    // ------------------------------------------------------------------ F7: a ninth reward token

    function test_NinthRewardTokenStillPays_F7() public {
        // Fill alice's eight reward-token slots in the vault (as the market would, paying her).
        for (uint256 i; i < 8; ++i) {
            TestStakeToken t = new TestStakeToken("T", "T");
            t.mint(address(market), 1);
            vm.startPrank(address(market));
            t.approve(address(vault), 1);
            vault.rewardOperator(alice, address(t), 1);
            vm.stopPrank();
        }
        TestStakeToken ninth = new TestStakeToken("Ninth", "N9");
        vm.prank(owner);
        market.setTokenAllowed(address(ninth), true);
        RequestParams memory p = _params(Mechanism.Dutch, 0);
        p.token = address(ninth);
        ninth.mint(requester, p.maxPrice);
        vm.prank(requester);
        ninth.approve(address(market), p.maxPrice);
        vm.prank(requester);
        uint256 id = market.submit(p);
        vm.prank(alice);
        market.lock(id);
        uint96 price = _req(id).price;
        vm.expectEmit(address(market));
        emit IProofMarket.OperatorPaidDirectly(alice, address(ninth), price);
        _fulfill(id, alice, 0);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Fulfilled), "fulfilled, not stuck");
        assertEq(_claim(address(ninth), alice), price, "paid in the market instead of through the vault");
    }

    // ------------------------------------------------------------------ F8: revoked slasher

    function test_RevokedSlasherDoesNotStrandAssignedRequests_F8() public {
        uint256 id = _assignedDutch(0, alice);
        vm.prank(owner);
        vault.setSlasher(address(market), false);
        vm.warp(_req(id).proveBy + 1);
        market.slash(id);
        assertTrue(_status(id) != RequestStatus.Assigned, "the request moved on");
        assertEq(vault.freeStake(alice), STAKE, "the lock was released");
        assertEq(market.operatorState(alice).active, 0, "the slot was freed");
    }

    // ------------------------------------------------------------------ F10, F11: the race

    function test_EarliestCommitmentWinsTheRace_F10() public {
        RaceHasher hasher = new RaceHasher();
        uint256 id = _submit(Mechanism.Race, 0);
        bytes32 original = hasher.commitmentOf(proofs[0], alice);
        bytes32 copy = hasher.commitmentOf(proofs[0], bob);
        uint256 priorityEnd = block.number + market.RACE_PRIORITY_BLOCKS();
        vm.prank(alice);
        market.commitProof(id, original);
        vm.roll(block.number + 2);
        // Bob copied the proof from alice's reveal in the mempool and committed later.
        vm.prank(bob);
        market.commitProof(id, copy);
        vm.roll(block.number + 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.RacePriority.selector, id, priorityEnd));
        market.revealProof(id, proofs[0], inputs[0]);
        vm.roll(block.number + 1); // alice's reveal slipped a block
        vm.prank(alice);
        market.revealProof(id, proofs[0], inputs[0]);
        assertEq(_req(id).prover, alice, "the earliest commitment is paid");
    }

    function test_JunkRaceCommitmentDoesNotBlockCancelForever_F11() public {
        uint256 id = _submit(Mechanism.Race, 0);
        vm.prank(carol);
        market.commitProof(id, bytes32(uint256(0xdead) << 128));
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.CannotCancel.selector, id));
        market.cancel(id);
        skip(market.RACE_CANCEL_GRACE() + 1);
        vm.prank(requester);
        market.cancel(id);
        assertEq(uint8(_status(id)), uint8(RequestStatus.Cancelled), "cancelled long before the deadline");
    }

    // ------------------------------------------------------------------ F12: degenerate keys

    function test_RevertWhen_DegenerateKeyRegistered_F12() public {
        ICircuitRegistry.VerifyingKey memory vk = Groth16Fixtures.verifyingKey();
        ICircuitRegistry.VerifyingKey memory bad = Groth16Fixtures.verifyingKey();
        bad.delta2 = [uint256(0), 0, 0, 0];
        vm.expectRevert(ICircuitRegistry.InvalidVerifyingKey.selector);
        registry.registerCircuit(bad, Groth16Fixtures.metadata());
        bad = Groth16Fixtures.verifyingKey();
        bad.gamma2 = vk.delta2;
        vm.expectRevert(ICircuitRegistry.InvalidVerifyingKey.selector);
        registry.registerCircuit(bad, Groth16Fixtures.metadata());
        bad = Groth16Fixtures.verifyingKey();
        bad.ic[1] = [uint256(0), 0];
        vm.expectRevert(ICircuitRegistry.InvalidVerifyingKey.selector);
        registry.registerCircuit(bad, Groth16Fixtures.metadata());
        bad = Groth16Fixtures.verifyingKey();
        bad.alpha1 = [uint256(0), 0];
        vm.expectRevert(ICircuitRegistry.InvalidVerifyingKey.selector);
        registry.registerCircuit(bad, Groth16Fixtures.metadata());
    }

    // ------------------------------------------------------------------ F14, F15

    function test_LastHolderQueuesAllSharesAfterSlash_F14() public {
        uint256 id = _assignedDutch(0, alice);
        vm.warp(_req(id).proveBy + 1);
        market.slash(id);
        uint256 all = vault.sharesOf(alice, alice);
        vm.prank(alice);
        vault.queueWithdrawal(alice, all);
        assertEq(vault.sharesOf(alice, alice), 0, "every share queued");
        // The views agree with the capped check: what is queued never claims more than the pool holds.
        assertLe(vault.queuedStake(alice), vault.pool(alice).assets, "queued stake exceeds the pool's assets");
        assertEq(vault.freeStake(alice), vault.pool(alice).assets - vault.queuedStake(alice), "free stake");
    }

    function test_RevertWhen_RampWouldOverflow_F15() public {
        RequestParams memory p = _params(Mechanism.Dutch, 0);
        p.rampDuration = type(uint32).max;
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.InvalidSchedule.selector, bytes32("rampDuration")));
        market.submit{value: p.maxPrice}(p);
    }

    // ------------------------------------------------------------------ design weaknesses

    function test_RevertWhen_FeeOnTransferTokenPays() public {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        vm.prank(owner);
        market.setTokenAllowed(address(fee), true);
        RequestParams memory p = _params(Mechanism.Dutch, 0);
        p.token = address(fee);
        fee.mint(requester, p.maxPrice);
        vm.prank(requester);
        fee.approve(address(market), p.maxPrice);
        vm.prank(requester);
        vm.expectRevert(
            abi.encodeWithSelector(IProofMarket.UnsupportedToken.selector, address(fee), p.maxPrice, p.maxPrice * 99 / 100)
        );
        market.submit(p);
    }

    // ------------------------------------------------------------------ H1: the acceptance window

    function _matchedWithWindow(uint32 window) internal returns (uint256 id) {
        AskTerms memory t = _terms(0.1 ether, uint32(block.timestamp + 1 days));
        t.acceptWindow = window;
        _placeAsk(alice, t);
        id = _book(_bookParams(0));
        assertEq(_req(id).prover, alice, "matched inside the requester's submit");
    }

    function test_ReleaseInsideAcceptanceWindowIsNotSlashed_H1() public {
        uint256 id = _matchedWithWindow(60);
        assertEq(vault.freeStake(alice), STAKE - COLLATERAL, "collateral locked by the match");
        skip(60);
        vm.expectEmit(address(market));
        emit IProofMarket.AssignmentReleased(id, alice);
        vm.prank(alice);
        market.release(id);
        assertEq(vault.freeStake(alice), STAKE, "collateral unlocked, nothing slashed");
        assertEq(market.operatorState(alice).active, 0, "slot freed");
        assertEq(market.operatorState(alice).cooldownUntil, 0, "no cooldown");
        assertEq(uint8(_req(id).mechanism), uint8(Mechanism.Dutch), "the request re-opened as Dutch");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.NotEligible.selector, alice, bytes32("excluded")));
        market.lock(id);
        vm.prank(bob);
        market.lock(id);
        assertEq(_req(id).prover, bob, "another prover took it");
    }

    function test_RevertWhen_ReleaseAfterAcceptanceWindow_H1() public {
        uint256 id = _matchedWithWindow(60);
        skip(61);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("release")));
        market.release(id);
    }

    function test_RevertWhen_ReleaseOfAnAssignmentTheProverChose_H1() public {
        uint256 id = _assignedDutch(0, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IProofMarket.OutsideWindow.selector, id, bytes32("release")));
        market.release(id);
    }
}
