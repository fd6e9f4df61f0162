-- Time to claim and time to first action of the escalations claimed in [start, end), for
-- the whole period and by week (the Monday of the claim's week, UTC), by tech (who claimed)
-- and by domain (unless breakdowns is 0): one row per (dimension, grp).
--   average: the mean; median: the middle value, or the mean of the two middle values;
--   p95: the sorted value at index round(0.95 * (n - 1)) counting from 0, rounded half up
--   and in integers, ((19 * (n - 1) + 10) / 20), so both engines agree;
--   negative deltas (clock skew) count as 0;
--   the action columns cover the claims that reached a first action (acted of claimed).
-- The claims are read once (MATERIALIZED) and grouped four ways.
WITH claims AS MATERIALIZED (
    SELECT claim_week, CAST(claimer_id AS VARCHAR(20)) AS tech, domain,
           rf_seconds(escalated_at, claimed_at) AS to_claim,
           rf_seconds(claimed_at, first_action_at) AS to_action
    FROM escalation_claims
    WHERE account_id = :account_id AND claimed_at >= :start AND claimed_at < :end
),
grouped AS (
    SELECT 'all' AS dimension, 'all' AS grp, to_claim, to_action FROM claims
    UNION ALL SELECT 'week', claim_week, to_claim, to_action FROM claims WHERE :breakdowns = 1
    UNION ALL SELECT 'tech', tech, to_claim, to_action FROM claims WHERE :breakdowns = 1
    UNION ALL SELECT 'domain', domain, to_claim, to_action FROM claims WHERE :breakdowns = 1
),
clamped AS (
    SELECT dimension, grp,
           CASE WHEN to_claim < 0 THEN 0 ELSE to_claim END AS c,
           CASE WHEN to_action < 0 THEN 0 ELSE to_action END AS a
    FROM grouped
),
ranked AS (
    SELECT dimension, grp, c, a,
           ROW_NUMBER() OVER (PARTITION BY dimension, grp ORDER BY c) - 1 AS ci,
           COUNT(*) OVER (PARTITION BY dimension, grp) AS cn,
           ROW_NUMBER() OVER (PARTITION BY dimension, grp ORDER BY CASE WHEN a IS NULL THEN 1 ELSE 0 END, a) - 1 AS ai,
           COUNT(a) OVER (PARTITION BY dimension, grp) AS an
    FROM clamped
)
SELECT dimension, grp,
       MAX(cn) AS claimed,
       AVG(c) AS claim_average,
       AVG(CASE WHEN ci = (cn - 1) / 2 OR ci = cn / 2 THEN c END) AS claim_median,
       MAX(CASE WHEN ci = (19 * (cn - 1) + 10) / 20 THEN c END) AS claim_p95,
       MAX(an) AS acted,
       AVG(a) AS action_average,
       AVG(CASE WHEN a IS NOT NULL AND (ai = (an - 1) / 2 OR ai = an / 2) THEN a END) AS action_median,
       MAX(CASE WHEN a IS NOT NULL AND ai = (19 * (an - 1) + 10) / 20 THEN a END) AS action_p95
FROM ranked
GROUP BY dimension, grp
ORDER BY dimension, grp
