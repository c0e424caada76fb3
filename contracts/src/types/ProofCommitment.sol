// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Step one of open fulfilment: the leading 28 bytes of
/// `keccak256(abi.encode(proof, prover))` and the block it arrived in. One slot.
struct ProofCommitment {
    bytes28 digest;
    /// Block number of the commit; the reveal must come in a later block.
    uint32 blockNumber;
}

/// @notice Helpers over `ProofCommitment`.
library ProofCommitmentLib {
    /// @notice Whether a commitment is stored.
    function exists(ProofCommitment memory self) internal pure returns (bool) {
        return self.digest != bytes28(0);
    }
}

using ProofCommitmentLib for ProofCommitment global;
