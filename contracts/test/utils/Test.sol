// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "./Vm.sol";

/// @title Test
/// @notice A small base for forge tests written without forge-std: the cheatcode handle, assertions that
/// report both values, `bound`, address helpers and the invariant-target hooks forge reads.
/// @dev Assertions delegate to forge's `vm.assert*` cheatcodes, which revert with a message that shows
/// both sides; a reverting test is a failing test. Every assertion has a form with a message; use it.
abstract contract Test {
    /// @dev keccak256("hevm cheat code") truncated to 20 bytes, the address forge intercepts.
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev BN254 scalar field modulus r (snarkjs inputs live below it).
    uint256 internal constant SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev BN254 base field modulus q (curve coordinates live below it).
    uint256 internal constant BN254_BASE_FIELD =
        21888242871839275222246405745257275088696311157297823662689037894645226208583;

    /// @notice forge's legacy marker; harmless and lets older tooling recognise the contract.
    bool public IS_TEST = true;

    // ------------------------------------------------------------------ invariant targets
    /// @dev The struct forge decodes from `targetSelectors()` / `excludeSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetedContracts;
    address[] private _excludedContracts;
    address[] private _targetedSenders;
    address[] private _excludedSenders;
    FuzzSelector[] private _targetedSelectors;

    /// @notice Read by forge's invariant runner: the contracts whose functions it calls at random.
    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    /// @notice Read by forge's invariant runner: contracts deployed in setUp that it must not call.
    function excludeContracts() public view returns (address[] memory) {
        return _excludedContracts;
    }

    /// @notice Read by forge's invariant runner: the only `msg.sender`s it may use (empty = any).
    function targetSenders() public view returns (address[] memory) {
        return _targetedSenders;
    }

    /// @notice Read by forge's invariant runner: senders it must not use.
    function excludeSenders() public view returns (address[] memory) {
        return _excludedSenders;
    }

    /// @notice Read by forge's invariant runner: per contract, the only selectors it may call.
    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetedSelectors;
    }

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function excludeContract(address target) internal {
        _excludedContracts.push(target);
    }

    function targetSender(address sender) internal {
        _targetedSenders.push(sender);
    }

    function excludeSender(address sender) internal {
        _excludedSenders.push(sender);
    }

    function targetSelector(address target, bytes4[] memory selectors) internal {
        _targetedSelectors.push(FuzzSelector({addr: target, selectors: selectors}));
    }

    // ------------------------------------------------------------------ fuzz helpers
    /// @notice Maps any fuzzed `x` into [min, max]. Values already inside are kept as they are, so the
    /// fuzzer's edge cases (0, 1, max) that fall in range still reach the test unchanged.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "Test.bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        // The whole uint256 range: every x is already in range (handled above); guard the +1 overflow.
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    /// @notice Maps any fuzzed `x` into [min, max] for signed values.
    function bound(int256 x, int256 min, int256 max) internal pure returns (int256) {
        require(min <= max, "Test.bound: min > max");
        if (x >= min && x <= max) return x;
        unchecked {
            // Two's-complement offsets from min: no signed overflow for any range, the full one included.
            uint256 size = uint256(max) - uint256(min);
            uint256 offset = size == type(uint256).max ? uint256(x) : uint256(x) % (size + 1);
            return int256(uint256(min) + offset);
        }
    }

    /// @notice A deterministic address derived from a name, labelled in traces.
    function makeAddr(string memory name) internal returns (address account) {
        (account,) = makeAddrAndKey(name);
    }

    /// @notice A deterministic address and its private key derived from a name, labelled in traces.
    function makeAddrAndKey(string memory name) internal returns (address account, uint256 privateKey) {
        privateKey = uint256(keccak256(abi.encodePacked(name)));
        account = vm.addr(privateKey);
        vm.label(account, name);
    }

    /// @notice Advances the block timestamp by `seconds_`.
    function skip(uint256 seconds_) internal {
        vm.warp(block.timestamp + seconds_);
    }

    /// @notice Gives `who` `value` wei and makes it the sender of the next call.
    function hoax(address who, uint256 value) internal {
        vm.deal(who, value);
        vm.prank(who);
    }

    // ------------------------------------------------------------------ assertions
    function fail(string memory message) internal pure {
        vm.assertTrue(false, message);
    }

    function assertTrue(bool condition) internal pure {
        vm.assertTrue(condition, "expected true");
    }

    function assertTrue(bool condition, string memory message) internal pure {
        vm.assertTrue(condition, message);
    }

    function assertFalse(bool condition) internal pure {
        vm.assertFalse(condition, "expected false");
    }

    function assertFalse(bool condition, string memory message) internal pure {
        vm.assertFalse(condition, message);
    }

    function assertEq(uint256 left, uint256 right) internal pure {
        vm.assertEq(left, right, "values differ");
    }

    function assertEq(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(int256 left, int256 right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(address left, address right) internal pure {
        vm.assertEq(left, right, "addresses differ");
    }

    function assertEq(address left, address right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(bytes32 left, bytes32 right) internal pure {
        vm.assertEq(left, right, "bytes32 values differ");
    }

    function assertEq(bytes32 left, bytes32 right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(bool left, bool right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(string memory left, string memory right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(bytes memory left, bytes memory right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(uint256[] memory left, uint256[] memory right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertNotEq(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertNotEq(left, right, message);
    }

    function assertNotEq(bytes32 left, bytes32 right, string memory message) internal pure {
        vm.assertNotEq(left, right, message);
    }

    function assertNotEq(address left, address right, string memory message) internal pure {
        vm.assertNotEq(left, right, message);
    }

    function assertLt(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertLt(left, right, message);
    }

    function assertLe(uint256 left, uint256 right) internal pure {
        vm.assertLe(left, right, "left > right");
    }

    function assertLe(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertLe(left, right, message);
    }

    function assertGt(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertGt(left, right, message);
    }

    function assertGe(uint256 left, uint256 right) internal pure {
        vm.assertGe(left, right, "left < right");
    }

    function assertGe(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertGe(left, right, message);
    }

    /// @notice |left - right| <= maxDelta.
    function assertApproxEqAbs(uint256 left, uint256 right, uint256 maxDelta, string memory message) internal pure {
        vm.assertApproxEqAbs(left, right, maxDelta, message);
    }

    /// @notice |left - right| <= right * maxPercentDelta / 1e18 (1e18 = 100%).
    function assertApproxEqRel(uint256 left, uint256 right, uint256 maxPercentDelta, string memory message)
        internal
        pure
    {
        vm.assertApproxEqRel(left, right, maxPercentDelta, message);
    }
}
