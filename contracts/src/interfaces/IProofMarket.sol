// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGroth16Verifier} from "./IGroth16Verifier.sol";
import {IStakeSource} from "./IStakeSource.sol";
import {Mechanism} from "../types/Mechanism.sol";
import {RequestParams} from "../types/RequestParams.sol";
import {Request} from "../types/Request.sol";
import {MarketParams} from "../types/MarketParams.sol";
import {OperatorState} from "../types/OperatorState.sol";
import {Ask, AskTerms} from "../types/Ask.sol";
import {BidCommitment} from "../types/BidCommitment.sol";

/// @title IProofMarket
/// @notice A permissionless market for Groth16 proofs: requesters escrow a fee, provers win
/// requests by sealed-bid auction, reverse Dutch auction, orderbook or race, lock restaked
/// collateral, and are paid only for proofs the chain has verified; late provers are slashed and
/// the request re-auctioned.
/// @dev Every state change emits an event carrying all the data needed to rebuild the market's
/// state from logs alone. Balances owed to accounts (refunds, returned bonds, fees, slash shares,
/// rescue bounties) are pull payments: they accrue in `claimable` and leave through `withdraw`.
interface IProofMarket {
    // ------------------------------------------------------------------ errors
    /// @notice A zero address was given for `what`.
    error ZeroAddress(bytes32 what);
    /// @notice A governance parameter lies outside [min, max].
    error ParameterOutOfRange(bytes32 name, uint256 value, uint256 min, uint256 max);
    /// @notice The circuit is not registered in the verifier.
    error UnknownCircuit(bytes32 circuitId);
    /// @notice `given` public inputs where the circuit has `expected`.
    error WrongInputCount(uint256 given, uint256 expected);
    /// @notice Public input `index` is not below the BN254 scalar field modulus.
    error InputNotInField(uint256 index, uint256 value);
    /// @notice The public inputs do not hash to the ones the request was submitted with.
    error InputsMismatch(uint256 id);
    /// @notice maxPrice must be positive.
    error ZeroMaxPrice();
    /// @notice A Dutch minPrice above maxPrice.
    error MinPriceAboveMax(uint256 minPrice, uint256 maxPrice);
    /// @notice A time parameter (named) is inconsistent with the others or with now.
    error InvalidSchedule(bytes32 field);
    /// @notice Neither inline witness bytes nor a witness URI were given.
    error WitnessLocationMissing();
    /// @notice The callback gas limit exceeds the market's cap.
    error CallbackGasTooHigh(uint256 given, uint256 max);
    /// @notice A callback gas limit without a callback address (or the reverse combination).
    error InvalidCallback(address callback, uint256 gasLimit);
    /// @notice The payment token is not allow-listed.
    error TokenNotAllowed(address token);
    /// @notice msg.value differs from what the call must pay.
    error WrongPayment(uint256 sent, uint256 expected);
    /// @notice No request under `id`.
    error UnknownRequest(uint256 id);
    /// @notice The request is not in the status the call needs.
    error WrongStatus(uint256 id, uint8 status);
    /// @notice The call does not apply to the request's mechanism.
    error WrongMechanism(uint256 id, Mechanism mechanism);
    /// @notice Too early or too late for this step (`phase` names it).
    error OutsideWindow(uint256 id, bytes32 phase);
    /// @notice The prover already has a commitment for this request.
    error AlreadyCommitted(uint256 id, address prover);
    /// @notice No pending commitment of the caller for this request.
    error NoCommitment(uint256 id, address prover);
    /// @notice The revealed (price, salt) or proof does not match the commitment.
    error CommitmentMismatch(uint256 id, address prover);
    /// @notice A revealed bid above the request's maxPrice.
    error BidAboveMax(uint256 price, uint256 maxPrice);
    /// @notice The operator cannot take this request now; `reason` names which check failed:
    /// "operator", "cooldown", "capacity", "stake" or "excluded".
    error NotEligible(address operator, bytes32 reason);
    /// @notice Only the assigned prover may call.
    error NotAssignedProver(uint256 id, address caller);
    /// @notice Only the requester may call.
    error NotRequester(uint256 id, address caller);
    /// @notice The cancel is no longer allowed (a bid was revealed or a proof committed).
    error CannotCancel(uint256 id);
    /// @notice The Groth16 proof (or the batch) did not verify.
    error InvalidProof(uint256 id);
    /// @notice An empty batch, or batch arrays of different lengths.
    error BadBatch();
    /// @notice Not enough gas left to give the callback its full gas limit.
    error InsufficientGasForCallback(uint256 needed, uint256 left);
    /// @notice An orderbook insertion hint that is not the right predecessor.
    error InvalidHint(uint64 hint);
    /// @notice No live ask under `askId` owned by the caller.
    error UnknownAsk(uint64 askId);
    /// @notice An ask's expiry in the past.
    error AskExpiryPassed(uint256 expiry);
    /// @notice The ERC-20 delivered a different amount than it was asked to move: fee-on-transfer
    /// and rebasing tokens are refused so that the escrow accounting cannot break.
    error UnsupportedToken(address token, uint256 expected, uint256 received);
    /// @notice The stake source failed without a reason (for example out of gas): the market does
    /// not treat that as a refusal, so nobody can skip a slash or a payment by sending little gas.
    error StakeSourceFailed();
    /// @notice A race reveal of a later commitment inside the earliest commitment's priority window.
    error RacePriority(uint256 id, uint256 untilBlock);
    /// @notice Nothing to withdraw.
    error NothingToWithdraw(address token, address account);
    /// @notice A transfer of ETH failed.
    error EthTransferFailed(address to, uint256 amount);

    // ------------------------------------------------------------------ events
    /// @notice A request was submitted and `params.maxPrice` escrowed.
    /// @param circuitIndex The market's compact index of the circuit (used by the order books).
    /// @param bidBond The bond each sealed-bid commit must post (0 for other mechanisms).
    event RequestSubmitted(
        uint256 indexed id,
        address indexed requester,
        bytes32 indexed circuitId,
        uint32 circuitIndex,
        uint256 bidBond,
        RequestParams params
    );
    /// @notice A sealed bid was committed with its bond.
    event BidCommitted(uint256 indexed id, address indexed prover, bytes32 commitment, uint32 seq, uint256 bond);
    /// @notice A sealed bid was revealed. A bid that is not the best gets its bond back at once
    /// (`bondReturned`); the best bid's bond stays held until it is assigned at `finalize` (and is
    /// burned if it cannot be), and a best bid that is overtaken gets its bond back through
    /// `BondReclaimed`. Carries the auction state after the reveal.
    event BidRevealed(
        uint256 indexed id,
        address indexed prover,
        uint256 price,
        uint256 bondReturned,
        address bestBidder,
        uint256 bestPrice,
        uint256 secondPrice,
        uint32 reveals
    );
    /// @notice A bond became claimable by its prover: an unrevealed commit to a cancelled request,
    /// an overtaken best bid, or the winner's bond once it is assigned.
    event BondReclaimed(uint256 indexed id, address indexed prover, uint256 amount);
    /// @notice A sealed-bid auction closed. `winner` is zero when no eligible bid was revealed;
    /// `forfeitedBonds` (unrevealed commits, plus the held bond of a best bidder that could not be
    /// assigned) were burned: they never reach the requester.
    event AuctionSettled(
        uint256 indexed id, address indexed winner, uint256 winningBid, uint256 clearingPrice, uint256 forfeitedBonds
    );
    /// @notice A prover was assigned: `collateral` locked under `lockKey`, proof due by `proveBy`.
    /// `acceptBy` is nonzero for an orderbook match made by the prover's ask: until then the prover
    /// may `release` the assignment without being slashed.
    event RequestAssigned(
        uint256 indexed id,
        address indexed prover,
        Mechanism mechanism,
        uint256 price,
        uint256 collateral,
        bytes32 lockKey,
        uint256 proveBy,
        uint8 round,
        uint256 acceptBy
    );
    /// @notice A verified proof was paid for. `operatorPayment` went to the stake source
    /// (commission + delegators), `fee` to the treasury, `refund` (escrow − price) and the rescue
    /// `bounty` (stake token, to the prover) became claimable.
    event RequestFulfilled(
        uint256 indexed id,
        address indexed prover,
        uint256 price,
        uint256 fee,
        uint256 operatorPayment,
        uint256 refund,
        uint256 bounty
    );
    /// @notice The request's callback reverted or ran out of gas; the payment stands.
    event CallbackFailed(uint256 indexed id, address indexed callback);
    /// @notice A late prover's collateral was slashed (`slashed`, stake token) and split (see
    /// `Slashing`): compensation to the requester and rescue bounty each capped at the assigned
    /// price, a keeper reward capped by governance, the rest burned.
    event ProverSlashed(
        uint256 indexed id,
        address indexed prover,
        address indexed keeper,
        uint256 slashed,
        uint256 requesterShare,
        uint256 bountyShare,
        uint256 keeperShare,
        uint256 burned,
        uint256 cooldownUntil
    );
    /// @notice The prover of an orderbook match gave it back inside its acceptance window: its
    /// collateral was unlocked unslashed and the request re-opened (or expired).
    event AssignmentReleased(uint256 indexed id, address indexed prover);
    /// @notice The stake source refused an operator payment (for example a reward-token limit):
    /// the payment became claimable by the operator in the market instead.
    event OperatorPaidDirectly(address indexed operator, address indexed token, uint256 amount);
    /// @notice The request re-opened as a reverse Dutch auction, `excluded` may not take it.
    event RequestReopened(
        uint256 indexed id,
        uint8 round,
        uint256 minPrice,
        uint256 rampStart,
        uint256 rampEnd,
        address excluded,
        uint256 bounty
    );
    /// @notice The request can no longer be served: the escrow became claimable by the requester;
    /// the unused rescue `bounty` (stake token) and forfeited bonds of unrevealed bids were burned.
    event RequestExpired(uint256 indexed id, uint256 refund, uint256 bounty, uint256 forfeitedBonds);
    /// @notice The requester cancelled; the escrow became claimable by it.
    event RequestCancelled(uint256 indexed id, uint256 refund);
    /// @notice A standing ask was placed, with the bounds it binds (see `Ask`).
    event AskPlaced(
        uint64 indexed askId,
        address indexed prover,
        bytes32 indexed circuitId,
        uint256 price,
        uint256 expiry,
        uint64 hint,
        address token,
        uint256 maxCollateral,
        uint256 minProvingWindow,
        uint256 maxCallbackGas,
        uint256 acceptWindow
    );
    /// @notice An ask left the book: cancelled by its prover (`expired` false) or pruned
    /// (`expired` true: past its expiry, or its prover cannot take any assignment now).
    event AskRemoved(uint64 indexed askId, bool expired);
    /// @notice An open-fulfilment proof commitment was stored.
    event ProofCommitted(uint256 indexed id, address indexed prover, bytes32 commitment, uint256 blockNumber);
    /// @notice An operator declared how many assignments it takes at once.
    event CapacitySet(address indexed operator, uint32 maxConcurrent);
    /// @notice `amount` of `token` left the market to `to`.
    event Withdrawn(address indexed account, address indexed token, address to, uint256 amount);
    /// @notice Governance set the parameters; requests submitted from now on use `version`.
    event ParamsUpdated(MarketParams params, uint16 version);
    /// @notice Governance allowed or disallowed an ERC-20 payment token.
    event TokenAllowed(address indexed token, bool allowed, uint16 index);
    /// @notice The market first saw a circuit and gave it a compact index.
    event CircuitIndexed(bytes32 indexed circuitId, uint32 index, uint16 numInputs);

    // ------------------------------------------------------------------ requests
    /// @notice Submits a request and escrows `params.maxPrice` (msg.value for ETH, transferFrom
    /// otherwise). An orderbook request matches the best live ask of its (circuit, token) book
    /// whose bounds admit it, at once. The deadline may lie at most `maxRequestLifetime` ahead.
    function submit(RequestParams calldata params) external payable returns (uint256 id);

    /// @notice Cancels an open request before any bid was revealed or proof committed; the escrow
    /// becomes claimable. Only the requester. Works while paused.
    function cancel(uint256 id) external;

    /// @notice Refunds an open request that can no longer be assigned (or a race past its
    /// deadline). Anyone. Works while paused.
    function expire(uint256 id) external;

    // ------------------------------------------------------------------ sealed bid
    /// @notice Commits `keccak256(abi.encode(id, msg.sender, price, salt))` with the bid bond.
    function commitBid(uint256 id, bytes32 commitment) external payable;

    /// @notice Reveals a committed bid during the reveal window. The bond of a bid that is not the
    /// best becomes claimable at once; the best bid's bond is held until `finalize`.
    function revealBid(uint256 id, uint96 price, bytes32 salt) external;

    /// @notice Closes a sealed-bid auction after its reveal window: assigns the best bidder at the
    /// clearing price, locks its collateral and returns its bond; if it cannot be assigned its bond
    /// is burned and the request re-opens / expires. Unrevealed bonds are burned. Anyone.
    function finalize(uint256 id) external;

    /// @notice Returns the bond of an unrevealed commit to a cancelled request.
    function reclaimBond(uint256 id) external;

    // ------------------------------------------------------------------ Dutch
    /// @notice Takes an open Dutch (or re-opened) request at the current ramp price, or an
    /// orderbook request resting in its book at its maxPrice (so no entries in a book can stop a
    /// prover from trading with a request it has checked).
    function lock(uint256 id) external;

    /// @notice Gives back an orderbook assignment made by the caller's ask, before the ask's
    /// acceptance window ends (`acceptBy` of `RequestAssigned`): collateral unlocked unslashed, no
    /// cooldown, and the request re-opens as a Dutch auction excluding the caller (or expires).
    function release(uint256 id) external;

    // ------------------------------------------------------------------ orderbook
    /// @notice Places a standing ask in the (circuit, token) book on the bounds in `terms`; first
    /// matches the highest open requests of that book that the bounds admit (up to the caller's
    /// capacity and stake) at their maxPrice. The caller must be able to back the ask now: free
    /// stake >= maxCollateral and a free capacity slot.
    /// @param hint The ask to insert after (0 = head); see `askHint`. A stale hint is walked
    /// from, a bounded number of steps.
    function placeAsk(AskTerms calldata terms, uint64 hint) external returns (uint64 askId);

    /// @notice Removes the caller's ask from the book.
    function cancelAsk(uint64 askId) external;

    // ------------------------------------------------------------------ race / open fulfilment
    /// @notice Commits `keccak256(abi.encode(proof, msg.sender))` for a race request.
    function commitProof(uint256 id, bytes32 commitment) external;

    /// @notice Reveals a committed proof in a later block; the first valid reveal is paid.
    function revealProof(uint256 id, uint256[8] calldata proof, uint256[] calldata publicInputs) external;

    // ------------------------------------------------------------------ settlement
    /// @notice Delivers the proof of an assigned request, verified on-chain before any payment.
    function fulfill(uint256 id, uint256[8] calldata proof, uint256[] calldata publicInputs) external;

    /// @notice Delivers many proofs at once; when all share one circuit they are checked together
    /// with `verifyBatch`. Reverts as a whole if any proof is invalid.
    function fulfillBatch(uint256[] calldata ids, uint256[8][] calldata proofs, uint256[][] calldata publicInputs)
        external;

    /// @notice Slashes the assigned prover of a request whose proving window ended without a
    /// proof, splits the slashed stake, cools the operator down and re-opens or expires the request.
    function slash(uint256 id) external;

    // ------------------------------------------------------------------ accounts
    /// @notice Declares how many assignments the caller (an operator) takes at once.
    function setCapacity(uint32 maxConcurrent) external;

    /// @notice Sends the caller's whole claimable balance of `token` to `to`. Works while paused.
    function withdraw(address token, address to) external returns (uint256 amount);

    // ------------------------------------------------------------------ governance
    /// @notice Replaces the governance parameters (each within its cap). Owner only.
    function setParams(MarketParams calldata params) external;

    /// @notice Allows or disallows an ERC-20 payment token. Owner only.
    function setTokenAllowed(address token, bool allowed) external;

    /// @notice Stops new business (submit, bids, locks, asks); claims, refunds, fulfilment and
    /// slashing keep working. Owner only.
    function pause() external;

    /// @notice Resumes new business. Owner only.
    function unpause() external;

    // ------------------------------------------------------------------ views
    /// @notice The contract the market DELEGATECALLs for its sealed-bid, orderbook, cancel, expire,
    /// slash, account and governance entry points (it runs on the market's storage; calling it
    /// directly reverts). Events of those calls are emitted by the market's address.
    function extension() external view returns (address);

    /// @notice The module the market DELEGATECALLs for slash, release, cancel, expire, capacity,
    /// withdraw and governance (same storage; calling it directly reverts).
    function slashingModule() external view returns (address);

    /// @notice The verifier (CircuitRegistry) proofs are checked with.
    function verifier() external view returns (IGroth16Verifier);

    /// @notice Where collateral is locked and slashed and operators are paid.
    function stakeSource() external view returns (IStakeSource);

    /// @notice The current governance parameters.
    function params() external view returns (MarketParams memory);

    /// @notice The parameters of `version` (what requests with that `paramsVersion` run under).
    function paramsAt(uint16 version) external view returns (MarketParams memory);

    /// @notice Amount of `token` burned so far (slash remainders, forfeited bonds): held forever.
    function burned(address token) external view returns (uint256);

    /// @notice Longest request lifetime (deadline − submission) accepted: half the stake source's
    /// withdrawal delay, so that stake cannot leave before a slash for a request it backed lands.
    function maxRequestLifetime() external view returns (uint256);

    /// @notice Number of requests submitted so far (ids are 1..requestCount).
    function requestCount() external view returns (uint256);

    /// @notice The stored request.
    function getRequest(uint256 id) external view returns (Request memory);

    /// @notice The circuit id behind a request's compact circuit index.
    function circuitOf(uint256 id) external view returns (bytes32);

    /// @notice The payment token of a request (address(0) = ETH).
    function tokenOf(uint256 id) external view returns (address);

    /// @notice The market's compact index of `circuitId` (0 if never used).
    function circuitIndexOf(bytes32 circuitId) external view returns (uint32);

    /// @notice The price a Dutch (or re-opened) request offers now.
    function currentPrice(uint256 id) external view returns (uint256);

    /// @notice Balance of `token` the market owes `account`.
    function claimable(address token, address account) external view returns (uint256);

    /// @notice The market's view of an operator: capacity, active assignments, cooldown.
    function operatorState(address operator) external view returns (OperatorState memory);

    /// @notice Whether `operator` could be assigned a request needing `collateral` now.
    function isEligible(address operator, uint256 collateral) external view returns (bool);

    /// @notice A sealed-bid commitment.
    function bidCommitment(uint256 id, address prover) external view returns (BidCommitment memory);

    /// @notice A standing ask and its price.
    function getAsk(uint64 askId) external view returns (Ask memory ask, uint96 price);

    /// @notice Head of a (circuit, token) book's ask list (cheapest) and open-request list (highest).
    function bookHeads(bytes32 circuitId, address token) external view returns (uint64 bestAsk, uint64 bestRequest);

    /// @notice Next entry after `node` in a book's ask list (`asks` true) or request list.
    function nextInBook(bytes32 circuitId, address token, bool asks, uint64 node) external view returns (uint64);

    /// @notice The hint to pass to `placeAsk` for `price` (walks the list; for eth_call).
    function askHint(bytes32 circuitId, address token, uint96 price) external view returns (uint64);

    /// @notice The `orderbookHint` to pass to `submit` for `maxPrice` (walks the list; for eth_call).
    function requestHint(bytes32 circuitId, address token, uint96 maxPrice) external view returns (uint64);
}
