-- indexer_refresh() without per-key LIMIT 1 lookups: the latest (or first) event of each touched request, lock
-- and ask is picked by DISTINCT ON over the touched keys joined to their events, in one pass per table.
-- Why: a lookup `WHERE id = $key ORDER BY block_number, log_index LIMIT 1` lets the planner walk the
-- (block_number, log_index) primary key and filter on the key instead of using the key's index. It does so when
-- the table has no statistics yet — a fresh backfill's first commit, whose rows were COPYed in the same
-- transaction — guessing that many rows share each key; with unique request ids every lookup then reads half
-- the table: 8.7 s for 10,200 requests, 260 s for 50,000 (issue 17's 378 events/s benchmark run).

CREATE OR REPLACE FUNCTION indexer_refresh() RETURNS void LANGUAGE plpgsql SET jit = off AS $$
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
    ),
    -- The first submission under the id (a foreign emitter may repeat an id: never two rows for one request).
    first_submission AS (
        SELECT DISTINCT ON (x.id) x.* FROM market_request_submitted x
        WHERE x.id IN (SELECT id FROM ids) ORDER BY x.id, x.block_number, x.log_index
    ),
    last_assignment AS (
        SELECT DISTINCT ON (x.id) x.id, x.collateral, x.lock_key, x.prove_by, x.block_time FROM market_request_assigned x
        WHERE x.id IN (SELECT id FROM ids) ORDER BY x.id, x.block_number DESC, x.log_index DESC
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
    LEFT JOIN first_submission s ON s.id = l.id
    LEFT JOIN last_assignment a ON a.id = l.id
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
    WITH events AS (
        -- Every event of a touched lock, with the status it leaves the lock in.
        SELECT x.slasher, x.key, x.block_number, x.log_index, 'locked' AS status, 0::numeric AS slashed, NULL::timestamptz AS released_at
          FROM vault_stake_locked x WHERE (x.slasher, x.key) IN (SELECT slasher, key FROM touched_locks)
        UNION ALL SELECT x.slasher, x.key, x.block_number, x.log_index, 'unlocked', 0, x.block_time
          FROM vault_stake_unlocked x WHERE (x.slasher, x.key) IN (SELECT slasher, key FROM touched_locks)
        UNION ALL SELECT x.slasher, x.key, x.block_number, x.log_index, 'slashed', x.slashed, x.block_time
          FROM vault_stake_slashed x WHERE (x.slasher, x.key) IN (SELECT slasher, key FROM touched_locks)
    ),
    last_event AS (
        SELECT DISTINCT ON (slasher, key) * FROM events ORDER BY slasher, key, block_number DESC, log_index DESC
    ),
    last_lock AS (
        SELECT DISTINCT ON (x.slasher, x.key) x.slasher, x.key, x.operator, x.amount, x.block_time FROM vault_stake_locked x
        WHERE (x.slasher, x.key) IN (SELECT slasher, key FROM touched_locks)
        ORDER BY x.slasher, x.key, x.block_number DESC, x.log_index DESC
    )
    SELECT l.slasher, l.key, l.operator, l.amount, e.status, e.slashed, l.block_time, e.released_at
    FROM last_lock l
    JOIN last_event e ON e.slasher = l.slasher AND e.key = l.key;

    DELETE FROM ask_state WHERE ask_id IN (SELECT ask_id FROM touched_asks);
    INSERT INTO ask_state
    WITH last_placed AS (
        SELECT DISTINCT ON (x.ask_id) x.ask_id, x.prover, x.circuit_id, x.price, x.expiry, x.block_number, x.log_index, x.block_time
        FROM market_ask_placed x WHERE x.ask_id IN (SELECT ask_id FROM touched_asks)
        ORDER BY x.ask_id, x.block_number DESC, x.log_index DESC
    ),
    -- The latest removal after the latest placement (an id placed again is live until removed again).
    last_removed AS (
        SELECT DISTINCT ON (x.ask_id) x.ask_id, x.expired, x.block_time
        FROM market_ask_removed x JOIN last_placed p ON p.ask_id = x.ask_id
        WHERE (x.block_number, x.log_index) > (p.block_number, p.log_index)
        ORDER BY x.ask_id, x.block_number DESC, x.log_index DESC
    )
    SELECT p.ask_id, p.prover, p.circuit_id, p.price, p.expiry, r.ask_id IS NULL, r.expired, p.block_time, r.block_time
    FROM last_placed p
    LEFT JOIN last_removed r ON r.ask_id = p.ask_id;

    TRUNCATE touched_requests, touched_operators, touched_locks, touched_asks;
END $$;
