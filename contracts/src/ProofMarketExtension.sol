// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IProofMarket} from "./interfaces/IProofMarket.sol";
import {IProofCallback} from "./interfaces/IProofCallback.sol";
import {IGroth16Verifier} from "./interfaces/IGroth16Verifier.sol";
import {IStakeSource} from "./interfaces/IStakeSource.sol";
import {Mechanism} from "./types/Mechanism.sol";
import {RequestStatus} from "./types/RequestStatus.sol";
import {RequestParams, RequestParamsLib} from "./types/RequestParams.sol";
import {Request, RequestLib} from "./types/Request.sol";
import {MarketParams, MarketParamsLib} from "./types/MarketParams.sol";
import {OperatorState} from "./types/OperatorState.sol";
import {Ask, AskTerms} from "./types/Ask.sol";
import {BidCommitment} from "./types/BidCommitment.sol";
import {ProofCommitment} from "./types/ProofCommitment.sol";
import {SealedBidAuction} from "./libraries/SealedBidAuction.sol";
import {DutchAuction} from "./libraries/DutchAuction.sol";
import {Orderbook} from "./libraries/Orderbook.sol";
import {ProofRace} from "./libraries/ProofRace.sol";
import {SlashSplit} from "./types/SlashSplit.sol";
import {ProofMarketModule} from "./modules/ProofMarketModule.sol";

/// @title ProofMarketExtension
/// @notice The allocation mechanisms of the ProofMarket other than the Dutch lock: sealed-bid
/// auction, orderbook and proof race; run only through the market's DELEGATECALL on the market's
/// own storage (see ProofMarketBase). The slashing and admin entry points live in SlashingModule.
/// Each function is documented in {IProofMarket}; events are emitted by the market's address.
contract ProofMarketExtension is ProofMarketModule {
    using SafeERC20 for IERC20;
    using Orderbook for Orderbook.List;
    using SealedBidAuction for SealedBidAuction.State;

    constructor(IGroth16Verifier verifier_, IStakeSource stake_) ProofMarketModule(verifier_, stake_) {}

    /// @notice Matches an incoming orderbook request or rests it in the book; called by `submit`.
    /// @dev Payable because the delegatecall carries submit's msg.value (already escrowed there).
    function openInBook(uint256 id, uint64 hint) external payable onlyDelegated {
        _openInBook(id, _requests[id], hint);
    }

    /// @notice `lock` of a resting orderbook request: taken on its own terms, at its maxPrice, so
    /// that no entries in a book can keep a prover that has checked a request from trading with it
    /// (F5). Called by the market's `lock`, which already holds the reentrancy guard and the pause.
    function takeFromBook(uint256 id) external onlyDelegated {
        Request storage r = _requests[id];
        if (!r.assignableAt(block.timestamp)) revert IProofMarket.OutsideWindow(id, "lock");
        if (msg.sender == r.prover) revert IProofMarket.NotEligible(msg.sender, "excluded");
        _requireEligible(msg.sender, r.requiredCollateral);
        // forge-lint: disable-next-line(unsafe-typecast)
        _requestBook[_bookKey(r)].remove(uint64(id));
        _assign(id, r, msg.sender, r.maxPrice, 0);
    }

    /// @dev See {IProofMarket-commitBid}.
    function commitBid(uint256 id, bytes32 commitment) external payable onlyDelegated whenNotPaused nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.SealedBid);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > r.timeA) revert IProofMarket.OutsideWindow(id, "commit");
        BidCommitment storage b = _bids[id][msg.sender];
        if (b.seq != 0) revert IProofMarket.AlreadyCommitted(id, msg.sender);
        // A zero digest is the "revealed" marker; such a commitment could never be revealed.
        // forge-lint: disable-next-line(unsafe-typecast)
        if (bytes28(commitment) == bytes28(0)) revert IProofMarket.CommitmentMismatch(id, msg.sender);

        uint256 bond = _bondOf(r);
        _collect(_tokenAt(r.tokenIndex), bond);
        uint32 seq;
        unchecked {
            seq = ++r.commits;
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        b.digest = bytes28(commitment);
        b.seq = seq;
        emit IProofMarket.BidCommitted(id, msg.sender, commitment, seq, bond);
    }

    /// @dev See {IProofMarket-revealBid}.
    function revealBid(uint256 id, uint96 price, bytes32 salt) external onlyDelegated nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.SealedBid);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp <= r.timeA || block.timestamp > r.timeB) revert IProofMarket.OutsideWindow(id, "reveal");
        BidCommitment storage b = _bids[id][msg.sender];
        BidCommitment memory bid = b;
        if (!bid.isPending()) revert IProofMarket.NoCommitment(id, msg.sender);
        if (!bid.matches(SealedBidAuction.commitmentOf(id, msg.sender, price, salt))) {
            revert IProofMarket.CommitmentMismatch(id, msg.sender);
        }
        if (price > r.maxPrice) revert IProofMarket.BidAboveMax(price, r.maxPrice);
        _requireEligible(msg.sender, r.requiredCollateral);
        b.digest = bytes28(0);

        SealedBidAuction.State memory s = SealedBidAuction.State({
            best: r.prover, bestPrice: r.price, secondPrice: r.secondPrice, reveals: r.reveals
        });
        address oldBest = s.reveals != 0 ? s.best : address(0);
        // The best bid's commit order matters only on a price tie; skip the SLOAD otherwise.
        uint32 bestSeq = (s.reveals != 0 && price == s.bestPrice) ? _bids[id][s.best].seq : 0;
        uint96 oldSecond = s.secondPrice;
        uint256 bond = _bondOf(r);
        address token = _tokenAt(r.tokenIndex);
        uint256 returned;
        // Only the best bid's bond stays held, until it is assigned (F4): a winner that makes
        // itself unassignable forfeits it. Every other revealed bond is free at once.
        if (s.applyReveal(msg.sender, price, bid.seq, bestSeq)) {
            r.prover = s.best;
            r.price = s.bestPrice;
            if (oldBest != address(0)) {
                _credit(token, oldBest, bond);
                emit IProofMarket.BondReclaimed(id, oldBest, bond);
            }
        } else {
            returned = bond;
            _credit(token, msg.sender, bond);
        }
        if (s.secondPrice != oldSecond) r.secondPrice = s.secondPrice;
        r.reveals = s.reveals;
        emit IProofMarket.BidRevealed(id, msg.sender, price, returned, s.best, s.bestPrice, s.secondPrice, s.reveals);
    }

    /// @dev See {IProofMarket-finalize}.
    function finalize(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.SealedBid);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp <= r.timeB) revert IProofMarket.OutsideWindow(id, "finalize");
        address winner = r.reveals != 0 ? r.prover : address(0);
        bool assignable = winner != address(0) && r.assignableAt(block.timestamp)
            && _eligibility(winner, r.requiredCollateral) == bytes32(0);
        // Unrevealed bonds are burned, and so is the best bid's held bond when it cannot be
        // assigned (F4, F9): the auction then falls back to re-opening, never to nothing.
        uint256 forfeited = _forfeitBonds(r, !assignable);
        if (assignable) {
            SealedBidAuction.State memory s = SealedBidAuction.State({
                best: winner, bestPrice: r.price, secondPrice: r.secondPrice, reveals: r.reveals
            });
            uint96 clearing = s.clearingPrice(r.maxPrice);
            emit IProofMarket.AuctionSettled(id, winner, s.bestPrice, clearing, forfeited);
            uint256 bond = _bondOf(r);
            _credit(_tokenAt(r.tokenIndex), winner, bond);
            emit IProofMarket.BondReclaimed(id, winner, bond);
            _assign(id, r, winner, clearing, 0);
        } else {
            emit IProofMarket.AuctionSettled(id, address(0), winner == address(0) ? 0 : r.price, 0, forfeited);
            _reopenOrExpire(id, r);
        }
    }

    /// @dev See {IProofMarket-reclaimBond}.
    function reclaimBond(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Cancelled);
        BidCommitment storage b = _bids[id][msg.sender];
        // After an auction closed, unrevealed digests stay behind but their bonds were burned
        // (commits was lowered to reveals): only commits still counted are reclaimable.
        if (!b.isPending() || r.commits == r.reveals) revert IProofMarket.NoCommitment(id, msg.sender);
        b.digest = bytes28(0);
        unchecked {
            --r.commits;
        }
        uint256 bond = _bondOf(r);
        _credit(_tokenAt(r.tokenIndex), msg.sender, bond);
        emit IProofMarket.BondReclaimed(id, msg.sender, bond);
    }

    /// @dev See {IProofMarket-placeAsk}.
    function placeAsk(AskTerms calldata t, uint64 hint)
        external
        onlyDelegated
        whenNotPaused
        nonReentrant
        returns (uint64 askId)
    {
        // forge-lint: disable-next-line(block-timestamp)
        if (t.expiry < block.timestamp) revert IProofMarket.AskExpiryPassed(t.expiry);
        if (t.acceptWindow > MAX_ACCEPT_WINDOW) {
            revert IProofMarket.ParameterOutOfRange("acceptWindow", t.acceptWindow, 0, MAX_ACCEPT_WINDOW);
        }
        // Bounds no request could ever meet would only clog the book (F5).
        if (t.minProvingWindow > _maxLifetime) revert IProofMarket.InvalidSchedule("minProvingWindow");
        // An ask is an offer the prover can honour now: it must be able to back its own maximum (F5a).
        _requireEligible(msg.sender, t.maxCollateral);
        uint16 ti = _tokenIndexOf(t.token);
        uint32 ci = _indexCircuit(t.circuitId).index;
        unchecked {
            askId = ++_askCount;
        }
        _asks[askId] = Ask({
            prover: msg.sender,
            circuitIndex: ci,
            expiry: t.expiry,
            tokenIndex: ti,
            maxCollateral: t.maxCollateral,
            minProvingWindow: t.minProvingWindow,
            maxCallbackGas: t.maxCallbackGas,
            acceptWindow: t.acceptWindow
        });
        uint48 key = _bookKey(ci, ti);
        _askBook[key].insert(askId, t.price, hint, false);
        _emitAskPlaced(askId, t, hint);
        _matchAsk(key, askId, t.price);
    }

    /// @dev See {IProofMarket-cancelAsk}.
    function cancelAsk(uint64 askId) external onlyDelegated nonReentrant {
        Ask memory a = _asks[askId];
        if (a.prover != msg.sender) revert IProofMarket.UnknownAsk(askId);
        _removeAsk(_bookKey(a.circuitIndex, a.tokenIndex), askId, false);
    }

    function _emitAskPlaced(uint64 askId, AskTerms calldata t, uint64 hint) private {
        emit IProofMarket.AskPlaced(
            askId,
            msg.sender,
            t.circuitId,
            t.price,
            t.expiry,
            hint,
            t.token,
            t.maxCollateral,
            t.minProvingWindow,
            t.maxCallbackGas,
            t.acceptWindow
        );
    }

    /// @dev An incoming orderbook request takes the cheapest live ask of its book whose bounds
    /// admit it and whose prover can back it, or rests in the book (where `lock` and new asks still
    /// reach it). Dead asks (expired, or whose prover cannot take any assignment now: not an
    /// operator, at capacity, cooling down) are pruned without using the scan budget (F5a).
    function _openInBook(uint256 id, Request storage r, uint64 hint) private {
        uint48 key = _bookKey(r);
        Orderbook.List storage asks = _askBook[key];
        uint64 cursor = asks.head;
        uint256 scanned;
        for (uint256 steps; cursor != 0 && scanned < MAX_MATCH_SCAN && steps < MAX_MATCH_SCAN + MAX_PRUNE; ++steps) {
            Orderbook.Node memory node = asks.nodes[cursor];
            if (node.price > r.maxPrice) break;
            Ask memory a = _asks[cursor];
            bytes32 why = _eligibility(a.prover, r.requiredCollateral);
            // forge-lint: disable-next-line(block-timestamp)
            if (block.timestamp > a.expiry || (why != bytes32(0) && why != "stake")) {
                _removeAsk(key, cursor, true);
            } else {
                ++scanned;
                // Within the bounds the prover agreed to, and it can back them: a match (F1).
                if (why == bytes32(0) && a.admits(r.requiredCollateral, r.provingWindow, r.callbackGasLimit)) {
                    _assign(id, r, a.prover, node.price, a.acceptWindow);
                    return;
                }
            }
            cursor = node.next;
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        _requestBook[key].insert(uint64(id), r.maxPrice, hint, true);
    }

    /// @dev An incoming ask takes the highest open requests of its book that its bounds admit, at
    /// their maxPrice. Requests that can no longer be assigned are expired (refunded) and pruned
    /// without using the scan budget.
    function _matchAsk(uint48 key, uint64 askId, uint96 price) private {
        Ask memory a = _asks[askId];
        Orderbook.List storage book = _requestBook[key];
        uint64 cursor = book.head;
        uint256 scanned;
        for (uint256 steps; cursor != 0 && scanned < MAX_MATCH_SCAN && steps < MAX_MATCH_SCAN + MAX_PRUNE; ++steps) {
            Orderbook.Node memory node = book.nodes[cursor];
            if (node.price < price) break;
            Request storage r = _requests[cursor];
            if (!r.assignableAt(block.timestamp)) {
                _expire(cursor, r, 0);
            } else {
                ++scanned;
                if (a.admits(r.requiredCollateral, r.provingWindow, r.callbackGasLimit)) {
                    // Capacity, cooldown and stake only shrink as this ask takes requests.
                    if (_eligibility(msg.sender, r.requiredCollateral) != bytes32(0)) break;
                    book.remove(cursor);
                    _assign(cursor, r, msg.sender, r.maxPrice, a.acceptWindow);
                }
            }
            cursor = node.next;
        }
    }

    // =================================================================== race

    /// @dev See {IProofMarket-commitProof}.
    function commitProof(uint256 id, bytes32 commitment) external onlyDelegated whenNotPaused nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.Race);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > r.deadline) revert IProofMarket.OutsideWindow(id, "commit");
        if (!_stake.isOperator(msg.sender)) revert IProofMarket.NotEligible(msg.sender, "operator");
        // forge-lint: disable-next-line(unsafe-typecast)
        if (bytes28(commitment) == bytes28(0)) revert IProofMarket.CommitmentMismatch(id, msg.sender);
        // The first commitment's block opens the priority window (F10); the latest commitment's
        // time starts the requester's cancel grace (F11). Both live in slot 3 with `commits`.
        // forge-lint: disable-next-line(unsafe-typecast)
        if (r.commits == 0) r.timeA = uint32(block.number);
        // forge-lint: disable-next-line(unsafe-typecast)
        r.timeB = uint32(block.timestamp);
        unchecked {
            ++r.commits;
        }
        _proofCommits[id][msg.sender] =
            // forge-lint: disable-next-line(unsafe-typecast)
            ProofCommitment({digest: bytes28(commitment), blockNumber: uint32(block.number)});
        emit IProofMarket.ProofCommitted(id, msg.sender, commitment, block.number);
    }

    /// @dev See {IProofMarket-revealProof}.
    function revealProof(uint256 id, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
        onlyDelegated
        nonReentrant
    {
        Request storage r = _requireOpenMechanism(id, Mechanism.Race);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > r.deadline) revert IProofMarket.OutsideWindow(id, "reveal");
        ProofCommitment memory c = _proofCommits[id][msg.sender];
        if (!ProofRace.canReveal(c, proof, msg.sender, block.number)) {
            revert IProofMarket.CommitmentMismatch(id, msg.sender);
        }
        // The earliest commitment is paid, not the first reveal (F10): for RACE_PRIORITY_BLOCKS
        // after it only commitments of that block may reveal, so a copier who committed after
        // seeing the original reveal in the mempool loses even if that reveal slips a few blocks.
        uint256 priorityEnd = uint256(r.timeA) + RACE_PRIORITY_BLOCKS;
        if (c.blockNumber != r.timeA && block.number <= priorityEnd) revert IProofMarket.RacePriority(id, priorityEnd);
        delete _proofCommits[id][msg.sender];
        bytes32 circuitId = _checkInputs(id, r, publicInputs);
        if (!_verifier.verify(circuitId, proof, publicInputs)) revert IProofMarket.InvalidProof(id);
        // A race pays the full escrow: there was no price discovery.
        r.prover = msg.sender;
        r.price = r.maxPrice;
        (address token, uint256 pay) = _settle(id, r, msg.sender, false);
        _payOperator(msg.sender, token, pay);
        _callback(id, r, circuitId, publicInputs, msg.sender);
    }
}
