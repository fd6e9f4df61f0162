"""What a reminder says about the escalation it is about: how long it has waited and who
has opened it (email and chat alike)."""
from sqlalchemy import select

from ..core.extensions import db
from ..core.filters import duration
from ..core.models import EscalationRead, User, utcnow


def reminder_facts(handoff, now=None):
    """``{"waited": "17 min", "seen_by": "Dana Senior, Sam Senior" or "nobody yet"}``."""
    names = db.session.scalars(select(User.name).join(EscalationRead, EscalationRead.user_id == User.id)
                               .where(EscalationRead.handoff_id == handoff.id).order_by(User.name)).all()
    waited = ((now or utcnow()) - handoff.created_at).total_seconds()
    return {"waited": duration(waited), "seen_by": ", ".join(names) or "nobody yet"}
