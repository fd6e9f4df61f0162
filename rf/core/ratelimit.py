"""Per-user rate limits stored in the database, so they hold across workers and servers."""
import math

from sqlalchemy import delete, select

from .extensions import db
from .models import RateLimitHit, utcnow
from .transactions import commit_bookkeeping


def wait_seconds(user_id, bucket, limit, window):
    """Count this request against ``limit`` per ``window`` (a timedelta) for the user; the
    seconds to wait when over it (the request is not counted), else None. Commits."""
    now = utcnow()
    mine = (RateLimitHit.user_id == user_id, RateLimitHit.bucket == bucket)
    db.session.execute(delete(RateLimitHit).where(*mine, RateLimitHit.created_at <= now - window))
    recent = db.session.scalars(select(RateLimitHit.created_at).where(*mine)
                                .order_by(RateLimitHit.created_at).limit(limit)).all()
    if len(recent) >= limit:
        commit_bookkeeping()
        return max(1, math.ceil((recent[0] + window - now).total_seconds()))
    db.session.add(RateLimitHit(user_id=user_id, bucket=bucket, created_at=now))
    commit_bookkeeping()
    return None
