-- The prover fleet's job queue. One row per proving job (a request's round); workers lease rows
-- with FOR UPDATE SKIP LOCKED, so concurrent claimers never block on or share a job.
CREATE SCHEMA IF NOT EXISTS fleet;

-- The circuits the coordinator serves, with the registry's content hashes: a worker proves only
-- with files whose keccak256 matches (it needs no chain access of its own).
CREATE TABLE IF NOT EXISTS fleet.circuits (
    circuit_id   text PRIMARY KEY,
    name         text NOT NULL,
    constraints  bigint NOT NULL,
    wasm_hash    text NOT NULL,
    zkey_hash    text NOT NULL,
    uri          text NOT NULL
);

CREATE TABLE IF NOT EXISTS fleet.jobs (
    request_id     numeric(78, 0) NOT NULL,
    round          integer NOT NULL,
    circuit_id     text NOT NULL,
    input          text NOT NULL,
    public_inputs  text[] NOT NULL,
    -- Unix seconds (chain time) by which the proof must be on chain; leases go earliest-due first.
    prove_by       bigint NOT NULL,
    phase          text NOT NULL DEFAULT 'queued' CHECK (phase IN ('queued', 'leased', 'proved', 'failed')),
    lease_owner    text,
    leased_at      timestamptz,
    lease_expires  timestamptz,
    attempts       integer NOT NULL DEFAULT 0,
    -- What the worker reported last (1 = circuit files ready, 2 = proving) and when it last advanced.
    progress       integer NOT NULL DEFAULT 0,
    heartbeat_at   timestamptz,
    progress_at    timestamptz,
    proof          text[],
    proved_by      text,
    prove_seconds  double precision,
    proved_at      timestamptz,
    error          text,
    -- Filled in when the market paid: the price in ETH (wei) and any bounty in the stake token.
    paid_wei       numeric(78, 0),
    paid_stake     numeric(78, 0),
    paid_tx        text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, round)
);
CREATE INDEX IF NOT EXISTS jobs_open ON fleet.jobs (prove_by) WHERE phase IN ('queued', 'leased');

CREATE TABLE IF NOT EXISTS fleet.workers (
    name        text PRIMARY KEY,
    backend     text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now()
);

-- Measured seconds per proof, per worker and circuit (a benchmark at start, then each real proof).
CREATE TABLE IF NOT EXISTS fleet.worker_speeds (
    worker      text NOT NULL REFERENCES fleet.workers (name) ON DELETE CASCADE,
    circuit_id  text NOT NULL,
    seconds     double precision NOT NULL CHECK (seconds > 0),
    measured_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (worker, circuit_id)
);

-- Upgrades of a queue created by an earlier version: every start runs them, so each adds its column only when it is
-- missing. ALTER TABLE ... ADD COLUMN IF NOT EXISTS takes the table's exclusive lock even then, and a worker starting
-- beside a busy coordinator deadlocked on it (40P01): an up-to-date queue takes no table lock here.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT * FROM (VALUES
        -- Workers that may never lease this job again: each wrote a proof of it that the registry's verify refused.
        ('jobs', 'excluded_workers', 'text[] NOT NULL DEFAULT ''{}'''),
        -- A job handed over (its worker would miss the window) is kept for the faster worker chosen for it,
        -- until reserved_until: after that any worker may take it (the chosen one may have died meanwhile).
        ('jobs', 'reserved_for', 'text'),
        ('jobs', 'reserved_until', 'timestamptz'),
        -- Proofs of this worker that the coordinator's check refused; at the coordinator's limit it is barred
        -- (barred_at set): it gets no more leases and the fleet's capacity no longer counts it.
        ('workers', 'bad_proofs', 'integer NOT NULL DEFAULT 0'),
        ('workers', 'barred_at', 'timestamptz'),
        -- Gas of the whole transaction that paid the job (a fulfillBatch's members share it): gas per proof is
        -- the sum over distinct transactions divided by the jobs they paid.
        ('jobs', 'paid_tx_gas', 'bigint')
    ) AS upgrade(table_name, column_name, definition)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                       WHERE table_schema = 'fleet' AND table_name = c.table_name AND column_name = c.column_name) THEN
            EXECUTE format('ALTER TABLE fleet.%I ADD COLUMN %I %s', c.table_name, c.column_name, c.definition);
        END IF;
    END LOOP;
END $$;
