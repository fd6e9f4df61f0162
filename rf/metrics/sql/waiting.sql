-- Escalations nobody has picked up yet (whatever the period), and when the oldest arrived:
-- open escalations (rf.core.models.OPEN_ESCALATION_SQL; a test holds the two together).
SELECT COUNT(*) AS waiting, MIN(created_at) AS oldest
FROM handoffs
WHERE account_id = :account_id AND intent = 'escalate' AND closed_at IS NULL
