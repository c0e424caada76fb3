-- One table per event of the indexed contracts, one row per log. Generated from the contracts' ABIs
-- (EventSchemaSql.Generate); the schema test fails when an ABI and this file disagree.
-- uint/int wider than 64 bits -> numeric(78,0); address, bytesN, bytes -> bytea; tuples flatten into
-- <field>_<component> columns; indexed strings, bytes, arrays and tuples keep their topic hash.

-- ProofMarket.AskPlaced(uint64,address,bytes32,uint256,uint256,uint64,address,uint256,uint256,uint256,uint256)
CREATE TABLE market_ask_placed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    ask_id numeric(78,0) NOT NULL,
    prover bytea NOT NULL,
    circuit_id bytea NOT NULL,
    price numeric(78,0) NOT NULL,
    expiry numeric(78,0) NOT NULL,
    hint numeric(78,0) NOT NULL,
    token bytea NOT NULL,
    max_collateral numeric(78,0) NOT NULL,
    min_proving_window numeric(78,0) NOT NULL,
    max_callback_gas numeric(78,0) NOT NULL,
    accept_window numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_ask_placed (ask_id);

-- ProofMarket.AskRemoved(uint64,bool)
CREATE TABLE market_ask_removed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    ask_id numeric(78,0) NOT NULL,
    expired boolean NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_ask_removed (ask_id);

-- ProofMarket.AssignmentReleased(uint256,address)
CREATE TABLE market_assignment_released (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    prover bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_assignment_released (id);

-- ProofMarket.AuctionSettled(uint256,address,uint256,uint256,uint256)
CREATE TABLE market_auction_settled (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    winner bytea NOT NULL,
    winning_bid numeric(78,0) NOT NULL,
    clearing_price numeric(78,0) NOT NULL,
    forfeited_bonds numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_auction_settled (id);

-- ProofMarket.BidCommitted(uint256,address,bytes32,uint32,uint256)
CREATE TABLE market_bid_committed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    prover bytea NOT NULL,
    commitment bytea NOT NULL,
    seq bigint NOT NULL,
    bond numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_bid_committed (id);

-- ProofMarket.BidRevealed(uint256,address,uint256,uint256,address,uint256,uint256,uint32)
CREATE TABLE market_bid_revealed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    prover bytea NOT NULL,
    price numeric(78,0) NOT NULL,
    bond_returned numeric(78,0) NOT NULL,
    best_bidder bytea NOT NULL,
    best_price numeric(78,0) NOT NULL,
    second_price numeric(78,0) NOT NULL,
    reveals bigint NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_bid_revealed (id);

-- ProofMarket.BondReclaimed(uint256,address,uint256)
CREATE TABLE market_bond_reclaimed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    prover bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_bond_reclaimed (id);

-- ProofMarket.CallbackFailed(uint256,address)
CREATE TABLE market_callback_failed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    callback bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_callback_failed (id);

-- ProofMarket.CapacitySet(address,uint32)
CREATE TABLE market_capacity_set (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    max_concurrent bigint NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_capacity_set (operator);

-- ProofMarket.CircuitIndexed(bytes32,uint32,uint16)
CREATE TABLE market_circuit_indexed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    circuit_id bytea NOT NULL,
    index bigint NOT NULL,
    num_inputs bigint NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_circuit_indexed (circuit_id);

-- ProofMarket.OperatorPaidDirectly(address,address,uint256)
CREATE TABLE market_operator_paid_directly (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    token bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_operator_paid_directly (operator);

-- ProofMarket.OwnershipTransferStarted(address,address)
CREATE TABLE market_ownership_transfer_started (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    previous_owner bytea NOT NULL,
    new_owner bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_ownership_transfer_started (previous_owner);

-- ProofMarket.OwnershipTransferred(address,address)
CREATE TABLE market_ownership_transferred (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    previous_owner bytea NOT NULL,
    new_owner bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_ownership_transferred (previous_owner);

-- ProofMarket.ParamsUpdated((address,uint16,uint16,uint16,uint16,uint16,uint8,uint32,uint32,uint96),uint16)
CREATE TABLE market_params_updated (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    params_treasury bytea NOT NULL,
    params_fee_bps bigint NOT NULL,
    params_bid_bond_bps bigint NOT NULL,
    params_slash_requester_bps bigint NOT NULL,
    params_slash_bounty_bps bigint NOT NULL,
    params_slash_keeper_bps bigint NOT NULL,
    params_max_reopens bigint NOT NULL,
    params_cooldown bigint NOT NULL,
    params_reopen_ramp bigint NOT NULL,
    params_keeper_reward_cap numeric(78,0) NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (block_number, log_index)
);

-- ProofMarket.Paused(address)
CREATE TABLE market_paused (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    account bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);

-- ProofMarket.ProofCommitted(uint256,address,bytes32,uint256)
CREATE TABLE market_proof_committed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    prover bytea NOT NULL,
    commitment bytea NOT NULL,
    evt_block_number numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_proof_committed (id);

-- ProofMarket.ProverSlashed(uint256,address,address,uint256,uint256,uint256,uint256,uint256,uint256)
CREATE TABLE market_prover_slashed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    prover bytea NOT NULL,
    keeper bytea NOT NULL,
    slashed numeric(78,0) NOT NULL,
    requester_share numeric(78,0) NOT NULL,
    bounty_share numeric(78,0) NOT NULL,
    keeper_share numeric(78,0) NOT NULL,
    burned numeric(78,0) NOT NULL,
    cooldown_until numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_prover_slashed (id);

-- ProofMarket.RequestAssigned(uint256,address,uint8,uint256,uint256,bytes32,uint256,uint8,uint256)
CREATE TABLE market_request_assigned (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    prover bytea NOT NULL,
    mechanism bigint NOT NULL,
    price numeric(78,0) NOT NULL,
    collateral numeric(78,0) NOT NULL,
    lock_key bytea NOT NULL,
    prove_by numeric(78,0) NOT NULL,
    round bigint NOT NULL,
    accept_by numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_request_assigned (id);

-- ProofMarket.RequestCancelled(uint256,uint256)
CREATE TABLE market_request_cancelled (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    refund numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_request_cancelled (id);

-- ProofMarket.RequestExpired(uint256,uint256,uint256,uint256)
CREATE TABLE market_request_expired (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    refund numeric(78,0) NOT NULL,
    bounty numeric(78,0) NOT NULL,
    forfeited_bonds numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_request_expired (id);

-- ProofMarket.RequestFulfilled(uint256,address,uint256,uint256,uint256,uint256,uint256)
CREATE TABLE market_request_fulfilled (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    prover bytea NOT NULL,
    price numeric(78,0) NOT NULL,
    fee numeric(78,0) NOT NULL,
    operator_payment numeric(78,0) NOT NULL,
    refund numeric(78,0) NOT NULL,
    bounty numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_request_fulfilled (id);

-- ProofMarket.RequestReopened(uint256,uint8,uint256,uint256,uint256,address,uint256)
CREATE TABLE market_request_reopened (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    round bigint NOT NULL,
    min_price numeric(78,0) NOT NULL,
    ramp_start numeric(78,0) NOT NULL,
    ramp_end numeric(78,0) NOT NULL,
    excluded bytea NOT NULL,
    bounty numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_request_reopened (id);

-- ProofMarket.RequestSubmitted(uint256,address,bytes32,uint32,uint256,(bytes32,uint256[],bytes,string,bytes32,address,uint96,uint96,uint96,uint32,uint32,uint32,uint32,uint32,uint8,bool,address,uint32,uint64))
CREATE TABLE market_request_submitted (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    requester bytea NOT NULL,
    circuit_id bytea NOT NULL,
    circuit_index bigint NOT NULL,
    bid_bond numeric(78,0) NOT NULL,
    params_circuit_id bytea NOT NULL,
    params_public_inputs numeric(78,0)[] NOT NULL,
    params_witness_inline bytea NOT NULL,
    params_witness_uri text NOT NULL,
    params_witness_hash bytea NOT NULL,
    params_token bytea NOT NULL,
    params_max_price numeric(78,0) NOT NULL,
    params_min_price numeric(78,0) NOT NULL,
    params_required_collateral numeric(78,0) NOT NULL,
    params_commit_deadline bigint NOT NULL,
    params_reveal_deadline bigint NOT NULL,
    params_ramp_duration bigint NOT NULL,
    params_proving_window bigint NOT NULL,
    params_deadline bigint NOT NULL,
    params_mechanism bigint NOT NULL,
    params_fallback_to_auction boolean NOT NULL,
    params_callback bytea NOT NULL,
    params_callback_gas_limit bigint NOT NULL,
    params_orderbook_hint numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_request_submitted (id);

-- ProofMarket.TokenAllowed(address,bool,uint16)
CREATE TABLE market_token_allowed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    token bytea NOT NULL,
    allowed boolean NOT NULL,
    index bigint NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_token_allowed (token);

-- ProofMarket.Unpaused(address)
CREATE TABLE market_unpaused (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    account bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);

-- ProofMarket.Withdrawn(address,address,address,uint256)
CREATE TABLE market_withdrawn (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    account bytea NOT NULL,
    token bytea NOT NULL,
    evt_to bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON market_withdrawn (account);

-- RestakingVault.CommissionIncreaseQueued(address,uint16,uint64)
CREATE TABLE vault_commission_increase_queued (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    new_commission_bps bigint NOT NULL,
    effective_at numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_commission_increase_queued (operator);

-- RestakingVault.CommissionUpdated(address,uint16,uint16)
CREATE TABLE vault_commission_updated (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    old_commission_bps bigint NOT NULL,
    new_commission_bps bigint NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_commission_updated (operator);

-- RestakingVault.Deposited(address,address,uint256,uint256,uint256,uint256)
CREATE TABLE vault_deposited (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    delegator bytea NOT NULL,
    assets numeric(78,0) NOT NULL,
    shares numeric(78,0) NOT NULL,
    pool_assets numeric(78,0) NOT NULL,
    pool_shares numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_deposited (operator);

-- RestakingVault.OperatorMetadataURIUpdated(address,string)
CREATE TABLE vault_operator_metadata_uri_updated (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    metadata_uri text NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_operator_metadata_uri_updated (operator);

-- RestakingVault.OperatorRegistered(address,uint16,string)
CREATE TABLE vault_operator_registered (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    commission_bps bigint NOT NULL,
    metadata_uri text NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_operator_registered (operator);

-- RestakingVault.OperatorRewarded(address,address,address,uint256,uint256,uint256)
CREATE TABLE vault_operator_rewarded (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    token bytea NOT NULL,
    payer bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    commission numeric(78,0) NOT NULL,
    reward_per_share numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_operator_rewarded (operator);

-- RestakingVault.OwnershipTransferStarted(address,address)
CREATE TABLE vault_ownership_transfer_started (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    previous_owner bytea NOT NULL,
    new_owner bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_ownership_transfer_started (previous_owner);

-- RestakingVault.OwnershipTransferred(address,address)
CREATE TABLE vault_ownership_transferred (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    previous_owner bytea NOT NULL,
    new_owner bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_ownership_transferred (previous_owner);

-- RestakingVault.RewardsClaimed(address,address,address,uint256)
CREATE TABLE vault_rewards_claimed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    token bytea NOT NULL,
    account bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_rewards_claimed (operator);

-- RestakingVault.SlasherSet(address,bool)
CREATE TABLE vault_slasher_set (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    slasher bytea NOT NULL,
    allowed boolean NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_slasher_set (slasher);

-- RestakingVault.StakeLocked(address,bytes32,address,uint256,uint256)
CREATE TABLE vault_stake_locked (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    slasher bytea NOT NULL,
    key bytea NOT NULL,
    operator bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    operator_locked numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_stake_locked (slasher);

-- RestakingVault.StakeSlashed(address,bytes32,address,uint256,uint256,uint256,uint256)
CREATE TABLE vault_stake_slashed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    slasher bytea NOT NULL,
    key bytea NOT NULL,
    operator bytea NOT NULL,
    locked numeric(78,0) NOT NULL,
    slashed numeric(78,0) NOT NULL,
    pool_assets numeric(78,0) NOT NULL,
    operator_locked numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_stake_slashed (slasher);

-- RestakingVault.StakeUnlocked(address,bytes32,address,uint256,uint256)
CREATE TABLE vault_stake_unlocked (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    slasher bytea NOT NULL,
    key bytea NOT NULL,
    operator bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    operator_locked numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_stake_unlocked (slasher);

-- RestakingVault.WithdrawalCompleted(uint256,address,address,uint256,uint256,uint256,uint256,uint256)
CREATE TABLE vault_withdrawal_completed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    operator bytea NOT NULL,
    delegator bytea NOT NULL,
    shares numeric(78,0) NOT NULL,
    assets numeric(78,0) NOT NULL,
    pool_assets numeric(78,0) NOT NULL,
    pool_shares numeric(78,0) NOT NULL,
    pool_queued_shares numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_withdrawal_completed (id);

-- RestakingVault.WithdrawalQueued(uint256,address,address,uint256,uint64,uint256)
CREATE TABLE vault_withdrawal_queued (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    id numeric(78,0) NOT NULL,
    operator bytea NOT NULL,
    delegator bytea NOT NULL,
    shares numeric(78,0) NOT NULL,
    ready_at numeric(78,0) NOT NULL,
    pool_queued_shares numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON vault_withdrawal_queued (id);

-- CircuitRegistry.CircuitRegistered(bytes32,address,address,uint256,(uint256[2],uint256[4],uint256[4],uint256[4],uint256[2][]),(string,uint64,bytes32,bytes32,string))
CREATE TABLE registry_circuit_registered (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    circuit_id bytea NOT NULL,
    registrant bytea NOT NULL,
    key_pointer bytea NOT NULL,
    num_public_inputs numeric(78,0) NOT NULL,
    vk_alpha1 numeric(78,0)[] NOT NULL,
    vk_beta2 numeric(78,0)[] NOT NULL,
    vk_gamma2 numeric(78,0)[] NOT NULL,
    vk_delta2 numeric(78,0)[] NOT NULL,
    vk_ic jsonb,
    metadata_name text NOT NULL,
    metadata_constraints numeric(78,0) NOT NULL,
    metadata_wasm_hash bytea NOT NULL,
    metadata_zkey_hash bytea NOT NULL,
    metadata_uri text NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON registry_circuit_registered (circuit_id);

-- ExampleRollup.BatchPosted(uint256,uint256,uint256,uint256)
CREATE TABLE rollup_batch_posted (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    request_id numeric(78,0) NOT NULL,
    old_root numeric(78,0) NOT NULL,
    new_root numeric(78,0) NOT NULL,
    batch_hash numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON rollup_batch_posted (request_id);

-- ExampleRollup.ForeignRequestIgnored(uint256)
CREATE TABLE rollup_foreign_request_ignored (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    request_id numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON rollup_foreign_request_ignored (request_id);

-- ExampleRollup.StaleProofIgnored(uint256,uint256,uint256)
CREATE TABLE rollup_stale_proof_ignored (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    request_id numeric(78,0) NOT NULL,
    current_root numeric(78,0) NOT NULL,
    proven_old_root numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON rollup_stale_proof_ignored (request_id);

-- ExampleRollup.StateRootAdvanced(uint256,uint256,uint256,uint256)
CREATE TABLE rollup_state_root_advanced (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    request_id numeric(78,0) NOT NULL,
    old_root numeric(78,0) NOT NULL,
    new_root numeric(78,0) NOT NULL,
    batch_hash numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON rollup_state_root_advanced (request_id);

-- SymbioticStakeSource.MaxNetworkLimitSet(uint256)
CREATE TABLE symbiotic_max_network_limit_set (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);

-- SymbioticStakeSource.OwnershipTransferStarted(address,address)
CREATE TABLE symbiotic_ownership_transfer_started (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    previous_owner bytea NOT NULL,
    new_owner bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON symbiotic_ownership_transfer_started (previous_owner);

-- SymbioticStakeSource.OwnershipTransferred(address,address)
CREATE TABLE symbiotic_ownership_transferred (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    previous_owner bytea NOT NULL,
    new_owner bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON symbiotic_ownership_transferred (previous_owner);

-- SymbioticStakeSource.RewardClaimed(address,address,address,uint256)
CREATE TABLE symbiotic_reward_claimed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    token bytea NOT NULL,
    evt_to bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON symbiotic_reward_claimed (operator);

-- SymbioticStakeSource.RewardCredited(address,address,uint256)
CREATE TABLE symbiotic_reward_credited (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    operator bytea NOT NULL,
    token bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON symbiotic_reward_credited (operator);

-- SymbioticStakeSource.SlasherSet(address,bool)
CREATE TABLE symbiotic_slasher_set (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    slasher bytea NOT NULL,
    allowed boolean NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON symbiotic_slasher_set (slasher);

-- SymbioticStakeSource.StakeLocked(address,bytes32,address,uint256,uint48,uint256)
CREATE TABLE symbiotic_stake_locked (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    slasher bytea NOT NULL,
    key bytea NOT NULL,
    operator bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    captured_at numeric(78,0) NOT NULL,
    locked numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON symbiotic_stake_locked (slasher);

-- SymbioticStakeSource.StakeSlashed(address,bytes32,address,uint256,uint256,uint48,uint256)
CREATE TABLE symbiotic_stake_slashed (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    slasher bytea NOT NULL,
    key bytea NOT NULL,
    operator bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    slashed numeric(78,0) NOT NULL,
    capture_timestamp numeric(78,0) NOT NULL,
    locked numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON symbiotic_stake_slashed (slasher);

-- SymbioticStakeSource.StakeUnlocked(address,bytes32,address,uint256,uint256)
CREATE TABLE symbiotic_stake_unlocked (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    slasher bytea NOT NULL,
    key bytea NOT NULL,
    operator bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    locked numeric(78,0) NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX ON symbiotic_stake_unlocked (slasher);
