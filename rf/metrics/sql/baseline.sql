-- The manual baseline: stopwatch measurements of escalations handled without ResolutionFlow
-- (ticket opened -> first real diagnostic action). Median as in stats.sql.
WITH ranked AS (
    SELECT seconds AS v,
           ROW_NUMBER() OVER (ORDER BY seconds) - 1 AS i,
           COUNT(*) OVER () AS n
    FROM baseline_measurements
    WHERE account_id = :account_id
)
SELECT COUNT(*) AS n, AVG(v) AS average, AVG(CASE WHEN i = (n - 1) / 2 OR i = n / 2 THEN v END) AS median
FROM ranked
