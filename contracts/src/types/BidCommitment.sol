// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A sealed bid: the leading 28 bytes of `keccak256(abi.encode(id, prover, price, salt))`
/// and the commit's arrival order (ties go to the earlier commit). Packed in one slot so that a
/// commit costs one fresh SSTORE; 224 bits keep the commitment binding (112-bit collision bound).
struct BidCommitment {
    /// Leading 28 bytes of the commitment hash; zero once revealed (or never committed).
    bytes28 digest;
    /// 1-based arrival order among the request's commits; kept after reveal for tie-breaking.
    uint32 seq;
}

/// @notice Helpers over `BidCommitment`.
library BidCommitmentLib {
    /// @notice Whether a commit exists and has not been revealed yet.
    function isPending(BidCommitment memory self) internal pure returns (bool) {
        return self.digest != bytes28(0);
    }

    /// @notice Whether `commitment` (a full hash) matches the stored digest.
    function matches(BidCommitment memory self, bytes32 commitment) internal pure returns (bool) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return self.digest == bytes28(commitment);
    }
}

using BidCommitmentLib for BidCommitment global;
