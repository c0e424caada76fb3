-- Derived state: the current picture of requests, operators, locks and asks, recomputed from the event rows.
-- Every commit calls indexer_touch(from_block) on the rows it adds (and, on a reorg, on the rows it is about to
-- delete), then indexer_refresh(): each touched key is recomputed from all of its remaining events, so a
-- rollback leaves exactly what a fresh index of the canonical chain would hold. No eth_call is involved: the
-- contracts' events carry every field (the vault's events carry the pool totals after each change).

CREATE TABLE request_state (
    id numeric(78,0) PRIMARY KEY,
    requester bytea,
    circuit_id bytea,
    token bytea,
    -- 0 sealed-bid, 1 Dutch, 2 orderbook, 3 race; a re-opened request becomes Dutch.
    mechanism bigint,
    submitted_mechanism bigint,
    status text NOT NULL,
    round bigint NOT NULL,
    max_price numeric(78,0),
    min_price numeric(78,0),
    required_collateral numeric(78,0),
    bid_bond numeric(78,0),
    deadline bigint,
    proving_window bigint,
    fallback_to_auction boolean,
    callback bytea,
    -- The best bidder during a sealed-bid reveal, then the assigned (or race-winning) prover.
    prover bytea,
    price numeric(78,0),
    second_price numeric(78,0),
    collateral numeric(78,0),
    lock_key bytea,
    prove_by numeric(78,0),
    commits bigint NOT NULL,
    reveals bigint NOT NULL,
    bounty numeric(78,0) NOT NULL,
    submitted_block bigint,
    submitted_at timestamp with time zone,
    assigned_at timestamp with time zone,
    closed_at timestamp with time zone,
    updated_block bigint NOT NULL
);
CREATE INDEX ON request_state (status);
CREATE INDEX ON request_state (prover);

CREATE TABLE operator_state (
    operator bytea PRIMARY KEY,
    registered boolean NOT NULL,
    commission_bps bigint,
    metadata_uri text,
    -- Pool totals as the vault reported them after its latest change (stake-token units and shares).
    pool_assets numeric(78,0) NOT NULL,
    pool_shares numeric(78,0) NOT NULL,
    queued_shares numeric(78,0) NOT NULL,
    locked numeric(78,0) NOT NULL,
    max_concurrent bigint NOT NULL,
    active_assignments bigint NOT NULL,
    cooldown_until numeric(78,0) NOT NULL,
    updated_block bigint NOT NULL
);

CREATE TABLE lock_state (
    slasher bytea NOT NULL,
    key bytea NOT NULL,
    operator bytea NOT NULL,
    amount numeric(78,0) NOT NULL,
    -- locked, unlocked or slashed.
    status text NOT NULL,
    slashed numeric(78,0) NOT NULL,
    locked_at timestamp with time zone NOT NULL,
    released_at timestamp with time zone,
    PRIMARY KEY (slasher, key)
);
CREATE INDEX ON lock_state (operator) WHERE status = 'locked';

CREATE TABLE ask_state (
    ask_id numeric(78,0) PRIMARY KEY,
    prover bytea NOT NULL,
    circuit_id bytea NOT NULL,
    price numeric(78,0) NOT NULL,
    expiry numeric(78,0) NOT NULL,
    active boolean NOT NULL,
    removed_expired boolean,
    placed_at timestamp with time zone NOT NULL,
    removed_at timestamp with time zone
);
CREATE INDEX ON ask_state (circuit_id, price) WHERE active;

-- Lookups by operator for the refresh below (the event tables index their first indexed field only).
CREATE INDEX ON market_request_assigned (prover);
CREATE INDEX ON market_request_fulfilled (prover);
CREATE INDEX ON market_prover_slashed (prover);
CREATE INDEX ON vault_stake_locked (operator);
CREATE INDEX ON vault_stake_unlocked (operator);
CREATE INDEX ON vault_stake_slashed (operator);
CREATE INDEX ON vault_stake_locked (slasher, key);
CREATE INDEX ON vault_stake_unlocked (slasher, key);
CREATE INDEX ON vault_stake_slashed (slasher, key);

-- jit off: these run on every commit over small key sets; compiling their plans with LLVM costs far more than running them.
CREATE FUNCTION indexer_touch(from_block bigint) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS touched_requests (id numeric(78,0) PRIMARY KEY) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS touched_operators (operator bytea PRIMARY KEY) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS touched_locks (slasher bytea, key bytea, PRIMARY KEY (slasher, key)) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS touched_asks (ask_id numeric(78,0) PRIMARY KEY) ON COMMIT DELETE ROWS;

    INSERT INTO touched_requests
        SELECT id FROM market_request_submitted WHERE block_number >= from_block
        UNION SELECT id FROM market_bid_committed WHERE block_number >= from_block
        UNION SELECT id FROM market_bid_revealed WHERE block_number >= from_block
        UNION SELECT id FROM market_auction_settled WHERE block_number >= from_block
        UNION SELECT id FROM market_request_assigned WHERE block_number >= from_block
        UNION SELECT id FROM market_request_fulfilled WHERE block_number >= from_block
        UNION SELECT id FROM market_prover_slashed WHERE block_number >= from_block
        UNION SELECT id FROM market_request_reopened WHERE block_number >= from_block
        UNION SELECT id FROM market_request_expired WHERE block_number >= from_block
        UNION SELECT id FROM market_request_cancelled WHERE block_number >= from_block
        UNION SELECT id FROM market_proof_committed WHERE block_number >= from_block
        UNION SELECT id FROM market_assignment_released WHERE block_number >= from_block
    ON CONFLICT DO NOTHING;

    INSERT INTO touched_operators
        SELECT prover FROM market_request_assigned WHERE block_number >= from_block
        UNION SELECT prover FROM market_request_fulfilled WHERE block_number >= from_block
        UNION SELECT prover FROM market_prover_slashed WHERE block_number >= from_block
        -- A released assignment frees the prover's slot (the request re-opens or expires).
        UNION SELECT prover FROM market_assignment_released WHERE block_number >= from_block
        UNION SELECT best_bidder FROM market_bid_revealed WHERE block_number >= from_block
        UNION SELECT operator FROM market_capacity_set WHERE block_number >= from_block
        UNION SELECT operator FROM vault_operator_registered WHERE block_number >= from_block
        UNION SELECT operator FROM vault_operator_metadata_uri_updated WHERE block_number >= from_block
        UNION SELECT operator FROM vault_commission_updated WHERE block_number >= from_block
        UNION SELECT operator FROM vault_deposited WHERE block_number >= from_block
        UNION SELECT operator FROM vault_withdrawal_queued WHERE block_number >= from_block
        UNION SELECT operator FROM vault_withdrawal_completed WHERE block_number >= from_block
        UNION SELECT operator FROM vault_stake_locked WHERE block_number >= from_block
        UNION SELECT operator FROM vault_stake_unlocked WHERE block_number >= from_block
        UNION SELECT operator FROM vault_stake_slashed WHERE block_number >= from_block
    ON CONFLICT DO NOTHING;

    INSERT INTO touched_locks
        SELECT slasher, key FROM vault_stake_locked WHERE block_number >= from_block
        UNION SELECT slasher, key FROM vault_stake_unlocked WHERE block_number >= from_block
        UNION SELECT slasher, key FROM vault_stake_slashed WHERE block_number >= from_block
    ON CONFLICT DO NOTHING;

    INSERT INTO touched_asks
        SELECT ask_id FROM market_ask_placed WHERE block_number >= from_block
        UNION SELECT ask_id FROM market_ask_removed WHERE block_number >= from_block
    ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION indexer_refresh() RETURNS void LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    -- A rollback with nothing touched since the session started still finds the tables.
    PERFORM indexer_touch(9223372036854775807);

    DELETE FROM request_state WHERE id IN (SELECT id FROM touched_requests);
    INSERT INTO request_state
    WITH ids AS (SELECT id FROM touched_requests),
    ordered AS (
        -- Every event that sets a field, with the field values it sets (null: leaves it alone).
        SELECT id, block_number, log_index, 'open' AS status, params_mechanism AS mechanism, NULL::bigint AS round,
               NULL::bytea AS prover, NULL::numeric AS price, NULL::numeric AS second_price, NULL::numeric AS bounty
          FROM market_request_submitted WHERE id IN (SELECT id FROM ids)
        UNION ALL SELECT id, block_number, log_index, NULL, NULL, NULL, best_bidder, best_price, second_price, NULL
          FROM market_bid_revealed WHERE id IN (SELECT id FROM ids)
        UNION ALL SELECT id, block_number, log_index, 'assigned', mechanism, round, prover, price, NULL, NULL
          FROM market_request_assigned WHERE id IN (SELECT id FROM ids)
        UNION ALL SELECT id, block_number, log_index, 'fulfilled', NULL, NULL, prover, price, NULL, 0
          FROM market_request_fulfilled WHERE id IN (SELECT id FROM ids)
        UNION ALL SELECT id, block_number, log_index, 'open', 1, round, NULL, NULL, NULL, bounty
          FROM market_request_reopened WHERE id IN (SELECT id FROM ids)
        UNION ALL SELECT id, block_number, log_index, 'expired', NULL, NULL, NULL, NULL, NULL, 0
          FROM market_request_expired WHERE id IN (SELECT id FROM ids)
        -- Cancelling refunds a re-opened request's rescue bounty too (RequestCancelled carries only the escrow).
        UNION ALL SELECT id, block_number, log_index, 'cancelled', NULL, NULL, NULL, NULL, NULL, 0
          FROM market_request_cancelled WHERE id IN (SELECT id FROM ids)
    ),
    latest AS (
        -- For each field, the value set by the latest event that sets it: one grouped pass, no per-key scans.
        SELECT id,
            (array_agg(status ORDER BY block_number DESC, log_index DESC) FILTER (WHERE status IS NOT NULL))[1] AS status,
            (array_agg(mechanism ORDER BY block_number DESC, log_index DESC) FILTER (WHERE mechanism IS NOT NULL))[1] AS mechanism,
            (array_agg(round ORDER BY block_number DESC, log_index DESC) FILTER (WHERE round IS NOT NULL))[1] AS round,
            (array_agg(prover ORDER BY block_number DESC, log_index DESC) FILTER (WHERE prover IS NOT NULL))[1] AS prover,
            (array_agg(price ORDER BY block_number DESC, log_index DESC) FILTER (WHERE price IS NOT NULL))[1] AS price,
            (array_agg(second_price ORDER BY block_number DESC, log_index DESC) FILTER (WHERE second_price IS NOT NULL))[1] AS second_price,
            (array_agg(bounty ORDER BY block_number DESC, log_index DESC) FILTER (WHERE bounty IS NOT NULL))[1] AS bounty,
            max(block_number) AS updated_block
        FROM ordered
        GROUP BY id
    )
    SELECT l.id, s.requester, s.circuit_id, s.params_token, l.mechanism, s.params_mechanism,
        COALESCE(l.status, 'unknown'), COALESCE(l.round, 0),
        s.params_max_price, s.params_min_price, s.params_required_collateral, s.bid_bond,
        s.params_deadline, s.params_proving_window, s.params_fallback_to_auction, s.params_callback,
        l.prover, l.price, l.second_price, a.collateral, a.lock_key, a.prove_by,
        -- A sealed-bid auction that closed (settled or expired) forfeits unrevealed commits: the contract then counts commits = reveals.
        CASE WHEN s.params_mechanism = 0 AND (EXISTS (SELECT 1 FROM market_auction_settled x WHERE x.id = l.id)
                                              OR EXISTS (SELECT 1 FROM market_request_expired x WHERE x.id = l.id))
             THEN (SELECT count(*) FROM market_bid_revealed x WHERE x.id = l.id)
             ELSE (SELECT count(*) FROM market_bid_committed x WHERE x.id = l.id) + (SELECT count(*) FROM market_proof_committed x WHERE x.id = l.id)
        END,
        (SELECT count(*) FROM market_bid_revealed x WHERE x.id = l.id),
        COALESCE(l.bounty, 0),
        s.block_number, s.block_time, a.block_time,
        (SELECT max(x.block_time) FROM (
            SELECT block_time FROM market_request_fulfilled f WHERE f.id = l.id
            UNION ALL SELECT block_time FROM market_request_expired e WHERE e.id = l.id
            UNION ALL SELECT block_time FROM market_request_cancelled c WHERE c.id = l.id) x),
        l.updated_block
    FROM latest l
    -- The first submission under the id (a foreign emitter may repeat an id: never two rows for one request).
    LEFT JOIN LATERAL (
        SELECT * FROM market_request_submitted x WHERE x.id = l.id ORDER BY x.block_number, x.log_index LIMIT 1) s ON true
    LEFT JOIN LATERAL (
        SELECT collateral, lock_key, prove_by, block_time FROM market_request_assigned ra
        WHERE ra.id = l.id ORDER BY ra.block_number DESC, ra.log_index DESC LIMIT 1) a ON true
    WHERE l.updated_block IS NOT NULL;

    -- Requests changing hands change their provers' active assignment counts.
    INSERT INTO touched_operators
        SELECT DISTINCT prover FROM request_state WHERE id IN (SELECT id FROM touched_requests) AND prover IS NOT NULL
    ON CONFLICT DO NOTHING;

    DELETE FROM operator_state WHERE operator IN (SELECT operator FROM touched_operators);
    INSERT INTO operator_state
    SELECT t.operator,
        EXISTS (SELECT 1 FROM vault_operator_registered r WHERE r.operator = t.operator),
        (SELECT c FROM (
            SELECT block_number, log_index, commission_bps AS c FROM vault_operator_registered WHERE operator = t.operator
            UNION ALL SELECT block_number, log_index, new_commission_bps FROM vault_commission_updated WHERE operator = t.operator
         ) x ORDER BY block_number DESC, log_index DESC LIMIT 1),
        (SELECT m FROM (
            SELECT block_number, log_index, metadata_uri AS m FROM vault_operator_registered WHERE operator = t.operator
            UNION ALL SELECT block_number, log_index, metadata_uri FROM vault_operator_metadata_uri_updated WHERE operator = t.operator
         ) x ORDER BY block_number DESC, log_index DESC LIMIT 1),
        COALESCE((SELECT v FROM (
            SELECT block_number, log_index, pool_assets AS v FROM vault_deposited WHERE operator = t.operator
            UNION ALL SELECT block_number, log_index, pool_assets FROM vault_withdrawal_completed WHERE operator = t.operator
            UNION ALL SELECT block_number, log_index, pool_assets FROM vault_stake_slashed WHERE operator = t.operator
         ) x ORDER BY block_number DESC, log_index DESC LIMIT 1), 0),
        COALESCE((SELECT v FROM (
            SELECT block_number, log_index, pool_shares AS v FROM vault_deposited WHERE operator = t.operator
            UNION ALL SELECT block_number, log_index, pool_shares FROM vault_withdrawal_completed WHERE operator = t.operator
         ) x ORDER BY block_number DESC, log_index DESC LIMIT 1), 0),
        COALESCE((SELECT v FROM (
            SELECT block_number, log_index, pool_queued_shares AS v FROM vault_withdrawal_queued WHERE operator = t.operator
            UNION ALL SELECT block_number, log_index, pool_queued_shares FROM vault_withdrawal_completed WHERE operator = t.operator
         ) x ORDER BY block_number DESC, log_index DESC LIMIT 1), 0),
        COALESCE((SELECT v FROM (
            SELECT block_number, log_index, operator_locked AS v FROM vault_stake_locked WHERE operator = t.operator
            UNION ALL SELECT block_number, log_index, operator_locked FROM vault_stake_unlocked WHERE operator = t.operator
            UNION ALL SELECT block_number, log_index, operator_locked FROM vault_stake_slashed WHERE operator = t.operator
         ) x ORDER BY block_number DESC, log_index DESC LIMIT 1), 0),
        COALESCE((SELECT max_concurrent FROM market_capacity_set WHERE operator = t.operator ORDER BY block_number DESC, log_index DESC LIMIT 1), 0),
        (SELECT count(*) FROM request_state r WHERE r.prover = t.operator AND r.status = 'assigned'),
        COALESCE((SELECT max(cooldown_until) FROM market_prover_slashed WHERE prover = t.operator), 0),
        COALESCE((SELECT max(b) FROM (
            SELECT max(block_number) AS b FROM market_request_assigned WHERE prover = t.operator
            UNION ALL SELECT max(block_number) FROM market_request_fulfilled WHERE prover = t.operator
            UNION ALL SELECT max(block_number) FROM market_prover_slashed WHERE prover = t.operator
            UNION ALL SELECT max(block_number) FROM market_capacity_set WHERE operator = t.operator
            UNION ALL SELECT max(block_number) FROM vault_operator_registered WHERE operator = t.operator
            UNION ALL SELECT max(block_number) FROM vault_deposited WHERE operator = t.operator
            UNION ALL SELECT max(block_number) FROM vault_withdrawal_queued WHERE operator = t.operator
            UNION ALL SELECT max(block_number) FROM vault_withdrawal_completed WHERE operator = t.operator
            UNION ALL SELECT max(block_number) FROM vault_stake_locked WHERE operator = t.operator
            UNION ALL SELECT max(block_number) FROM vault_stake_unlocked WHERE operator = t.operator
            UNION ALL SELECT max(block_number) FROM vault_stake_slashed WHERE operator = t.operator) x), -1)
    FROM touched_operators t
    -- An operator whose every event was rolled back disappears, as in a fresh index.
    WHERE EXISTS (SELECT 1 FROM market_request_assigned WHERE prover = t.operator)
       OR EXISTS (SELECT 1 FROM market_request_fulfilled WHERE prover = t.operator)
       OR EXISTS (SELECT 1 FROM market_prover_slashed WHERE prover = t.operator)
       OR EXISTS (SELECT 1 FROM market_capacity_set WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM vault_operator_registered WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM vault_operator_metadata_uri_updated WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM vault_commission_updated WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM vault_deposited WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM vault_withdrawal_queued WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM vault_withdrawal_completed WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM vault_stake_locked WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM vault_stake_unlocked WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM vault_stake_slashed WHERE operator = t.operator)
       OR EXISTS (SELECT 1 FROM market_bid_revealed WHERE best_bidder = t.operator);

    DELETE FROM lock_state WHERE (slasher, key) IN (SELECT slasher, key FROM touched_locks);
    INSERT INTO lock_state
    SELECT l.slasher, l.key, l.operator, l.amount,
        COALESCE(last.status, 'locked'), COALESCE(last.slashed, 0), l.block_time, last.block_time
    FROM touched_locks t
    JOIN LATERAL (
        SELECT slasher, key, operator, amount, block_time FROM vault_stake_locked x
        WHERE x.slasher = t.slasher AND x.key = t.key ORDER BY block_number DESC, log_index DESC LIMIT 1) l ON true
    LEFT JOIN LATERAL (
        SELECT status, slashed, block_time FROM (
            SELECT block_number, log_index, 'unlocked' AS status, 0::numeric AS slashed, block_time FROM vault_stake_unlocked x
              WHERE x.slasher = t.slasher AND x.key = t.key
            UNION ALL SELECT block_number, log_index, 'slashed', slashed, block_time FROM vault_stake_slashed x
              WHERE x.slasher = t.slasher AND x.key = t.key
            UNION ALL SELECT block_number, log_index, 'locked', 0, NULL FROM vault_stake_locked x
              WHERE x.slasher = t.slasher AND x.key = t.key
        ) e ORDER BY block_number DESC, log_index DESC LIMIT 1) last ON true;

    DELETE FROM ask_state WHERE ask_id IN (SELECT ask_id FROM touched_asks);
    INSERT INTO ask_state
    SELECT p.ask_id, p.prover, p.circuit_id, p.price, p.expiry, r.ask_id IS NULL, r.expired, p.block_time, r.block_time
    FROM touched_asks t
    JOIN LATERAL (
        SELECT ask_id, prover, circuit_id, price, expiry, block_number, log_index, block_time FROM market_ask_placed x
        WHERE x.ask_id = t.ask_id ORDER BY block_number DESC, log_index DESC LIMIT 1) p ON true
    LEFT JOIN LATERAL (
        SELECT ask_id, expired, block_time FROM market_ask_removed x
        WHERE x.ask_id = t.ask_id AND (x.block_number, x.log_index) > (p.block_number, p.log_index)
        ORDER BY block_number DESC, log_index DESC LIMIT 1) r ON true;

    TRUNCATE touched_requests, touched_operators, touched_locks, touched_asks;
END $$;
