// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AskFixtures} from "../utils/AskFixtures.sol";
import {Test} from "../utils/Test.sol";
import {ProofMarket} from "../../src/ProofMarket.sol";
import {RequestParams} from "../../src/types/RequestParams.sol";
import {Request} from "../../src/types/Request.sol";
import {Mechanism} from "../../src/types/Mechanism.sol";
import {RequestStatus} from "../../src/types/RequestStatus.sol";
import {SealedBidAuction} from "../../src/libraries/SealedBidAuction.sol";
import {AskTerms} from "../../src/types/Ask.sol";

/// @dev Computes the race commitment from calldata (ProofRace takes calldata only).
contract RaceCommitmentHelper {
    function commitmentOf(uint256[8] calldata proof, address prover) external pure returns (bytes32) {
        return keccak256(abi.encode(proof, prover));
    }
}

/// @title ProofMarketHandler
/// @notice Drives the real market through random but mostly valid sequences of every action, as
/// the actors (two requesters, three provers, a keeper), and keeps ghost records for the invariants.
contract ProofMarketHandler is Test {
    ProofMarket public immutable market;
    bytes32 public immutable circuitId;
    RaceCommitmentHelper private immutable _race;

    address[] public requesters;
    address[] public provers;
    address public keeper;

    uint256[8][] private _proofs;
    uint256[][] private _inputs;

    /// @notice Fixture index used by each request.
    mapping(uint256 id => uint256) public fixtureOf;
    /// @notice Successful fulfilments per request (must never exceed 1).
    mapping(uint256 id => uint256) public ghostPaidCount;
    /// @notice Fulfilments that went through with a proof for other inputs (must stay 0).
    uint256 public ghostInvalidAccepted;
    /// @notice Sealed-bid settlements: winning bid and clearing price and maxPrice.
    uint256[3][] public ghostClearings;
    /// @notice Calls per action, for the run summary.
    mapping(bytes32 action => uint256) public calls;
    /// @notice Slashes after which the requester, the keeper or the treasury gained more than its
    /// cap (price for the requester, keeper cap for the caller, nothing for the treasury). Must stay 0.
    uint256 public ghostSlashOverpaid;
    /// @notice Slashes that landed inside the proving window or on a request already delivered. Must stay 0.
    uint256 public ghostHonestSlashed;
    /// @notice Actions after which a requester's ETH claimable grew by more than the refund its
    /// request was due (a forfeited bond reached it). Must stay 0.
    uint256 public ghostBondToRequester;

    /// @dev What an action may change for a request's requester, read before it.
    struct Watch {
        address requester;
        uint256 eth;
        RequestStatus status;
    }

    constructor(
        ProofMarket market_,
        bytes32 circuitId_,
        address[] memory requesters_,
        address[] memory provers_,
        address keeper_,
        uint256[8][] memory proofs_,
        uint256[][] memory inputs_
    ) {
        market = market_;
        circuitId = circuitId_;
        requesters = requesters_;
        provers = provers_;
        keeper = keeper_;
        for (uint256 i; i < proofs_.length; ++i) {
            _proofs.push(proofs_[i]);
            _inputs.push(inputs_[i]);
        }
        _race = new RaceCommitmentHelper();
    }

    // ------------------------------------------------------------------ helpers

    function requestCount() public view returns (uint256) {
        return market.requestCount();
    }

    function _pickRequest(uint256 seed) private view returns (uint256 id, bool ok) {
        uint256 n = market.requestCount();
        if (n == 0) return (0, false);
        return (bound(seed, 1, n), true);
    }

    function _prover(uint256 seed) private view returns (address) {
        return provers[seed % provers.length];
    }

    function _salt(uint256 id, address prover) private pure returns (bytes32) {
        return keccak256(abi.encode(id, prover, "salt"));
    }

    /// @dev Deterministic per (request, prover) bid so that reveal can recompute it.
    function _bid(uint256 id, address prover) private view returns (uint96) {
        uint256 maxPrice = market.getRequest(id).maxPrice;
        return uint96(uint256(keccak256(abi.encode(id, prover, "bid"))) % (maxPrice + maxPrice / 4));
    }

    function _baseParams(uint256 seed, Mechanism m) private view returns (RequestParams memory p) {
        uint256 k = seed % _proofs.length;
        p.circuitId = circuitId;
        p.publicInputs = _inputs[k];
        p.witnessURI = "ipfs://witness";
        p.witnessHash = keccak256(abi.encode(k));
        p.maxPrice = uint96(bound(seed >> 8, 1e9, 5 ether));
        p.requiredCollateral = uint96(bound(seed >> 80, 0, 20 ether));
        p.provingWindow = uint32(bound(seed >> 120, 60, 1_200));
        p.deadline = uint32(block.timestamp + p.provingWindow + bound(seed >> 140, 0, 4_000));
        p.mechanism = m;
        p.fallbackToAuction = (seed >> 160) % 2 == 0;
        if (m == Mechanism.SealedBid) {
            p.commitDeadline = uint32(block.timestamp + 50);
            p.revealDeadline = uint32(block.timestamp + 100);
            if (p.deadline < p.revealDeadline + p.provingWindow) p.deadline = p.revealDeadline + p.provingWindow;
        } else if (m == Mechanism.Dutch) {
            p.minPrice = uint96(bound(seed >> 170, 0, p.maxPrice));
            p.rampDuration = uint32(bound(seed >> 200, 1, p.deadline - block.timestamp));
        } else if (m == Mechanism.Orderbook) {
            p.orderbookHint = market.requestHint(circuitId, address(0), p.maxPrice);
        }
    }

    function _watch(uint256 id) private view returns (Watch memory w) {
        Request memory r = market.getRequest(id);
        w = Watch({requester: r.requester, eth: market.claimable(address(0), r.requester), status: r.status});
    }

    /// @dev A requester's ETH claimable may only grow by the refund of a request that just ended.
    function _check(uint256 id, Watch memory w) private {
        Request memory r = market.getRequest(id);
        uint256 nowEth = market.claimable(address(0), w.requester);
        uint256 gained = nowEth > w.eth ? nowEth - w.eth : 0;
        bool wasLive = w.status == RequestStatus.Open || w.status == RequestStatus.Assigned;
        bool ended = r.status == RequestStatus.Fulfilled || r.status == RequestStatus.Expired
            || r.status == RequestStatus.Cancelled;
        uint256 allowed = wasLive && ended ? (r.status == RequestStatus.Fulfilled ? r.maxPrice - r.price : r.maxPrice) : 0;
        if (gained > allowed) ++ghostBondToRequester;
    }

    // ------------------------------------------------------------------ actions

    function submit(uint256 seed, uint8 mechanism) external {
        Mechanism m = Mechanism(mechanism % 4);
        RequestParams memory p = _baseParams(seed, m);
        address requester = requesters[seed % requesters.length];
        vm.deal(requester, requester.balance + p.maxPrice);
        vm.prank(requester);
        uint256 id = market.submit{value: p.maxPrice}(p);
        fixtureOf[id] = seed % _proofs.length;
        ++calls["submit"];
    }

    function commitBid(uint256 reqSeed, uint256 proverSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        address prover = _prover(proverSeed);
        Request memory r = market.getRequest(id);
        uint256 bond = uint256(r.maxPrice) * market.paramsAt(r.paramsVersion).bidBondBps / 10_000;
        bytes32 c = SealedBidAuction.commitmentOf(id, prover, _bid(id, prover), _salt(id, prover));
        vm.deal(prover, prover.balance + bond);
        vm.prank(prover);
        market.commitBid{value: bond}(id, c);
        _check(id, w);
        ++calls["commitBid"];
    }

    function revealBid(uint256 reqSeed, uint256 proverSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        address prover = _prover(proverSeed);
        Request memory r = market.getRequest(id);
        if (block.timestamp <= r.timeA) vm.warp(r.timeA + 1);
        vm.prank(prover);
        market.revealBid(id, _bid(id, prover), _salt(id, prover));
        _check(id, w);
        ++calls["revealBid"];
    }

    function finalize(uint256 reqSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        Request memory r = market.getRequest(id);
        if (block.timestamp <= r.timeB) vm.warp(r.timeB + 1);
        uint256 best = r.price;
        vm.prank(keeper);
        market.finalize(id);
        Request memory after_ = market.getRequest(id);
        if (after_.status == RequestStatus.Assigned) ghostClearings.push([best, after_.price, after_.maxPrice]);
        _check(id, w);
        ++calls["finalize"];
    }

    function lock(uint256 reqSeed, uint256 proverSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        vm.prank(_prover(proverSeed));
        market.lock(id);
        _check(id, w);
        ++calls["lock"];
    }

    function fulfill(uint256 reqSeed, bool wrongProof) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        Request memory r = market.getRequest(id);
        uint256 k = fixtureOf[id];
        uint256 pk = wrongProof ? (k + 1) % _proofs.length : k;
        vm.prank(r.prover);
        market.fulfill(id, _proofs[pk], _inputs[k]);
        if (pk != k) ++ghostInvalidAccepted;
        ++ghostPaidCount[id];
        _check(id, w);
        ++calls["fulfill"];
    }

    function fulfillBatch(uint256 proverSeed) external {
        address prover = _prover(proverSeed);
        uint256 n = market.requestCount();
        uint256 count;
        for (uint256 id = 1; id <= n; ++id) {
            Request memory r = market.getRequest(id);
            if (r.status == RequestStatus.Assigned && r.prover == prover && block.timestamp <= r.proveBy) ++count;
        }
        if (count == 0) return;
        uint256[] memory ids = new uint256[](count);
        uint256[8][] memory ps = new uint256[8][](count);
        uint256[][] memory ins = new uint256[][](count);
        uint256 j;
        for (uint256 id = 1; id <= n; ++id) {
            Request memory r = market.getRequest(id);
            if (r.status == RequestStatus.Assigned && r.prover == prover && block.timestamp <= r.proveBy) {
                ids[j] = id;
                ps[j] = _proofs[fixtureOf[id]];
                ins[j] = _inputs[fixtureOf[id]];
                ++j;
            }
        }
        vm.prank(prover);
        market.fulfillBatch(ids, ps, ins);
        for (uint256 i; i < count; ++i) {
            ++ghostPaidCount[ids[i]];
        }
        ++calls["fulfillBatch"];
    }

    function commitProof(uint256 reqSeed, uint256 proverSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        address prover = _prover(proverSeed);
        bytes32 c = _race.commitmentOf(_proofs[fixtureOf[id]], prover);
        vm.prank(prover);
        market.commitProof(id, c);
        ++calls["commitProof"];
    }

    function revealProof(uint256 reqSeed, uint256 proverSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        uint256 k = fixtureOf[id];
        vm.roll(block.number + 1);
        vm.prank(_prover(proverSeed));
        market.revealProof(id, _proofs[k], _inputs[k]);
        ++ghostPaidCount[id];
        _check(id, w);
        ++calls["revealProof"];
    }

    /// @dev Slashes as the keeper or as the requester itself (the F1/F3 attacker), then checks
    /// that nobody but the failing operator's pool lost and nobody gained beyond its cap.
    function slash(uint256 reqSeed, bool asRequester) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Request memory r = market.getRequest(id);
        if (r.status == RequestStatus.Assigned && block.timestamp <= r.proveBy) vm.warp(r.proveBy + 1);
        address caller = asRequester ? r.requester : keeper;
        address st = market.stakeSource().stakeToken();
        address treasury = market.params().treasury;
        uint256[3] memory before =
            [market.claimable(st, r.requester), market.claimable(st, keeper), market.claimable(st, treasury)];
        Watch memory w = _watch(id);
        vm.prank(caller);
        market.slash(id);
        _check(id, w);
        uint256 cap = market.paramsAt(r.paramsVersion).keeperRewardCap;
        uint256 lossCap = r.tokenIndex == 0 ? r.price : 0;
        uint256 requesterGain = market.claimable(st, r.requester) - before[0];
        uint256 keeperGain = market.claimable(st, keeper) - before[1];
        if (requesterGain > lossCap + (asRequester ? cap : 0)) ++ghostSlashOverpaid;
        if (keeperGain > cap) ++ghostSlashOverpaid;
        if (market.claimable(st, treasury) != before[2]) ++ghostSlashOverpaid;
        if (market.getRequest(id).bounty > r.bounty + lossCap) ++ghostSlashOverpaid;
        ++calls["slash"];
    }

    /// @dev Tries to slash without waiting for the window to end, or a request already delivered:
    /// it must never land (an honest prover meeting its window is never slashed).
    function slashEarly(uint256 reqSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Request memory r = market.getRequest(id);
        vm.prank(keeper);
        try market.slash(id) {
            if (block.timestamp <= r.proveBy || r.status != RequestStatus.Assigned || ghostPaidCount[id] != 0) {
                ++ghostHonestSlashed;
            }
        } catch {}
        ++calls["slashEarly"];
    }

    /// @dev The assigned prover gives back an orderbook match (H1); only inside its window.
    function release(uint256 reqSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        vm.prank(market.getRequest(id).prover);
        market.release(id);
        _check(id, w);
        ++calls["release"];
    }

    function expire(uint256 reqSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        vm.prank(keeper);
        market.expire(id);
        _check(id, w);
        ++calls["expire"];
    }

    function cancel(uint256 reqSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        vm.prank(market.getRequest(id).requester);
        market.cancel(id);
        _check(id, w);
        ++calls["cancel"];
    }

    function reclaimBond(uint256 reqSeed, uint256 proverSeed) external {
        (uint256 id, bool ok) = _pickRequest(reqSeed);
        if (!ok) return;
        Watch memory w = _watch(id);
        vm.prank(_prover(proverSeed));
        market.reclaimBond(id);
        _check(id, w);
        ++calls["reclaimBond"];
    }

    function placeAsk(uint256 proverSeed, uint96 price) external {
        address prover = _prover(proverSeed);
        price = uint96(bound(price, 1, 5 ether));
        uint64 hint = market.askHint(circuitId, address(0), price);
        vm.prank(prover);
        AskTerms memory t = AskFixtures.terms(circuitId, price, uint32(block.timestamp + 2_000), 20 ether);
        t.acceptWindow = uint32(bound(price, 0, 300));
        market.placeAsk(t, hint);
        ++calls["placeAsk"];
    }

    function withdraw(uint256 actorSeed, bool stakeToken) external {
        address[] memory all = _actors();
        address who = all[actorSeed % all.length];
        address token = stakeToken ? market.stakeSource().stakeToken() : address(0);
        vm.prank(who);
        market.withdraw(token, who);
        ++calls["withdraw"];
    }

    function warp(uint256 secs) external {
        skip(bound(secs, 1, 900));
        vm.roll(block.number + 1);
        ++calls["warp"];
    }

    // ------------------------------------------------------------------ views for invariants

    /// @notice Every account that can ever hold a claimable balance in these runs.
    function actors() external view returns (address[] memory) {
        return _actors();
    }

    function _actors() private view returns (address[] memory all) {
        all = new address[](requesters.length + provers.length + 2);
        uint256 j;
        for (uint256 i; i < requesters.length; ++i) {
            all[j++] = requesters[i];
        }
        for (uint256 i; i < provers.length; ++i) {
            all[j++] = provers[i];
        }
        all[j++] = keeper;
        all[j] = market.params().treasury;
    }

    function clearingCount() external view returns (uint256) {
        return ghostClearings.length;
    }

    function clearing(uint256 i) external view returns (uint256 winningBid, uint256 clearingPrice, uint256 maxPrice) {
        uint256[3] memory c = ghostClearings[i];
        return (c[0], c[1], c[2]);
    }
}
