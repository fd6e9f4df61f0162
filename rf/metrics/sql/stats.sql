-- Time to claim and time to first action of the escalations claimed in [start, end), for
-- the whole period and (unless breakdowns is 0) by week (rf_week: the number of the claim's
-- week, Monday to Sunday UTC), by tech (who claimed) and by domain: one row per (dimension, grp).
--   average: the mean; median: the middle value, or the mean of the two middle values;
--   p95: the sorted value at index round(0.95 * (n - 1)) counting from 0, rounded half up
--   and in integers, ((19 * (n - 1) + 10) / 20), so both engines agree;
--   a negative time to claim (clock skew between servers) counts as 0; a first action is
--   recorded at its claim at the earliest (rf.sessions.lifecycle.log_step), so it never is negative;
--   the action columns cover the claims that reached a first action (acted of claimed).
-- The claims are read once (MATERIALIZED). Each grouping sorts its rows once by each time
-- (windows wc and wa): a row's rank, and its group's count and average over the whole
-- frame, come from the same sort. Only the rows at a median or p95 rank reach the GROUP BY.
WITH claims AS MATERIALIZED (
    SELECT claim_week, claimer_id, domain,
           CASE WHEN claimed_at < escalated_at THEN 0 ELSE rf_seconds(escalated_at, claimed_at) END AS c,
           rf_seconds(claimed_at, first_action_at) AS a
    FROM escalation_claims
    WHERE account_id = :account_id AND claimed_at >= :start AND claimed_at < :end
),
ranked AS (
    SELECT 'all' AS dimension, 'all' AS grp, c, a,
           ROW_NUMBER() OVER wc - 1 AS ci, COUNT(*) OVER wc AS cn, AVG(c) OVER wc AS c_average,
           ROW_NUMBER() OVER wa - 1 AS ai, COUNT(a) OVER wa AS an, AVG(a) OVER wa AS a_average
    FROM claims
    WINDOW wc AS (ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
           wa AS (ORDER BY a NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    UNION ALL
    SELECT 'week', CAST(claim_week AS VARCHAR(20)), c, a,
           ROW_NUMBER() OVER wc - 1, COUNT(*) OVER wc, AVG(c) OVER wc,
           ROW_NUMBER() OVER wa - 1, COUNT(a) OVER wa, AVG(a) OVER wa
    FROM claims WHERE :breakdowns = 1
    WINDOW wc AS (PARTITION BY claim_week ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
           wa AS (PARTITION BY claim_week ORDER BY a NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    UNION ALL
    SELECT 'tech', CAST(claimer_id AS VARCHAR(20)), c, a,
           ROW_NUMBER() OVER wc - 1, COUNT(*) OVER wc, AVG(c) OVER wc,
           ROW_NUMBER() OVER wa - 1, COUNT(a) OVER wa, AVG(a) OVER wa
    FROM claims WHERE :breakdowns = 1
    WINDOW wc AS (PARTITION BY claimer_id ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
           wa AS (PARTITION BY claimer_id ORDER BY a NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    UNION ALL
    SELECT 'domain', domain, c, a,
           ROW_NUMBER() OVER wc - 1, COUNT(*) OVER wc, AVG(c) OVER wc,
           ROW_NUMBER() OVER wa - 1, COUNT(a) OVER wa, AVG(a) OVER wa
    FROM claims WHERE :breakdowns = 1
    WINDOW wc AS (PARTITION BY domain ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
           wa AS (PARTITION BY domain ORDER BY a NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
SELECT dimension, grp,
       MAX(cn) AS claimed,
       MAX(c_average) AS claim_average,
       AVG(CASE WHEN ci = (cn - 1) / 2 OR ci = cn / 2 THEN c END) AS claim_median,
       MAX(CASE WHEN ci = (19 * (cn - 1) + 10) / 20 THEN c END) AS claim_p95,
       MAX(an) AS acted,
       MAX(a_average) AS action_average,
       AVG(CASE WHEN a IS NOT NULL AND (ai = (an - 1) / 2 OR ai = an / 2) THEN a END) AS action_median,
       MAX(CASE WHEN a IS NOT NULL AND ai = (19 * (an - 1) + 10) / 20 THEN a END) AS action_p95
FROM ranked
WHERE ci = (cn - 1) / 2 OR ci = cn / 2 OR ci = (19 * (cn - 1) + 10) / 20
   OR ai = (an - 1) / 2 OR ai = an / 2 OR ai = (19 * (an - 1) + 10) / 20
GROUP BY dimension, grp
ORDER BY dimension, grp
