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
import {Ask} from "./types/Ask.sol";
import {BidCommitment} from "./types/BidCommitment.sol";
import {ProofCommitment} from "./types/ProofCommitment.sol";
import {SealedBidAuction} from "./libraries/SealedBidAuction.sol";
import {DutchAuction} from "./libraries/DutchAuction.sol";
import {Orderbook} from "./libraries/Orderbook.sol";
import {ProofRace} from "./libraries/ProofRace.sol";
import {ProofMarketBase} from "./ProofMarketBase.sol";

/// @title ProofMarketExtension
/// @notice The sealed-bid auction, orderbook and proof-race entry points of the ProofMarket, run
/// only through the market's DELEGATECALL on the market's own storage (see ProofMarketBase).
/// Each function is documented in {IProofMarket}; events are emitted by the market's address.
contract ProofMarketExtension is ProofMarketBase {
    using SafeERC20 for IERC20;
    using Orderbook for Orderbook.List;
    using SealedBidAuction for SealedBidAuction.State;

    /// @notice This contract was called directly instead of through the market.
    error OnlyThroughMarket();

    /// @dev The extension's own address: code running at it is a direct call, not a delegatecall.
    address private immutable _self;

    constructor(IGroth16Verifier verifier_, IStakeSource stake_) ProofMarketBase(verifier_, stake_, msg.sender) {
        _self = address(this);
    }

    modifier onlyDelegated() {
        if (address(this) == _self) revert OnlyThroughMarket();
        _;
    }

    /// @notice Matches an incoming orderbook request or rests it in the book; called by `submit`.
    /// @dev Payable because the delegatecall carries submit's msg.value (already escrowed there).
    function openInBook(uint256 id, uint64 hint) external payable onlyDelegated {
        _openInBook(id, _requests[id], hint);
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

        uint256 bond = r.bidBond();
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
        // The best bid's commit order matters only on a price tie; skip the SLOAD otherwise.
        uint32 bestSeq = (s.reveals != 0 && price == s.bestPrice) ? _bids[id][s.best].seq : 0;
        uint96 oldSecond = s.secondPrice;
        if (s.applyReveal(msg.sender, price, bid.seq, bestSeq)) {
            r.prover = s.best;
            r.price = s.bestPrice;
        }
        if (s.secondPrice != oldSecond) r.secondPrice = s.secondPrice;
        r.reveals = s.reveals;

        uint256 bond = r.bidBond();
        _credit(_tokenAt(r.tokenIndex), msg.sender, bond);
        emit IProofMarket.BidRevealed(id, msg.sender, price, bond, s.best, s.bestPrice, s.secondPrice, s.reveals);
    }

    /// @dev See {IProofMarket-finalize}.
    function finalize(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireOpenMechanism(id, Mechanism.SealedBid);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp <= r.timeB) revert IProofMarket.OutsideWindow(id, "finalize");
        uint256 forfeited = _forfeitUnrevealedBonds(r);

        address winner = r.reveals != 0 ? r.prover : address(0);
        if (
            winner != address(0) && r.assignableAt(block.timestamp)
                && _eligibility(winner, r.requiredCollateral) == bytes32(0)
        ) {
            SealedBidAuction.State memory s = SealedBidAuction.State({
                best: winner, bestPrice: r.price, secondPrice: r.secondPrice, reveals: r.reveals
            });
            uint96 clearing = s.clearingPrice(r.maxPrice);
            emit IProofMarket.AuctionSettled(id, winner, s.bestPrice, clearing, forfeited);
            _assign(id, r, winner, clearing);
        } else {
            emit IProofMarket.AuctionSettled(id, address(0), winner == address(0) ? 0 : r.price, 0, forfeited);
            _reopenOrExpire(id, r);
        }
    }

    /// @dev See {IProofMarket-reclaimBond}.
    function reclaimBond(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Cancelled);
        BidCommitment storage b = _bids[id][msg.sender];
        // After an auction closed, unrevealed digests stay behind but their bonds were forfeited to
        // the requester (commits was lowered to reveals): only commits still counted are reclaimable.
        if (!b.isPending() || r.commits == r.reveals) revert IProofMarket.NoCommitment(id, msg.sender);
        b.digest = bytes28(0);
        unchecked {
            --r.commits;
        }
        uint256 bond = r.bidBond();
        _credit(_tokenAt(r.tokenIndex), msg.sender, bond);
        emit IProofMarket.BondReclaimed(id, msg.sender, bond);
    }

    /// @dev See {IProofMarket-placeAsk}.
    function placeAsk(bytes32 circuitId, uint96 price, uint32 expiry, uint64 hint)
        external
        onlyDelegated
        whenNotPaused
        nonReentrant
        returns (uint64 askId)
    {
        // forge-lint: disable-next-line(block-timestamp)
        if (expiry < block.timestamp) revert IProofMarket.AskExpiryPassed(expiry);
        if (!_stake.isOperator(msg.sender)) revert IProofMarket.NotEligible(msg.sender, "operator");
        uint32 ci = _indexCircuit(circuitId).index;
        unchecked {
            askId = ++_askCount;
        }
        _asks[askId] = Ask({prover: msg.sender, circuitIndex: ci, expiry: expiry});
        _askBook[ci].insert(askId, price, hint, false);
        emit IProofMarket.AskPlaced(askId, msg.sender, circuitId, price, expiry, hint);
        _matchAsk(ci, price);
    }

    /// @dev See {IProofMarket-cancelAsk}.
    function cancelAsk(uint64 askId) external onlyDelegated nonReentrant {
        Ask memory a = _asks[askId];
        if (a.prover != msg.sender) revert IProofMarket.UnknownAsk(askId);
        _removeAsk(a.circuitIndex, askId, false);
    }

    /// @dev An incoming orderbook request takes the best eligible live ask, or rests in the book.
    function _openInBook(uint256 id, Request storage r, uint64 hint) private {
        uint32 ci = r.circuitIndex;
        Orderbook.List storage asks = _askBook[ci];
        uint64 cursor = asks.head;
        for (uint256 scanned; cursor != 0 && scanned < MAX_MATCH_SCAN; ++scanned) {
            Orderbook.Node memory node = asks.nodes[cursor];
            if (node.price > r.maxPrice) break;
            Ask memory a = _asks[cursor];
            // forge-lint: disable-next-line(block-timestamp)
            if (block.timestamp > a.expiry) {
                _removeAsk(ci, cursor, true);
            } else if (_eligibility(a.prover, r.requiredCollateral) == bytes32(0)) {
                _assign(id, r, a.prover, node.price);
                return;
            }
            cursor = node.next;
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        _requestBook[ci].insert(uint64(id), r.maxPrice, hint, true);
    }

    /// @dev An incoming ask takes the highest open requests it can serve, at their maxPrice.
    function _matchAsk(uint32 ci, uint96 price) private {
        Orderbook.List storage book = _requestBook[ci];
        uint64 cursor = book.head;
        for (uint256 scanned; cursor != 0 && scanned < MAX_MATCH_SCAN; ++scanned) {
            Orderbook.Node memory node = book.nodes[cursor];
            if (node.price < price) break;
            Request storage r = _requests[cursor];
            bytes32 reason = _eligibility(msg.sender, r.requiredCollateral);
            if (reason == "capacity" || reason == "cooldown" || reason == "operator") break;
            if (reason == bytes32(0) && r.assignableAt(block.timestamp)) {
                book.remove(cursor);
                _assign(cursor, r, msg.sender, r.maxPrice);
            }
            cursor = node.next;
        }
    }

    /// @dev See {IProofMarket-cancel}.
    function cancel(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Open);
        if (msg.sender != r.requester) revert IProofMarket.NotRequester(id, msg.sender);
        Mechanism m = r.mechanism;
        if ((m == Mechanism.SealedBid && r.reveals != 0) || (m == Mechanism.Race && r.commits != 0)) {
            revert IProofMarket.CannotCancel(id);
        }
        r.status = RequestStatus.Cancelled;
        // forge-lint: disable-next-line(unsafe-typecast)
        if (m == Mechanism.Orderbook) _requestBook[r.circuitIndex].remove(uint64(id));
        uint256 refund = r.maxPrice;
        _credit(_tokenAt(r.tokenIndex), r.requester, refund);
        // A re-opened request may carry a rescue bounty from an earlier slash.
        uint256 bounty = r.bounty;
        if (bounty != 0) {
            r.bounty = 0;
            _credit(_stakeToken, r.requester, bounty);
        }
        emit IProofMarket.RequestCancelled(id, refund);
    }

    /// @dev See {IProofMarket-expire}.
    function expire(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Open);
        bool expired = r.mechanism == Mechanism.Race
            // forge-lint: disable-next-line(block-timestamp)
            ? block.timestamp > r.deadline
            // forge-lint: disable-next-line(block-timestamp)
            : !r.assignableAt(block.timestamp) && (r.mechanism != Mechanism.SealedBid || block.timestamp > r.timeB);
        if (!expired) revert IProofMarket.OutsideWindow(id, "expire");
        uint256 forfeited = r.mechanism == Mechanism.SealedBid ? _forfeitUnrevealedBonds(r) : 0;
        _expire(id, r, forfeited);
    }

    /// @dev See {IProofMarket-slash}.
    function slash(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Assigned);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp <= r.proveBy) revert IProofMarket.OutsideWindow(id, "slash");
        address prover = r.prover;
        MarketParams memory mp = _params;

        OperatorState storage op = _operators[prover];
        uint32 cooldownUntil = uint32(block.timestamp + mp.cooldown);
        unchecked {
            --op.active;
        }
        // Never shorten a cooldown already running from another slash.
        if (cooldownUntil > op.cooldownUntil) op.cooldownUntil = cooldownUntil;

        uint256 slashed = r.requiredCollateral != 0 ? _stake.slash(RequestLib.lockKey(id, r.round)) : 0;
        _splitSlash(id, r, prover, slashed, mp, op.cooldownUntil);
        _reopenOrExpire(id, r);
    }

    /// @dev See {IProofMarket-setCapacity}.
    function setCapacity(uint32 maxConcurrent) external onlyDelegated {
        _operators[msg.sender].maxConcurrent = maxConcurrent;
        emit IProofMarket.CapacitySet(msg.sender, maxConcurrent);
    }

    /// @dev See {IProofMarket-withdraw}.
    function withdraw(address token, address to) external onlyDelegated nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert IProofMarket.ZeroAddress("to");
        amount = _claimable[token][msg.sender];
        if (amount == 0) revert IProofMarket.NothingToWithdraw(token, msg.sender);
        _claimable[token][msg.sender] = 0;
        emit IProofMarket.Withdrawn(msg.sender, token, to, amount);
        if (token == address(0)) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert IProofMarket.EthTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    /// @dev See {IProofMarket-setParams}.
    function setParams(MarketParams calldata newParams) external onlyDelegated onlyOwner {
        _setParams(newParams);
    }

    /// @dev See {IProofMarket-setTokenAllowed}.
    function setTokenAllowed(address token, bool allowed) external onlyDelegated onlyOwner {
        if (token == address(0)) revert IProofMarket.ZeroAddress("token");
        TokenInfo memory info = _tokenInfo[token];
        if (info.index == 0) {
            unchecked {
                info.index = ++_tokenCount;
            }
            _tokens[info.index] = token;
        }
        info.allowed = allowed;
        _tokenInfo[token] = info;
        emit IProofMarket.TokenAllowed(token, allowed, info.index);
    }

    /// @dev See {IProofMarket-pause}.
    function pause() external onlyDelegated onlyOwner {
        _pause();
    }

    /// @dev See {IProofMarket-unpause}.
    function unpause() external onlyDelegated onlyOwner {
        _unpause();
    }

    /// @dev Splits a slash between requester, rescue bounty, keeper and treasury.
    function _splitSlash(
        uint256 id,
        Request storage r,
        address prover,
        uint256 slashed,
        MarketParams memory mp,
        uint256 cooldownUntil
    ) private {
        uint256 requesterShare = slashed * mp.slashRequesterBps / BPS;
        uint256 bountyShare = slashed * mp.slashBountyBps / BPS;
        uint256 keeperShare = slashed * mp.slashKeeperBps / BPS;
        uint256 treasuryShare = slashed - requesterShare - bountyShare - keeperShare;
        if (requesterShare != 0) _credit(_stakeToken, r.requester, requesterShare);
        if (keeperShare != 0) _credit(_stakeToken, msg.sender, keeperShare);
        if (treasuryShare != 0) _credit(_stakeToken, mp.treasury, treasuryShare);
        // forge-lint: disable-next-line(unsafe-typecast)
        if (bountyShare != 0) r.bounty += uint96(bountyShare);
        emit IProofMarket.ProverSlashed(
            id, prover, msg.sender, slashed, requesterShare, bountyShare, keeperShare, treasuryShare, cooldownUntil
        );
    }
}
