// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ProofCommitment} from "../types/ProofCommitment.sol";

/// @title ProofRace
/// @notice Open fulfilment without assignment, protected against mempool copying: a prover first
/// commits `keccak256(abi.encode(proof, prover))`, then reveals the proof in a later block. A
/// copier sees the proof only in the reveal, so its own commitment lands after the original one's
/// reveal is already in the mempool; the first valid reveal of an earlier-block commitment is paid.
library ProofRace {
    /// @notice The commitment a racer posts before revealing `proof`.
    function commitmentOf(uint256[8] calldata proof, address prover) internal pure returns (bytes32) {
        return keccak256(abi.encode(proof, prover));
    }

    /// @notice Whether `c` may be revealed with `proof` by `prover` in block `blockNumber`.
    function canReveal(ProofCommitment memory c, uint256[8] calldata proof, address prover, uint256 blockNumber)
        internal
        pure
        returns (bool)
    {
        return c.exists() && blockNumber > c.blockNumber && c.digest == bytes28(commitmentOf(proof, prover));
    }
}
