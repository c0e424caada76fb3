// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title console
/// @notice Debug logging through forge's console address (shown with `forge test -vv`), for the few
/// signatures this project's tests use. The payload is `abi.encodeWithSignature("log(...)", ...)`.
library console {
    /// @dev "console.log" as an address; forge decodes staticcalls to it.
    address private constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    function _send(bytes memory payload) private view {
        // A staticcall keeps `view` callers `view`; the result is irrelevant.
        (bool ok,) = CONSOLE.staticcall(payload);
        ok;
    }

    function log(string memory message) internal view {
        _send(abi.encodeWithSignature("log(string)", message));
    }

    function log(string memory message, uint256 value) internal view {
        _send(abi.encodeWithSignature("log(string,uint256)", message, value));
    }

    function log(string memory message, address value) internal view {
        _send(abi.encodeWithSignature("log(string,address)", message, value));
    }

    function log(string memory message, bytes32 value) internal view {
        _send(abi.encodeWithSignature("log(string,bytes32)", message, value));
    }

    function log(string memory message, bool value) internal view {
        _send(abi.encodeWithSignature("log(string,bool)", message, value));
    }

    function log(string memory message, string memory value) internal view {
        _send(abi.encodeWithSignature("log(string,string)", message, value));
    }
}
