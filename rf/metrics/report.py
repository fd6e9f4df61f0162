"""The metrics report of one account for one period, as plain data for the page, the print
view and the queue card. Every number comes from the SQL in ``sql/``."""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from ..core.models import DOMAINS, User
from .queries import run, week_number

PERIODS = {"7d": 7, "30d": 30, "90d": 90}
DAYS_PER_MONTH = 30
# Fewer escalations reaching a first action than this in the period: the savings are shown
# greyed, as too few to trust.
TRUSTED_SAMPLE = 5


# What each number means: the page's "What these numbers mean" and the API's
# ``metric_definition``, from this one text.
DEFINITIONS = {
    "counted": ("Which escalations count", "Those picked up (claimed) in the period, by the time they were picked "
                "up; the period ends now. Weeks start on Monday (UTC)."),
    "time_to_claim": ("Time to claim", "From the moment a session was escalated to the moment a senior picked it "
                      "up."),
    "time_to_first_action": ("Time to first action", "From the pick-up to the first step the senior who picked it "
                             "up logged on the session after picking it up (and before the session was escalated "
                             "again, if it was). Escalations without such a step yet are left out of it, and count "
                             "as picked up but not (yet) reaching a first action."),
    "statistics": ("Median, average, p95", "The median is the middle value (the mean of the two middle values for "
                   "an even count). p95 is the sorted value at position round(0.95 × (n − 1)), counting from 0 and "
                   "rounding halves up. A negative time from clocks disagreeing counts as 0."),
    "wall_clock": ("Wall-clock time", "Every time counts each minute, nights and weekends included: what the "
                   "client waited. The CSV also gives each escalation's times in business hours only (the team's "
                   "hours under On call and reminders)."),
    "waiting": ("Waiting now", "Escalations nobody has picked up yet, whatever the period, and how long the oldest "
                "has waited."),
    "recovered": ("Minutes recovered", "The median of the baseline measurements minus the median time to first "
                  "action; hours a week and a month multiply it by this period's picked-up escalations scaled to 7 "
                  "and 30 days. Shown only when both exist: the time in ResolutionFlow alone is not a saving."),
    "too_few": ("Too few to trust", f"When fewer than {TRUSTED_SAMPLE} escalations in the period reached a first "
                "action, the savings are shown greyed and say so: a median of so few says little. The baseline's "
                "own number of measurements is shown beside it."),
}


@dataclass(frozen=True)
class Stat:
    """Seconds: count, average, median and p95 (None when there is nothing to measure)."""
    n: int = 0
    average: float | None = None
    median: float | None = None
    p95: float | None = None


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    claim: Stat
    action: Stat

    @property
    def conversion(self):
        return self.action.n / self.claim.n if self.claim.n else None


def number(value):
    """Floats throughout (PostgreSQL averages integers as exact decimals)."""
    return None if value is None else float(value)


def stats(connection, account_id, start, end, breakdowns=True):
    """``{dimension: {grp: (claim Stat, action Stat)}}`` from stats.sql: the dimension "all",
    and with ``breakdowns`` also week, tech and domain."""
    found = {}
    for row in run(connection, "stats", account_id=account_id, start=start, end=end, breakdowns=int(breakdowns)):
        claim = Stat(row["claimed"], number(row["claim_average"]), number(row["claim_median"]),
                     number(row["claim_p95"]))
        action = Stat(row["acted"], number(row["action_average"]), number(row["action_median"]),
                      number(row["action_p95"]))
        found.setdefault(row["dimension"], {})[row["grp"]] = (claim, action)
    return found


def report(connection, account_id, period, now):
    """Everything the metrics page shows for ``period`` ending ``now``."""
    days = PERIODS[period]
    start = now - timedelta(days=days)
    found = stats(connection, account_id, start, now)
    overall = Group("all", "All", *found.get("all", {}).get("all", (Stat(), Stat())))
    weeks = every_week(start, now, found.get("week", {}))
    names = dict(connection.execute(select(User.id, User.name).where(User.account_id == account_id)).all())
    techs = sorted((Group(key, names.get(int(key), "Former member"), *pair)
                    for key, pair in found.get("tech", {}).items()),
                   key=lambda g: (-g.claim.n, g.label))
    domains = sorted((Group(key, DOMAINS.get(key, key), *pair) for key, pair in found.get("domain", {}).items()),
                     key=lambda g: (-g.claim.n, g.label))
    waiting = run(connection, "waiting", account_id=account_id)[0]
    row = run(connection, "baseline", account_id=account_id)[0]
    baseline = Stat(row["n"], number(row["average"]), number(row["median"]))
    return {
        "period": period, "days": days, "start": start, "end": now, "overall": overall,
        "weeks": weeks, "techs": techs, "domains": domains,
        "waiting": waiting["waiting"], "oldest_waiting": waiting["oldest"],
        "baseline": baseline, "recovered": recovered(baseline, overall, days),
    }


def every_week(start, end, found):
    """A Group per week (by its Monday) from ``start`` to ``end``, empty where nothing was
    picked up, so the trend shows quiet weeks as gaps."""
    monday = start.date() - timedelta(days=start.weekday())
    weeks = []
    while monday <= end.date():
        key = monday.isoformat()
        weeks.append(Group(key, key, *found.get(str(week_number(monday)), (Stat(), Stat()))))
        monday += timedelta(days=7)
    return weeks


def hours_phrase(hours):
    """Time saved in words: "42 minutes" under an hour, else "3.5 hours" (sign dropped)."""
    hours = abs(hours)
    if hours < 1:
        minutes = round(hours * 60)
        return f"{minutes} minute{'' if minutes == 1 else 's'}"
    return f"{hours:.1f} hours"


def first_action_card(connection, account_id, now):
    """The last 30 days' escalations picked up and their time to first action, for the card
    above the queue and on home."""
    found = stats(connection, account_id, now - timedelta(days=30), now, breakdowns=False)
    return Group("all", "All", *found.get("all", {}).get("all", (Stat(), Stat())))


def recovered(baseline, overall, days):
    """Minutes recovered per escalation (median baseline minus median time to first action),
    and hours per week and per month at this period's rate of claimed escalations; None
    without both. ``measured``: the escalations behind the median, ``trusted`` whether there
    are enough of them (``TRUSTED_SAMPLE``)."""
    if not baseline.n or overall.action.median is None:
        return None
    minutes = (baseline.median - overall.action.median) / 60
    per_week, per_month = overall.claim.n * 7 / days, overall.claim.n * DAYS_PER_MONTH / days
    return {"minutes": minutes, "hours_per_week": minutes * per_week / 60, "hours_per_month": minutes * per_month / 60,
            "escalations_per_week": per_week, "escalations_per_month": per_month,
            "measured": overall.action.n, "trusted": overall.action.n >= TRUSTED_SAMPLE}
