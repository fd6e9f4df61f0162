-- Escalations nobody has picked up yet (whatever the period), and when the oldest arrived.
SELECT COUNT(*) AS waiting, MIN(created_at) AS oldest
FROM handoffs
WHERE account_id = :account_id AND closed_reason IS NULL AND closed_at IS NULL AND intent = 'escalate'
