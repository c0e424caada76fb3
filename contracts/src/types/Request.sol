// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Mechanism} from "./Mechanism.sol";
import {RequestStatus} from "./RequestStatus.sol";

/// @notice A request as the market stores it: seven slots, of which `submit` writes four
/// (slot 6 only when a callback is set). The public inputs are kept only as a hash; the rest of
/// the submitted parameters live in the `RequestSubmitted` event.
/// @dev Storage layout (the gas targets depend on it; keep the packing when adding fields):
///   slot 0  requester(20) maxPrice(12)
///   slot 1  inputsHash(32)
///   slot 2  circuitIndex(4) tokenIndex(2) paramsVersion(2) deadline(4) provingWindow(4) mechanism(1)
///           status(1) fallbackToAuction(1) round(1) requiredCollateral(12)
///   slot 3  timeA(4) timeB(4) minPrice(12) commits(4) reveals(4) proveBy(4)
///   (timeA/timeB: sealed bid commit/reveal deadlines; Dutch ramp start/end; orderbook once
///   matched by an ask: timeA = end of the acceptance window; race: timeA = block of the first
///   commitment, timeB = time of the latest one)
///   slot 4  prover(20) price(12)          sealed bid: best bidder and best price while revealing
///   slot 5  secondPrice(12) bounty(12)
///   slot 6  callback(20) callbackGasLimit(4)
struct Request {
    address requester;
    uint96 maxPrice;
    bytes32 inputsHash;
    uint32 circuitIndex;
    uint16 tokenIndex;
    /// Version of the market parameters in force at submission: the fee, bid bond, slash split,
    /// cooldown and re-open rules this request is settled under (see `IProofMarket.paramsAt`).
    uint16 paramsVersion;
    uint32 deadline;
    uint32 provingWindow;
    Mechanism mechanism;
    RequestStatus status;
    bool fallbackToAuction;
    /// Assignment round: 0 at first, +1 per re-open; part of the collateral lock key.
    uint8 round;
    uint96 requiredCollateral;
    /// Sealed bid: commit deadline. Dutch: ramp start. Orderbook (ask match): acceptance window
    /// end. Race: block number of the first commitment.
    uint32 timeA;
    /// Sealed bid: reveal deadline. Dutch: ramp end. Race: time of the latest commitment.
    uint32 timeB;
    /// Dutch: starting price of the ramp.
    uint96 minPrice;
    /// Sealed-bid commits, or proof commitments of a race.
    uint32 commits;
    /// Valid sealed-bid reveals.
    uint32 reveals;
    /// End of the current proving window.
    uint32 proveBy;
    /// Assigned prover. Sealed bid before finalize: best revealed bidder. After a slash: the
    /// slashed prover, excluded from the re-opened auction.
    address prover;
    /// Assigned price. Sealed bid before finalize: best revealed price.
    uint96 price;
    /// Sealed bid: second-lowest revealed price (meaningful once two bids are revealed).
    uint96 secondPrice;
    /// Rescue bounty in the stake token, paid on top of the price to whoever fulfils.
    uint96 bounty;
    address callback;
    uint32 callbackGasLimit;
}

/// @notice Derived values of a stored `Request`.
library RequestLib {
    /// @notice The sealed-bid bond each commit must post, in the payment token, at `bondBps`
    /// (the request's snapshotted `bidBondBps`).
    function bidBond(Request storage self, uint256 bondBps) internal view returns (uint256) {
        return uint256(self.maxPrice) * bondBps / 10_000;
    }

    /// @notice The key under which the current round's collateral is locked in the stake source.
    /// @dev Request ids are sequential and far below 2^248, so id and round never collide.
    function lockKey(uint256 id, uint8 round) internal pure returns (bytes32) {
        return bytes32((id << 8) | round);
    }

    /// @notice Whether an assignment made at `nowTs` still leaves the full proving window.
    function assignableAt(Request storage self, uint256 nowTs) internal view returns (bool) {
        return nowTs + self.provingWindow <= self.deadline;
    }
}

using RequestLib for Request global;
