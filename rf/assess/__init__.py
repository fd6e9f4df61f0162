"""Assessment: likely cause, suggested next steps and a confidence for an escalation, learned
from the same account's resolved sessions (retrieval; an optional LLM comes on top). A
service: the handoff context (``rf.sessions``) shows it; this package imports only core."""
