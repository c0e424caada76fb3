// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice What the market itself knows about an operator: its declared capacity, how many
/// assignments it holds now, and the circuit-breaker cooldown after a slash. One storage slot.
struct OperatorState {
    /// Declared maximum number of concurrent assignments (0 = not accepting work).
    uint32 maxConcurrent;
    /// Assignments held now (assigned, not yet fulfilled or slashed).
    uint32 active;
    /// No new assignment before this timestamp.
    uint32 cooldownUntil;
}

/// @notice Capacity and cooldown checks on `OperatorState`.
library OperatorStateLib {
    /// @notice Whether the operator may take one more assignment at time `nowTs`.
    function canTakeMore(OperatorState memory self, uint256 nowTs) internal pure returns (bool) {
        return self.active < self.maxConcurrent && nowTs >= self.cooldownUntil;
    }
}

using OperatorStateLib for OperatorState global;
