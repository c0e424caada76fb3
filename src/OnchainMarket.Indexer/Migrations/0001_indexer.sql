-- The indexer's own bookkeeping: the checkpoint, the headers of recent blocks (reorg detection) and logs
-- from the indexed contracts that no catalogued event matches (kept, never dropped silently).

CREATE TABLE indexer_checkpoint (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    chain_id bigint NOT NULL,
    block_number bigint NOT NULL,
    block_hash bytea NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

-- Headers of the unfinalised window (and the end of each backfill range): number, hash and parent hash.
CREATE TABLE indexer_blocks (
    number bigint PRIMARY KEY,
    hash bytea NOT NULL,
    parent_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL
);

CREATE TABLE indexer_unknown_logs (
    block_number bigint NOT NULL,
    log_index integer NOT NULL,
    block_hash bytea NOT NULL,
    block_time timestamp with time zone NOT NULL,
    tx_hash bytea NOT NULL,
    tx_index integer NOT NULL,
    address bytea NOT NULL,
    topics bytea[] NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
