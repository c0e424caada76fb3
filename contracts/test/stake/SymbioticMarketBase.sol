// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IOperatorRegistry} from "@symbioticfi/core/src/interfaces/IOperatorRegistry.sol";
import {IOptInService} from "@symbioticfi/core/src/interfaces/service/IOptInService.sol";
import {INetworkRestakeDelegator} from "@symbioticfi/core/src/interfaces/delegator/INetworkRestakeDelegator.sol";
import {IVault} from "@symbioticfi/core/src/interfaces/vault/IVault.sol";
import {ISlasher} from "@symbioticfi/core/src/interfaces/slasher/ISlasher.sol";
import {SymbioticCore} from "./SymbioticCore.sol";
import {Groth16Fixtures} from "../utils/Groth16Fixtures.sol";
import {CircuitRegistry} from "../../src/CircuitRegistry.sol";
import {TestStakeToken} from "../../src/examples/TestStakeToken.sol";
import {ProofMarket} from "../../src/ProofMarket.sol";
import {deployMarket} from "../../script/DeployMarket.sol";
import {IGroth16Verifier} from "../../src/interfaces/IGroth16Verifier.sol";
import {IStakeSource} from "../../src/interfaces/IStakeSource.sol";
import {SymbioticStakeSource} from "../../src/stake/SymbioticStakeSource.sol";
import {SymbioticSlashBurner} from "../../src/stake/SymbioticSlashBurner.sol";
import {RequestParams} from "../../src/types/RequestParams.sol";
import {Request} from "../../src/types/Request.sol";
import {Mechanism} from "../../src/types/Mechanism.sol";

/// @title SymbioticMarketBase
/// @notice The market on restaked collateral in a real Symbiotic vault: Symbiotic core from its compiled
/// artefacts; a vault (NetworkRestakeDelegator, instant Slasher, 2-hour epochs) whose burner is ours; the
/// SymbioticStakeSource as the market's network and middleware (one subnetwork); the curator allocating
/// the network limit to three operators in equal shares; two restakers; the ProofMarket on top.
abstract contract SymbioticMarketBase is Test, SymbioticCore {
    uint256 internal constant T0 = 1_700_000_000;
    uint48 internal constant EPOCH = 2 hours;
    uint96 internal constant MAX_PRICE = 1 ether;
    uint96 internal constant COLLATERAL = 10 ether;
    /// @dev Restaked in total; each of the three operators is allocated a third.
    uint256 internal constant ALICE_DEPOSIT = 200 ether;
    uint256 internal constant BOB_DEPOSIT = 100 ether;
    uint256 internal constant PER_OPERATOR = 100 ether;
    uint32 internal constant PROVING_WINDOW = 600;
    uint32 internal constant CAPACITY = 4;

    Core internal core;
    IVault internal vault;
    INetworkRestakeDelegator internal delegator;
    ISlasher internal slasher;
    SymbioticSlashBurner internal burner;
    SymbioticStakeSource internal source;
    TestStakeToken internal stakeToken;
    CircuitRegistry internal registry;
    ProofMarket internal market;
    bytes32 internal circuitId;
    bytes32 internal subnetwork;

    address internal owner = makeAddr("owner");
    address internal curator = makeAddr("curator");
    address internal treasury = makeAddr("treasury");
    address internal requester = makeAddr("requester");
    address internal keeper = makeAddr("keeper");
    address internal op1 = makeAddr("op1");
    address internal op2 = makeAddr("op2");
    address internal op3 = makeAddr("op3");
    address internal restakerA = makeAddr("restakerA");
    address internal restakerB = makeAddr("restakerB");

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
        core = _deploySymbioticCore(address(this));
        burner = new SymbioticSlashBurner(IERC20(address(stakeToken)));
        VaultSetup memory v =
            _createVault(core, address(stakeToken), address(burner), EPOCH, curator, NETWORK_RESTAKE, INSTANT_SLASHER);
        vault = IVault(v.vault);
        delegator = INetworkRestakeDelegator(v.delegator);
        slasher = ISlasher(v.slasher);
        source = new SymbioticStakeSource(vault, burner, 0, type(uint256).max, owner);
        burner.bind(address(source));
        subnetwork = source.subnetwork();
        market = deployMarket(IGroth16Verifier(address(registry)), IStakeSource(address(source)), owner, treasury);
        vm.prank(owner);
        source.setSlasher(address(market), true);

        vm.prank(curator);
        delegator.setNetworkLimit(subnetwork, type(uint256).max);
        _joinOperator(op1);
        _joinOperator(op2);
        _joinOperator(op3);
        _restake(restakerA, ALICE_DEPOSIT);
        _restake(restakerB, BOB_DEPOSIT);
        vm.deal(requester, 1_000 ether);
        // Locks capture the stake one second back: let the deposits and opt-ins settle.
        skip(1);
    }

    /// @dev A Symbiotic operator joins: registers, opts into the network and the vault, gets one share
    /// of the network's allocation from the curator, and declares capacity in the market.
    function _joinOperator(address op) internal {
        vm.startPrank(op);
        IOperatorRegistry(core.operatorRegistry).registerOperator();
        IOptInService(core.operatorNetworkOptIn).optIn(address(source));
        IOptInService(core.operatorVaultOptIn).optIn(address(vault));
        market.setCapacity(CAPACITY);
        vm.stopPrank();
        vm.prank(curator);
        delegator.setOperatorNetworkShares(subnetwork, op, 1);
    }

    function _restake(address who, uint256 amount) internal {
        stakeToken.mint(who, amount);
        vm.startPrank(who);
        stakeToken.approve(address(vault), amount);
        vault.deposit(who, amount);
        vm.stopPrank();
    }

    function _params(uint256 k) internal view returns (RequestParams memory p) {
        p.circuitId = circuitId;
        p.publicInputs = inputs[k];
        p.witnessInline = bytes('{"secret":"3"}');
        p.maxPrice = MAX_PRICE;
        p.requiredCollateral = COLLATERAL;
        p.provingWindow = PROVING_WINDOW;
        // Within the market's lifetime cap: half the vault's slash window (EPOCH - 1 s).
        p.deadline = uint32(block.timestamp + market.maxRequestLifetime());
        p.mechanism = Mechanism.Dutch;
        p.minPrice = MAX_PRICE / 10;
        p.rampDuration = 1_000;
        p.fallbackToAuction = true;
    }

    function _submit(RequestParams memory p) internal returns (uint256 id) {
        vm.prank(requester);
        id = market.submit{value: p.maxPrice}(p);
    }

    /// @dev A Dutch request on fixture `k` locked by `prover` at once.
    function _assigned(uint256 k, address prover) internal returns (uint256 id) {
        id = _submit(_params(k));
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

    function _claim(address token, address who) internal view returns (uint256) {
        return market.claimable(token, who);
    }
}
