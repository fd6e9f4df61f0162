"""What a reminder says about the escalation it is about: how long it has waited and who
has opened it (email and chat alike)."""
from sqlalchemy import select

from ..core.extensions import db
from ..core.filters import ago
from ..core.models import EscalationRead, User


def reminder_facts(handoff):
    """``{"waited": "17 min", "seen_by": "Dana Senior, Sam Senior" or "nobody yet"}``: how
    long it has waited, in the queue card's words."""
    names = db.session.scalars(select(User.name).join(EscalationRead, EscalationRead.user_id == User.id)
                               .where(EscalationRead.handoff_id == handoff.id).order_by(User.name)).all()
    return {"waited": ago(handoff.created_at).removesuffix(" ago"), "seen_by": ", ".join(names) or "nobody yet"}
