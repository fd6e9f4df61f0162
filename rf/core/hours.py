"""When the team works and who is on call, in the account's own timezone (daylight saving
included): plain functions of a moment (naive UTC, as stored), so tests move the clock."""
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
YEAR = 366  # days a search for the next working day looks ahead


def to_utc(local):
    """An aware local datetime as naive UTC."""
    return local.astimezone(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class WorkingTime:
    """An account's business hours: ``days`` (Monday 0 … Sunday 6) from ``start`` to ``end``
    in ``zone``, except ``holidays``."""

    zone: str = "UTC"
    days: frozenset = frozenset(range(5))
    start: time = time(9)
    end: time = time(17)
    holidays: frozenset = frozenset()

    @classmethod
    def of(cls, account, holidays=()):
        return cls(account.timezone, frozenset(int(d) for d in account.work_days), account.work_start,
                   account.work_end, frozenset(holidays))

    @property
    def tz(self):
        return ZoneInfo(self.zone)

    def local(self, moment):
        """``moment`` (naive UTC) on the team's wall clock."""
        return moment.replace(tzinfo=timezone.utc).astimezone(self.tz)

    def at(self, day, clock):
        """``day`` at ``clock`` on the team's wall clock, as naive UTC."""
        return to_utc(datetime.combine(day, clock, tzinfo=self.tz))

    def is_working_day(self, day):
        return day.weekday() in self.days and day not in self.holidays

    def is_open(self, moment):
        local = self.local(moment)
        return self.is_working_day(local.date()) and self.start <= local.time() < self.end

    def seconds_within(self, start, end):
        """How many seconds of ``start`` to ``end`` (naive UTC) fall in business hours; None
        without both, 0 when ``end`` isn't after ``start``."""
        if start is None or end is None:
            return None
        total, day, last = 0.0, self.local(start).date(), self.local(end).date()
        while day <= last:
            span = self.working_span(day)
            if span is not None:
                overlap = min(end, span[1]) - max(start, span[0])
                total += max(0.0, overlap.total_seconds())
            day += timedelta(days=1)
        return total

    @lru_cache(maxsize=4096)  # noqa: B019 (the hours are a frozen value: a CSV asks for the same days again)
    def working_span(self, day):
        """``day``'s opening and closing as naive UTC, or None when it isn't a working day."""
        return (self.at(day, self.start), self.at(day, self.end)) if self.is_working_day(day) else None

    def next_opening(self, moment):
        """The next start of a working day after ``moment`` (today's, if it is still to
        come), as naive UTC; None when no day in the coming year is a working day."""
        day = self.local(moment).date()
        for _ in range(YEAR + 1):
            span = self.working_span(day)
            if span is not None and span[0] > moment:
                return span[0]
            day += timedelta(days=1)
        return None


@dataclass(frozen=True)
class Turn:
    """Who is on call (a user id, or None for nobody) until when (naive UTC, or None), and
    whether an override put them there."""

    user_id: int | None
    until: datetime | None
    override: bool = False


def rotation_turn(members, weekday, handover, starts_on, hours, moment):
    """The rotation's member on call at ``moment``: each member in turn for a week from the
    hand-over (``weekday`` at ``handover`` on the team's wall clock, so a daylight-saving
    switch doesn't move it), the first from the first hand-over on or after ``starts_on``.
    Nobody before that, or without members."""
    first_day = starts_on + timedelta(days=(weekday - starts_on.weekday()) % 7)
    first = datetime.combine(first_day, handover)
    local = hours.local(moment).replace(tzinfo=None)
    if not members or local < first:
        return Turn(None, hours.at(first_day, handover) if members else None)
    weeks = (local - first) // timedelta(days=7)
    until = first + timedelta(days=7 * (weeks + 1))
    return Turn(members[weeks % len(members)], hours.at(until.date(), until.time()))


def on_call_turn(members, weekday, handover, starts_on, overrides, hours, moment):
    """The rotation's turn, unless an override (``(user_id, starts_at, ends_at)``, naive UTC)
    covers ``moment``: then the latest-starting such override's user, until it ends or the
    next override takes over."""
    covering = [o for o in overrides if o[1] <= moment < o[2]]
    if covering:
        user_id, _, ends_at = max(covering, key=lambda o: o[1])
        later = [o[1] for o in overrides if moment < o[1] < ends_at]
        return Turn(user_id, min([ends_at, *later]), override=True)
    turn = rotation_turn(members, weekday, handover, starts_on, hours, moment)
    upcoming = [o[1] for o in overrides if o[1] > moment and (turn.until is None or o[1] < turn.until)]
    return Turn(turn.user_id, min(upcoming) if upcoming else turn.until)
