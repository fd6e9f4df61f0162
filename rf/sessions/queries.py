"""Session lists for /sessions, always scoped to the signed-in account."""
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from ..core.models import TroubleshootingSession as TS
from ..core.tenancy import scoped

LIST_VIEWS = {
    "mine": "My sessions",
    "team": "Team's active",
    "parked": "Parked",
    "resolved": "Resolved",
}
# A viewer owns no sessions and parks none: they see only the lists they can use.
VIEWER_VIEWS = ("team", "resolved")
LIST_LIMIT = 200


def session_list(view, user, ticket="", client="", domain=""):
    """Sessions for one tab of /sessions, newest activity first. Parked sessions are
    private: only their owner sees them listed."""
    query = scoped(TS)
    if view == "mine":
        query = query.where(TS.owner_id == user.id, TS.status != "resolved")
    elif view == "team":
        query = query.where(TS.status.in_(("active", "escalated")))
    elif view == "parked":
        query = query.where(TS.owner_id == user.id, TS.status == "parked")
    else:
        query = query.where(TS.status == "resolved")
    if ticket:
        query = query.where(func.lower(TS.ticket_number).contains(ticket.lower(), autoescape=True))
    if client:
        query = query.where(func.lower(TS.client_name).contains(client.lower(), autoescape=True))
    if domain:
        query = query.where(TS.domain == domain)
    return (query.options(joinedload(TS.owner))  # the list shows each owner: one query, not one per row
            .order_by(TS.updated_at.desc(), TS.id.desc()).limit(LIST_LIMIT))
