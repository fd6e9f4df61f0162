"""Notifications that are never lost: an outbox written with the escalation, and a
dispatcher that sends it after commit, retries, and records how each delivery ended."""
