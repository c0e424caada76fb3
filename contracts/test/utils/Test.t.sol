// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";

contract Reverter {
    error Nope(uint256 code);

    function fail(uint256 code) external pure {
        revert Nope(code);
    }
}

/// @notice Checks the test base itself: cheatcode selectors resolve and helpers behave.
contract TestBaseTest is Test {
    Reverter private reverter;

    function setUp() public {
        reverter = new Reverter();
    }

    function testFuzz_bound_stays_in_range(uint256 x, uint256 a, uint256 b) public pure {
        (uint256 lo, uint256 hi) = a <= b ? (a, b) : (b, a);
        uint256 y = bound(x, lo, hi);
        assertGe(y, lo, "below min");
        assertLe(y, hi, "above max");
        if (x >= lo && x <= hi) assertEq(y, x, "in-range value changed");
    }

    function testFuzz_bound_signed_stays_in_range(int256 x, int256 a, int256 b) public pure {
        (int256 lo, int256 hi) = a <= b ? (a, b) : (b, a);
        int256 y = bound(x, lo, hi);
        assertTrue(y >= lo && y <= hi, "signed bound out of range");
    }

    function test_cheatcodes_resolve() public {
        address alice = makeAddr("alice");
        assertEq(alice, vm.addr(uint256(keccak256("alice"))), "makeAddr key");
        vm.deal(alice, 3 ether);
        assertEq(alice.balance, 3 ether, "deal");
        vm.warp(1000);
        skip(5);
        assertEq(block.timestamp, 1005, "warp/skip");
        vm.roll(77);
        assertEq(block.number, 77, "roll");
        vm.prank(alice);
        Probe probe = new Probe();
        vm.startPrank(alice);
        assertEq(probe.who(), alice, "startPrank");
        vm.stopPrank();
        assertEq(probe.who(), address(this), "stopPrank");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(1, keccak256("m"));
        assertEq(ecrecover(keccak256("m"), v, r, s), vm.addr(1), "sign");
        assertApproxEqAbs(100, 102, 2, "abs");
        assertApproxEqRel(100, 101, 0.02e18, "rel");
    }

    function test_expectRevert_with_selector_and_data() public {
        vm.expectPartialRevert(Reverter.Nope.selector);
        reverter.fail(1);
        vm.expectRevert(abi.encodeWithSelector(Reverter.Nope.selector, 2));
        reverter.fail(2);
    }

    event Ping(uint256 indexed id, uint256 value);

    function test_expectEmit() public {
        Probe probe = new Probe();
        vm.expectEmit(address(probe));
        emit Ping(1, 2);
        probe.ping(1, 2);
    }

    function test_readFile_and_parseJson() public view {
        string memory path = string.concat(vm.projectRoot(), "/foundry.toml");
        assertTrue(bytes(vm.readFile(path)).length > 0, "readFile");
        string memory json = '{"a":"7","b":["1","2"]}';
        assertEq(vm.parseJsonUint(json, ".a"), 7, "parseJsonUint");
        assertEq(vm.parseJsonUintArray(json, ".b").length, 2, "parseJsonUintArray");
    }
}

contract Probe {
    event Ping(uint256 indexed id, uint256 value);

    function who() external view returns (address) {
        return msg.sender;
    }

    function ping(uint256 id, uint256 value) external {
        emit Ping(id, value);
    }
}
