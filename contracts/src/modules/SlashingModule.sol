// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IProofMarket} from "../interfaces/IProofMarket.sol";
import {IGroth16Verifier} from "../interfaces/IGroth16Verifier.sol";
import {IStakeSource} from "../interfaces/IStakeSource.sol";
import {Mechanism} from "../types/Mechanism.sol";
import {RequestStatus} from "../types/RequestStatus.sol";
import {Request, RequestLib} from "../types/Request.sol";
import {MarketParams} from "../types/MarketParams.sol";
import {OperatorState} from "../types/OperatorState.sol";
import {SlashSplit} from "../types/SlashSplit.sol";
import {Orderbook} from "../libraries/Orderbook.sol";
import {ProofMarketModule} from "./ProofMarketModule.sol";

/// @title SlashingModule
/// @notice The ends of a request other than fulfilment (slash, release, cancel, expire) and the
/// account and governance entry points of the ProofMarket, run only through the market's
/// DELEGATECALL on its storage. Each function is documented in {IProofMarket}; events are
/// emitted by the market's address. The economy of a slash is `Slashing.split`.
contract SlashingModule is ProofMarketModule {
    using SafeERC20 for IERC20;
    using Orderbook for Orderbook.List;

    constructor(IGroth16Verifier verifier_, IStakeSource stake_) ProofMarketModule(verifier_, stake_) {}

    /// @dev See {IProofMarket-release}.
    function release(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Assigned);
        if (r.prover != msg.sender) revert IProofMarket.NotAssignedProver(id, msg.sender);
        // Only an ask match carries an acceptance window (timeA), and only until it ends.
        // forge-lint: disable-next-line(block-timestamp)
        if (r.mechanism != Mechanism.Orderbook || block.timestamp > r.timeA) {
            revert IProofMarket.OutsideWindow(id, "release");
        }
        _releaseLock(id, r, msg.sender);
        emit IProofMarket.AssignmentReleased(id, msg.sender);
        // `prover` keeps naming the releaser, which the re-opened auction excludes.
        _reopenOrExpire(id, r);
    }

    /// @dev See {IProofMarket-cancel}.
    function cancel(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Open);
        if (msg.sender != r.requester) revert IProofMarket.NotRequester(id, msg.sender);
        Mechanism m = r.mechanism;
        // A race commitment blocks cancelling only for a grace after the latest one (F11): enough
        // for its racer to reveal, too short for junk commitments to hold the escrow hostage.
        bool racing = m == Mechanism.Race && r.commits != 0
        // forge-lint: disable-next-line(block-timestamp)
        && block.timestamp <= uint256(r.timeB) + RACE_CANCEL_GRACE;
        if ((m == Mechanism.SealedBid && r.reveals != 0) || racing) revert IProofMarket.CannotCancel(id);
        r.status = RequestStatus.Cancelled;
        // forge-lint: disable-next-line(unsafe-typecast)
        if (m == Mechanism.Orderbook) _requestBook[_bookKey(r)].remove(uint64(id));
        uint256 refund = r.maxPrice;
        _credit(_tokenAt(r.tokenIndex), r.requester, refund);
        // A re-opened request may carry a rescue bounty from an earlier slash: burned, like on
        // expiry, so that no failure pays the requester beyond its capped compensation.
        uint256 bounty = r.bounty;
        if (bounty != 0) {
            r.bounty = 0;
            _burned[_stakeToken] += bounty;
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
        // A sealed bid never finalized: the best bid was never assigned, so its held bond goes too.
        uint256 forfeited = r.mechanism == Mechanism.SealedBid ? _forfeitBonds(r, true) : 0;
        _expire(id, r, forfeited);
    }

    /// @dev See {IProofMarket-slash}.
    function slash(uint256 id) external onlyDelegated nonReentrant {
        Request storage r = _requireStatus(id, RequestStatus.Assigned);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp <= r.proveBy) revert IProofMarket.OutsideWindow(id, "slash");
        address prover = r.prover;
        // The parameters of the request's own version: governance cannot change a running job.
        MarketParams memory mp = _paramsOf(r);

        OperatorState storage op = _operators[prover];
        uint32 cooldownUntil = uint32(block.timestamp + mp.cooldown);
        unchecked {
            --op.active;
        }
        // Never shorten a cooldown already running from another slash.
        if (cooldownUntil > op.cooldownUntil) op.cooldownUntil = cooldownUntil;

        uint256 slashed = r.requiredCollateral != 0 ? _slashLock(RequestLib.lockKey(id, r.round)) : 0;
        SlashSplit memory s = _bookSlash(r, slashed, mp);
        emit IProofMarket.ProverSlashed(
            id, prover, msg.sender, slashed, s.compensation, s.bounty, s.keeper, s.burned, op.cooldownUntil
        );
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
}
