// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IStakeSource
/// @notice The seam between the ProofMarket and whatever holds provers' collateral.
/// The RestakingVault implements it; an adapter over an external restaking protocol
/// (EigenLayer's AllocationManager: slashable magnitude, `slashOperator`) can implement it
/// instead without any change to the market.
/// @dev Amounts are in `stakeToken()` units. Locks are keyed by the caller (the market) with
/// a bytes32 key, normally the request id combined with its assignment round.
interface IStakeSource {
    /// @notice The ERC-20 asset that backs every lock (restaked ETH: WETH, an LST or an LRT).
    function stakeToken() external view returns (address);

    /// @notice Seconds a queued withdrawal stays slashable. The market reads it once at deployment
    /// and caps request lifetimes at half of it, so stake queued after a lock cannot leave before
    /// the slash for that lock lands; a stake source must never shorten it.
    function withdrawalDelay() external view returns (uint64);

    /// @notice Whether `operator` is registered and may be assigned work.
    function isOperator(address operator) external view returns (bool);

    /// @notice Stake that can still be locked: total − locked − queued for withdrawal.
    function freeStake(address operator) external view returns (uint256);

    /// @notice Locks `amount` of `operator`'s free stake under `key`. Only authorised slashers.
    function lock(address operator, uint256 amount, bytes32 key) external;

    /// @notice Releases the lock `key` in full. Only the slasher that created it.
    function unlock(bytes32 key) external;

    /// @notice Slashes the lock `key` in full: the stake is taken from the operator's pool
    /// (every delegator loses pro rata) and transferred to the caller, which distributes it.
    /// @return slashed The amount transferred to the caller (may be less than locked if the
    /// pool shrank through other slashes).
    function slash(bytes32 key) external returns (uint256 slashed);

    /// @notice Pays `amount` of `token` (address(0) = ETH, sent as msg.value) earned by
    /// `operator`: the commission to the operator, the rest to its delegators.
    function rewardOperator(address operator, address token, uint256 amount) external payable;
}
