// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Groth16Fixtures} from "./Groth16Fixtures.sol";
import {CircuitRegistry} from "../../src/CircuitRegistry.sol";
import {RestakingVault} from "../../src/RestakingVault.sol";
import {TestStakeToken} from "../../src/examples/TestStakeToken.sol";
import {ProofMarket} from "../../src/ProofMarket.sol";
import {deployMarket} from "../../script/DeployMarket.sol";
import {IProofMarket} from "../../src/interfaces/IProofMarket.sol";
import {IGroth16Verifier} from "../../src/interfaces/IGroth16Verifier.sol";
import {IStakeSource} from "../../src/interfaces/IStakeSource.sol";
import {RequestParams} from "../../src/types/RequestParams.sol";
import {Request} from "../../src/types/Request.sol";
import {Mechanism} from "../../src/types/Mechanism.sol";
import {RequestStatus} from "../../src/types/RequestStatus.sol";
import {SealedBidAuction} from "../../src/libraries/SealedBidAuction.sol";
import {AskTerms} from "../../src/types/Ask.sol";
import {AskFixtures} from "./AskFixtures.sol";

/// @title MarketTestBase
/// @notice The real system for market tests: the CircuitRegistry with the snarkjs fixture circuit
/// (3 public inputs), the RestakingVault over the TestStakeToken, and the ProofMarket authorised
/// as its slasher; three registered provers with stake and capacity; fixture proofs cached.
abstract contract MarketTestBase is Test {
    uint256 internal constant T0 = 1_700_000_000;
    uint96 internal constant MAX_PRICE = 1 ether;
    uint96 internal constant COLLATERAL = 10 ether;
    uint256 internal constant STAKE = 100 ether;
    uint16 internal constant COMMISSION_BPS = 1_000;
    uint32 internal constant PROVING_WINDOW = 600;
    uint32 internal constant CAPACITY = 4;

    CircuitRegistry internal registry;
    RestakingVault internal vault;
    TestStakeToken internal stakeToken;
    ProofMarket internal market;
    bytes32 internal circuitId;

    address internal owner = makeAddr("owner");
    address internal treasury = makeAddr("treasury");
    address internal requester = makeAddr("requester");
    address internal keeper = makeAddr("keeper");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal delegator = makeAddr("delegator");

    uint256[8][] internal proofs;
    uint256[][] internal inputs;

    function setUp() public virtual {
        vm.warp(T0);
        vm.roll(100);
        registry = new CircuitRegistry();
        circuitId = registry.registerCircuit(Groth16Fixtures.verifyingKey(), Groth16Fixtures.metadata());
        uint256 n = Groth16Fixtures.proofCount();
        for (uint256 k; k < n; ++k) {
            proofs.push(Groth16Fixtures.proof(k));
            inputs.push(Groth16Fixtures.publicInputs(k));
        }

        stakeToken = new TestStakeToken("Restaked ETH", "rsETH");
        vault = _deployVault();
        market = deployMarket(IGroth16Verifier(address(registry)), IStakeSource(address(vault)), owner, treasury);
        _authoriseSlasher(address(market));

        _onboard(alice, STAKE);
        _onboard(bob, STAKE);
        _onboard(carol, STAKE);
        vm.deal(requester, 1_000 ether);
    }

    // ------------------------------------------------------------------ vault wiring

    function _deployVault() internal virtual returns (RestakingVault) {
        return new RestakingVault(IERC20(address(stakeToken)), 7 days, 1 days, owner);
    }

    function _authoriseSlasher(address slasher) internal virtual {
        vm.prank(owner);
        vault.setSlasher(slasher, true);
    }

    /// @dev Registers `operator` in the vault, self-delegates `amount` of stake and declares capacity.
    function _onboard(address operator, uint256 amount) internal virtual {
        stakeToken.mint(operator, amount);
        vm.startPrank(operator);
        vault.registerOperator(COMMISSION_BPS, "ipfs://operator");
        stakeToken.approve(address(vault), amount);
        vault.deposit(operator, amount);
        market.setCapacity(CAPACITY);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ request builders

    /// @dev Request terms for fixture proof `k` under mechanism `m`, with a sensible schedule.
    function _params(Mechanism m, uint256 k) internal view returns (RequestParams memory p) {
        p.circuitId = circuitId;
        p.publicInputs = inputs[k];
        p.witnessInline = bytes('{"secret":"3"}');
        p.maxPrice = MAX_PRICE;
        p.requiredCollateral = COLLATERAL;
        p.provingWindow = PROVING_WINDOW;
        p.deadline = uint32(block.timestamp + 3_600);
        p.mechanism = m;
        p.fallbackToAuction = true;
        if (m == Mechanism.SealedBid) {
            p.commitDeadline = uint32(block.timestamp + 100);
            p.revealDeadline = uint32(block.timestamp + 200);
        } else if (m == Mechanism.Dutch) {
            p.minPrice = MAX_PRICE / 10;
            p.rampDuration = 1_000;
        }
    }

    /// @dev ETH ask terms on the fixture circuit backing up to COLLATERAL (see AskFixtures).
    function _terms(uint96 price, uint32 expiry) internal view returns (AskTerms memory) {
        return AskFixtures.terms(circuitId, price, expiry, COLLATERAL);
    }

    /// @dev Places `t` for `prover` with the right hint.
    function _placeAsk(address prover, AskTerms memory t) internal returns (uint64) {
        uint64 hint = market.askHint(t.circuitId, t.token, t.price);
        vm.prank(prover);
        return market.placeAsk(t, hint);
    }

    function _submit(RequestParams memory p) internal returns (uint256 id) {
        vm.prank(requester);
        id = market.submit{value: p.maxPrice}(p);
    }

    function _submit(Mechanism m, uint256 k) internal returns (uint256) {
        return _submit(_params(m, k));
    }

    function _salt(address prover, uint256 price) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", prover, price));
    }

    function _commit(uint256 id, address prover, uint96 price) internal {
        uint256 bond = market.getRequest(id).maxPrice * market.paramsAt(market.getRequest(id).paramsVersion).bidBondBps / 10_000;
        vm.deal(prover, prover.balance + bond);
        vm.prank(prover);
        market.commitBid{value: bond}(id, SealedBidAuction.commitmentOf(id, prover, price, _salt(prover, price)));
    }

    function _reveal(uint256 id, address prover, uint96 price) internal {
        vm.prank(prover);
        market.revealBid(id, price, _salt(prover, price));
    }

    function _toRevealPhase(uint256 id) internal {
        vm.warp(market.getRequest(id).timeA + 1);
    }

    function _afterReveal(uint256 id) internal {
        vm.warp(market.getRequest(id).timeB + 1);
    }

    /// @dev A sealed-bid request on fixture `k` won by `prover` (single bid: paid maxPrice).
    function _assignedSealed(uint256 k, address prover, uint96 bid) internal returns (uint256 id) {
        id = _submit(Mechanism.SealedBid, k);
        _commit(id, prover, bid);
        _toRevealPhase(id);
        _reveal(id, prover, bid);
        _afterReveal(id);
        market.finalize(id);
    }

    /// @dev A Dutch request on fixture `k` locked by `prover` at once (at minPrice).
    function _assignedDutch(uint256 k, address prover) internal returns (uint256 id) {
        id = _submit(Mechanism.Dutch, k);
        vm.prank(prover);
        market.lock(id);
    }

    function _fulfill(uint256 id, address prover, uint256 k) internal {
        vm.prank(prover);
        market.fulfill(id, proofs[k], inputs[k]);
    }

    function _req(uint256 id) internal view returns (Request memory) {
        return market.getRequest(id);
    }

    function _status(uint256 id) internal view returns (RequestStatus) {
        return market.getRequest(id).status;
    }

    function _claim(address token, address who) internal view returns (uint256) {
        return market.claimable(token, who);
    }
}
