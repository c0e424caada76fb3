-- Views over the SymbioticStakeSource's events. The stake itself lives in the Symbiotic vault (its
-- delegator's allocation, read with `stakeAt`); what the market holds against it is here.

-- Per operator: what the market holds locked now (every lock event carries the operator's total after
-- it), how many locks are open, what was slashed and how many slashes were refused (outside the window).
CREATE VIEW symbiotic_operator_stake AS
WITH changes AS (
    SELECT operator, locked, block_number, log_index FROM symbiotic_stake_locked
    UNION ALL SELECT operator, locked, block_number, log_index FROM symbiotic_stake_unlocked
    UNION ALL SELECT operator, locked, block_number, log_index FROM symbiotic_stake_slashed
),
latest AS (
    SELECT DISTINCT ON (operator) operator, locked
    FROM changes ORDER BY operator, block_number DESC, log_index DESC
),
counts AS (
    SELECT operator,
           count(*) FILTER (WHERE kind = 'lock') - count(*) FILTER (WHERE kind <> 'lock') AS open_locks,
           coalesce(sum(slashed), 0) AS slashed,
           count(*) FILTER (WHERE kind = 'slash' AND slashed = 0) AS refused_slashes
    FROM (
        SELECT operator, 'lock' AS kind, NULL::numeric AS slashed FROM symbiotic_stake_locked
        UNION ALL SELECT operator, 'unlock', NULL FROM symbiotic_stake_unlocked
        UNION ALL SELECT operator, 'slash', slashed FROM symbiotic_stake_slashed
    ) e
    GROUP BY operator
)
SELECT hex(l.operator) AS operator, l.locked, c.open_locks, c.slashed, c.refused_slashes
FROM latest l JOIN counts c USING (operator)
ORDER BY l.locked DESC, l.operator;

-- Every slash the stake source carried out or refused, with the capture Symbiotic slashed at.
CREATE VIEW symbiotic_slashes AS
SELECT s.block_time, hex(s.operator) AS operator, hex(s.key) AS lock_key, s.amount AS locked_amount, s.slashed,
       s.slashed = 0 AS refused, to_timestamp(s.capture_timestamp) AS capture, hex(s.tx_hash) AS tx_hash
FROM symbiotic_stake_slashed s
ORDER BY s.block_number DESC, s.log_index DESC;
