-- Analyst views over the event tables and the derived state, with hashes and addresses as readable hex.

CREATE FUNCTION mechanism_name(m bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE m WHEN 0 THEN 'sealed-bid' WHEN 1 THEN 'dutch' WHEN 2 THEN 'orderbook' WHEN 3 THEN 'race' ELSE 'unknown' END
$$;

CREATE FUNCTION hex(b bytea) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN b IS NULL THEN NULL ELSE '0x' || encode(b, 'hex') END
$$;

-- Every request and where it stands now.
CREATE VIEW request_status AS
SELECT r.id,
       r.status,
       mechanism_name(r.submitted_mechanism) AS mechanism,
       mechanism_name(r.mechanism) AS current_mechanism,
       r.round,
       hex(r.requester) AS requester,
       hex(r.circuit_id) AS circuit_id,
       hex(r.prover) AS prover,
       r.max_price,
       r.price,
       r.required_collateral,
       r.bounty,
       r.commits,
       r.reveals,
       r.submitted_at,
       r.assigned_at,
       r.closed_at,
       to_timestamp(r.prove_by) AS prove_by,
       to_timestamp(r.deadline) AS deadline
FROM request_state r;

-- One row per prover: requests won, proved, slashed, how punctual and how fast, and what it earned.
CREATE VIEW prover_leaderboard AS
WITH won AS (
    SELECT prover, count(*) AS won FROM market_request_assigned GROUP BY prover
), proofs AS (
    -- Time to proof: from the prover's (latest) assignment of the request to the fulfilment.
    SELECT f.prover, f.id, f.operator_payment, f.bounty,
           EXTRACT(EPOCH FROM f.block_time - a.block_time) AS seconds_to_proof
    FROM market_request_fulfilled f
    LEFT JOIN LATERAL (
        SELECT block_time FROM market_request_assigned a
        WHERE a.id = f.id AND a.prover = f.prover AND (a.block_number, a.log_index) < (f.block_number, f.log_index)
        ORDER BY a.block_number DESC, a.log_index DESC LIMIT 1) a ON true
), fulfilled AS (
    SELECT prover, count(*) AS fulfilled, sum(operator_payment) AS revenue, sum(bounty) AS bounties,
           avg(seconds_to_proof) AS mean_seconds_to_proof,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds_to_proof) AS p95_seconds_to_proof
    FROM proofs GROUP BY prover
), slashed AS (
    SELECT prover, count(*) AS slashed, sum(slashed) AS stake_slashed FROM market_prover_slashed GROUP BY prover
), provers AS (
    SELECT prover FROM won UNION SELECT prover FROM fulfilled UNION SELECT prover FROM slashed
)
SELECT hex(p.prover) AS prover,
       COALESCE(w.won, 0) AS won,
       COALESCE(f.fulfilled, 0) AS fulfilled,
       COALESCE(s.slashed, 0) AS slashed,
       round(COALESCE(f.fulfilled, 0)::numeric / NULLIF(COALESCE(f.fulfilled, 0) + COALESCE(s.slashed, 0), 0), 4) AS on_time_rate,
       round(f.mean_seconds_to_proof::numeric, 1) AS mean_seconds_to_proof,
       round(f.p95_seconds_to_proof::numeric, 1) AS p95_seconds_to_proof,
       COALESCE(f.revenue, 0) AS revenue,
       COALESCE(f.bounties, 0) AS bounties,
       COALESCE(s.stake_slashed, 0) AS stake_slashed
FROM provers p
LEFT JOIN won w ON w.prover = p.prover
LEFT JOIN fulfilled f ON f.prover = p.prover
LEFT JOIN slashed s ON s.prover = p.prover
ORDER BY COALESCE(f.fulfilled, 0) DESC, COALESCE(f.revenue, 0) DESC;

-- Clearing prices per circuit, per hour and per mechanism: assignments at their price, and races at what they paid.
CREATE VIEW price_per_circuit AS
WITH trades AS (
    SELECT s.circuit_id, a.mechanism, date_trunc('hour', a.block_time) AS hour, a.price
    FROM market_request_assigned a JOIN market_request_submitted s ON s.id = a.id
    UNION ALL
    SELECT s.circuit_id, 3, date_trunc('hour', f.block_time), f.price
    FROM market_request_fulfilled f JOIN market_request_submitted s ON s.id = f.id
    WHERE s.params_mechanism = 3
)
SELECT hex(circuit_id) AS circuit_id,
       hour,
       mechanism_name(mechanism) AS mechanism,
       count(*) AS trades,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY price) AS p50_price,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY price) AS p90_price,
       min(price) AS min_price,
       max(price) AS max_price
FROM trades
GROUP BY circuit_id, hour, mechanism
ORDER BY hour DESC, circuit_id, mechanism;

-- How each mechanism performs: competition (bids per request), what the winner bid against what it was paid,
-- how long requests wait for a prover, and how many end proved.
CREATE VIEW mechanism_efficiency AS
WITH requests AS (
    SELECT s.id, s.params_mechanism AS mechanism, s.params_max_price AS max_price, s.block_time AS submitted_at,
           (SELECT count(*) FROM market_bid_committed b WHERE b.id = s.id)
             + (SELECT count(*) FROM market_proof_committed p WHERE p.id = s.id) AS bids,
           (SELECT min(a.block_time) FROM market_request_assigned a WHERE a.id = s.id) AS first_assigned_at,
           EXISTS (SELECT 1 FROM market_request_fulfilled f WHERE f.id = s.id) AS fulfilled
    FROM market_request_submitted s
), settled AS (
    SELECT s.params_mechanism AS mechanism, x.winning_bid, x.clearing_price
    FROM market_auction_settled x JOIN market_request_submitted s ON s.id = x.id
    WHERE x.winner <> '\x0000000000000000000000000000000000000000'::bytea
)
SELECT mechanism_name(r.mechanism) AS mechanism,
       count(*) AS requests,
       round(avg(r.bids), 2) AS bids_per_request,
       (SELECT round(avg(clearing_price - winning_bid), 0) FROM settled x WHERE x.mechanism = r.mechanism) AS mean_spread,
       (SELECT round(avg((clearing_price - winning_bid) / NULLIF(clearing_price, 0)), 4) FROM settled x WHERE x.mechanism = r.mechanism)
           AS mean_relative_spread,
       round(avg(EXTRACT(EPOCH FROM r.first_assigned_at - r.submitted_at))::numeric, 1) AS mean_seconds_to_assignment,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM r.first_assigned_at - r.submitted_at)))::numeric, 1)
           AS p50_seconds_to_assignment,
       round(avg(CASE WHEN r.fulfilled THEN 1 ELSE 0 END), 4) AS fulfilled_rate
FROM requests r
GROUP BY r.mechanism
ORDER BY r.mechanism;

-- Every slash with its split and what became of the request.
CREATE VIEW slashing_history AS
SELECT x.block_time AS slashed_at,
       x.block_number,
       x.id AS request_id,
       hex(x.prover) AS prover,
       hex(x.keeper) AS keeper,
       x.slashed,
       x.requester_share,
       x.bounty_share,
       x.keeper_share,
       x.burned,
       to_timestamp(x.cooldown_until) AS cooldown_until,
       CASE WHEN EXISTS (SELECT 1 FROM market_request_reopened r WHERE r.id = x.id AND r.tx_hash = x.tx_hash) THEN 'reopened'
            WHEN EXISTS (SELECT 1 FROM market_request_expired e WHERE e.id = x.id AND e.tx_hash = x.tx_hash) THEN 'expired'
            ELSE 'unknown' END AS outcome,
       hex(x.tx_hash) AS tx_hash
FROM market_prover_slashed x
ORDER BY x.block_number DESC, x.log_index DESC;

-- Operators' stake: total, locked, queued (in stake-token units, shares converted at the pool's rate) and free.
CREATE VIEW operator_stake AS
SELECT hex(o.operator) AS operator,
       o.registered,
       o.commission_bps,
       o.pool_assets AS stake,
       o.locked,
       CASE WHEN o.pool_shares = 0 THEN 0 ELSE trunc(o.queued_shares * o.pool_assets / o.pool_shares) END AS queued,
       o.pool_assets - o.locked
         - CASE WHEN o.pool_shares = 0 THEN 0 ELSE trunc(o.queued_shares * o.pool_assets / o.pool_shares) END AS free_stake,
       o.max_concurrent,
       o.active_assignments,
       to_timestamp(o.cooldown_until) AS cooldown_until
FROM operator_state o
ORDER BY o.pool_assets DESC;

-- The live order book: asks not cancelled or pruned, best price first per circuit.
CREATE VIEW ask_book AS
SELECT a.ask_id, hex(a.circuit_id) AS circuit_id, hex(a.prover) AS prover, a.price, to_timestamp(a.expiry) AS expiry, a.placed_at
FROM ask_state a
WHERE a.active
ORDER BY a.circuit_id, a.price, a.ask_id;
