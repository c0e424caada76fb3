// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CodeStore
/// @notice SSTORE2-style storage: bytes written once as the runtime code of a fresh contract and read
/// back with EXTCODECOPY (2600 gas cold + 3 per word) instead of one 2100-gas SLOAD per word.
/// @dev The runtime code is `0x00 ‖ data`: the leading STOP makes a call into the data contract a no-op,
/// so data can never execute as code. Reads therefore start at code offset 1.
library CodeStore {
    /// @notice The data contract could not be created (CREATE2 collision or out of gas).
    error CodeStoreWriteFailed();

    /// @notice More bytes than a contract's code may hold (EIP-170: 24576, minus the STOP byte).
    error CodeStoreTooLarge(uint256 size, uint256 max);

    /// @dev EIP-170 code-size limit minus the leading STOP byte.
    uint256 internal constant MAX_DATA_SIZE = 24575;

    /// @notice Deploys `data` as code with CREATE2 under `salt` and returns the data contract's address.
    function write(bytes memory data, bytes32 salt) internal returns (address pointer) {
        uint256 size = data.length;
        if (size > MAX_DATA_SIZE) revert CodeStoreTooLarge(size, MAX_DATA_SIZE);
        assembly ("memory-safe") {
            // Init code (10 bytes) followed by the runtime code 0x00 ‖ data:
            //   61 ssss   PUSH2 runtimeSize
            //   80        DUP1
            //   60 0a     PUSH1 10            (runtime code starts right after the init code)
            //   5f        PUSH0               (memory destination 0)
            //   39        CODECOPY            (mem[0..size) = code[10..10+size))
            //   5f        PUSH0
            //   f3        RETURN              (return mem[0..size) as the runtime code)
            //   00        STOP                (first runtime byte)
            // The header is written into the 32 bytes that precede the data (the length word, restored
            // below), so the init code is contiguous with the data without copying it.
            let runtimeSize := add(size, 1)
            let lengthWord := data
            // 0x61ssss80600a5f395ff300 = 11 bytes, right-aligned so it ends exactly where the data begins;
            // ssss sits 8 bytes above the low end.
            mstore(lengthWord, or(0x61000080600a5f395ff300, shl(64, runtimeSize)))
            // CREATE2 from the start of the 11 header bytes: data + 32 - 11.
            pointer := create2(0, add(lengthWord, 21), add(size, 11), salt)
            // Restore the length word the header overwrote.
            mstore(lengthWord, size)
        }
        if (pointer == address(0)) revert CodeStoreWriteFailed();
    }

    /// @notice Reads `size` bytes at `offset` of the stored data into a new bytes array.
    function read(address pointer, uint256 offset, uint256 size) internal view returns (bytes memory data) {
        assembly ("memory-safe") {
            data := mload(0x40)
            mstore(data, size)
            // +1 skips the STOP byte; bytes past the end of code read as zeros.
            extcodecopy(pointer, add(data, 0x20), add(offset, 1), size)
            // Keep the free memory pointer word-aligned.
            mstore(0x40, add(add(data, 0x20), and(add(size, 31), not(31))))
        }
    }

    /// @notice Number of data bytes stored at `pointer` (0 when there is no data contract).
    function dataSize(address pointer) internal view returns (uint256 n) {
        assembly ("memory-safe") {
            n := extcodesize(pointer)
            // Discount the STOP byte; an empty account stays 0.
            if n { n := sub(n, 1) }
        }
    }
}
