-- One row per escalation claimed in [start, end), oldest claim first: the CSV export.
-- Times as in stats.sql (a negative time to claim counts as 0).
SELECT c.handoff_id, s.ticket_number, s.client_name, c.domain, c.priority,
       escalator.name AS escalated_by, claimer.name AS claimed_by,
       c.escalated_at, c.claimed_at, c.first_action_at,
       CASE WHEN rf_seconds(c.escalated_at, c.claimed_at) < 0 THEN 0
            ELSE rf_seconds(c.escalated_at, c.claimed_at) END AS seconds_to_claim,
       rf_seconds(c.claimed_at, c.first_action_at) AS seconds_to_first_action
FROM escalation_claims c
JOIN troubleshooting_sessions s ON s.id = c.session_id
JOIN users escalator ON escalator.id = c.escalated_by_id
JOIN users claimer ON claimer.id = c.claimer_id
WHERE c.account_id = :account_id AND c.claimed_at >= :start AND c.claimed_at < :end
ORDER BY c.claimed_at, c.handoff_id
