"""The metrics SQL on both engines, against numbers worked out by hand: time to claim and
to first action (average, median, p95), conversion, waiting, period boundaries, groups,
the baseline comparison, and another account's data never counted."""
from datetime import timedelta

import pytest

from rf.core.extensions import db
from rf.core.models import BaselineMeasurement, Handoff, TroubleshootingSession, utcnow
from rf.metrics.report import report
from rf.sessions import lifecycle

from .factories import make_account, make_user

NOW = utcnow().replace(microsecond=0)


def escalation(account, escalator, claimer=None, escalated_ago=None, to_claim=None, to_action=None,
               domain="network", summary="Printer offline", now=NOW):
    """A session escalated ``escalated_ago`` before ``now`` and (when ``to_claim`` is given)
    claimed that many seconds later by ``claimer``, who then logs a first step stamped
    ``to_action`` seconds after the claim (before it, if a server's clock is behind).
    Steps that must not count are logged around it: the claimer's own while the escalation
    waited, and someone else's after the claim."""
    escalated_at = now - (escalated_ago or timedelta(days=1))
    session = TroubleshootingSession(account_id=account.id, owner_id=(claimer or escalator).id, ticket_number="1",
                                     client_name="Harbor Dental", summary=summary, domain=domain,
                                     status="active" if to_claim is not None else "escalated")
    db.session.add(session)
    db.session.flush()
    handoff = Handoff(account_id=account.id, session_id=session.id, domain=domain, intent="escalate", note="Stuck",
                      priority="high", created_by_id=escalator.id, session_owner_id=escalator.id,
                      created_at=escalated_at)
    db.session.add(handoff)
    if to_claim is not None:
        claimed_at = escalated_at + timedelta(seconds=to_claim)
        log_step(session, claimer, claimed_at - timedelta(minutes=5))  # while it waited
        handoff.closed_at, handoff.closed_reason, handoff.closed_by_id = claimed_at, "claimed", claimer.id
        steps = [(escalator, claimed_at + timedelta(seconds=1))]
        if to_action is not None:
            steps += [(claimer, claimed_at + timedelta(seconds=to_action)),
                      (claimer, claimed_at + timedelta(seconds=to_action + 600))]
        db.session.flush()
        for author, at in sorted(steps, key=lambda pair: pair[1]):
            log_step(session, author, at)
    db.session.commit()
    return handoff


def log_step(session, author, at):
    """A step, recorded as the app records one (its first action, if it is one)."""
    lifecycle.log_step(session, author, "x", result="info", now=at)


@pytest.fixture
def team(acme):
    account, users = acme
    return account, users["engineer"], users["admin"], users["owner"]


def metrics(account, period="30d", now=NOW):
    with db.engine.connect() as connection:
        return report(connection, account.id, period, now)


def test_a_single_escalation(app, team):
    account, junior, senior, _ = team
    escalation(account, junior, senior, to_claim=300, to_action=120)
    m = metrics(account)
    claim, action = m["overall"].claim, m["overall"].action
    assert (claim.n, claim.average, claim.median, claim.p95) == (1, 300, 300, 300)
    assert (action.n, action.average, action.median, action.p95) == (1, 120, 120, 120)
    assert m["overall"].conversion == 1


def test_an_odd_count_with_known_deltas(app, team):
    account, junior, senior, _ = team
    for to_claim, to_action in [(180, 90), (60, 1200), (3000, 30), (240, 600), (120, 60)]:
        escalation(account, junior, senior, to_claim=to_claim, to_action=to_action)
    claim, action = metrics(account)["overall"].claim, metrics(account)["overall"].action
    # claims sorted 60 120 180 240 3000: mean 720, middle 180, p95 index round(0.95*4)=4 -> 3000
    assert (claim.n, claim.average, claim.median, claim.p95) == (5, 720, 180, 3000)
    # actions sorted 30 60 90 600 1200: mean 396, middle 90, p95 -> 1200
    assert (action.n, action.average, action.median, action.p95) == (5, 396, 90, 1200)


def test_an_even_count_takes_the_mean_of_the_two_middle_values(app, team):
    account, junior, senior, _ = team
    for to_claim in (240, 60, 180, 120):
        escalation(account, junior, senior, to_claim=to_claim, to_action=to_claim // 2)
    claim, action = metrics(account)["overall"].claim, metrics(account)["overall"].action
    # 60 120 180 240: median (120+180)/2 = 150; p95 index round(0.95*3)=round(2.85)=3 -> 240
    assert (claim.average, claim.median, claim.p95) == (150, 150, 240)
    assert (action.average, action.median, action.p95) == (75, 75, 120)


@pytest.mark.parametrize("count, expected_p95_minutes", [(11, 11), (31, 30), (20, 19)])
def test_p95_index_rounds_half_up_the_same_on_both_engines(app, team, count, expected_p95_minutes):
    # n=11: round(0.95*10)=round(9.5)=10 -> the 11th value; n=31: round(28.5)=29 -> the 30th;
    # n=20: round(18.05)=18 -> the 19th (values are 1, 2, 3 … minutes).
    account, junior, senior, _ = team
    for minute in range(1, count + 1):
        escalation(account, junior, senior, to_claim=minute * 60)
    assert metrics(account)["overall"].claim.p95 == expected_p95_minutes * 60


def test_claimed_without_a_first_action_counts_as_claimed_only(app, team):
    account, junior, senior, _ = team
    escalation(account, junior, senior, to_claim=60, to_action=30)
    escalation(account, junior, senior, to_claim=120)  # picked up, nothing logged by the claimer since
    m = metrics(account)
    assert (m["overall"].claim.n, m["overall"].action.n, m["overall"].conversion) == (2, 1, 0.5)
    assert m["overall"].claim.average == 90 and m["overall"].action.average == 30


def test_unclaimed_escalations_are_excluded_but_shown_waiting(app, team):
    account, junior, senior, _ = team
    escalation(account, junior, senior, to_claim=60, to_action=30)
    escalation(account, junior, escalated_ago=timedelta(hours=3))
    oldest = escalation(account, junior, escalated_ago=timedelta(hours=5))
    withdrawn = escalation(account, junior, escalated_ago=timedelta(hours=9))
    withdrawn.closed_at, withdrawn.closed_reason = NOW - timedelta(hours=8), "withdrawn"
    db.session.commit()
    m = metrics(account)
    assert m["overall"].claim.n == 1
    assert (m["waiting"], m["oldest_waiting"]) == (2, oldest.created_at)


def test_the_period_counts_escalations_by_claim_time(app, team):
    account, junior, senior, _ = team
    # claimed at the start: in
    escalation(account, junior, senior, escalated_ago=timedelta(days=7), to_claim=0, to_action=10)
    # a second before it: out
    escalation(account, junior, senior, escalated_ago=timedelta(days=7, seconds=1), to_claim=0)
    # escalated before, claimed inside
    escalation(account, junior, senior, escalated_ago=timedelta(days=20), to_claim=13 * 86400 + 5)
    escalation(account, junior, senior, escalated_ago=timedelta(days=20), to_claim=60)  # 30 and 90 days
    escalation(account, junior, senior, escalated_ago=timedelta(days=60), to_claim=60)  # 90 days
    escalation(account, junior, senior, escalated_ago=timedelta(days=95), to_claim=60)  # no period
    assert metrics(account, "7d")["start"] == NOW - timedelta(days=7)
    assert [metrics(account, p)["overall"].claim.n for p in ("7d", "30d", "90d")] == [2, 4, 5]
    # The period ends at "now", exclusive.
    claimed_at = NOW - timedelta(days=1)
    escalation(account, junior, senior, escalated_ago=timedelta(days=1), to_claim=0)
    assert metrics(account, "7d", now=claimed_at)["overall"].claim.n == 3  # the 7d+1s one is inside this window
    assert metrics(account, "7d", now=claimed_at + timedelta(seconds=1))["overall"].claim.n == 4


def test_a_first_action_belongs_to_the_claim_before_the_next_escalation(app, team):
    """Claimed, nothing logged, escalated again and claimed again by the same senior: the
    senior's later step is the second claim's first action, not the first claim's."""
    account, junior, senior, _ = team
    first = escalation(account, junior, senior, escalated_ago=timedelta(hours=5), to_claim=60)
    again = Handoff(account_id=account.id, session_id=first.session_id, domain=first.domain, intent="escalate",
                    note="Still stuck",
                    priority="high", created_by_id=junior.id, session_owner_id=junior.id,
                    created_at=NOW - timedelta(hours=3), closed_at=NOW - timedelta(hours=3) + timedelta(seconds=120),
                    closed_reason="claimed", closed_by_id=senior.id)
    db.session.add(again)
    db.session.flush()
    log_step(first.session, senior, again.closed_at + timedelta(seconds=45))
    db.session.commit()
    m = metrics(account)
    assert (m["overall"].claim.n, m["overall"].action.n, m["overall"].action.median) == (2, 1, 45)


def test_negative_deltas_from_clock_skew_count_as_zero(app, team):
    account, junior, senior, _ = team
    escalation(account, junior, senior, to_claim=-30, to_action=0)
    escalation(account, junior, senior, to_claim=90, to_action=30)
    claim = metrics(account)["overall"].claim
    assert (claim.n, claim.average, claim.median) == (2, 45, 45)


def test_a_first_step_stamped_before_the_claim_by_a_skewed_clock_counts_as_zero(app, team):
    """Logged after the pick-up on a server whose clock is 20 s behind the claiming one's."""
    account, junior, senior, _ = team
    skewed = escalation(account, junior, senior, to_claim=60, to_action=-20)
    escalation(account, junior, senior, to_claim=60, to_action=40)
    assert skewed.first_action_at == skewed.closed_at
    action = metrics(account)["overall"].action
    assert (action.n, action.average, action.median, action.p95) == (2, 20, 20, 40)


def test_an_escalation_made_in_the_app_counts_under_its_sessions_domain(app, team):
    """The metrics read the domain from the escalation (copied from its session), so an
    escalation made and picked up the app's way is grouped by its session's domain."""
    account, junior, senior, _ = team
    escalated_at = NOW - timedelta(hours=2)
    session = lifecycle.start(junior, "42", "Harbor Dental", "Mail bounces", "m365", now=escalated_at)
    handoff = lifecycle.escalate(session, junior, "Stuck", "high", now=escalated_at, assess=False)
    assert lifecycle.claim(handoff, senior, now=escalated_at + timedelta(seconds=90))
    db.session.commit()
    m = metrics(account)
    assert [(d.key, d.claim.n, d.claim.median) for d in m["domains"]] == [("m365", 1, 90)]


def test_another_accounts_data_is_never_counted(app, team):
    account, junior, senior, owner = team
    escalation(account, junior, senior, to_claim=60, to_action=30)
    other = make_account("Other MSP")
    other_junior, other_senior = make_user(other, "engineer"), make_user(other, "admin")
    for _ in range(3):
        escalation(other, other_junior, other_senior, to_claim=9999, to_action=9999)
    escalation(other, other_junior)
    db.session.add(BaselineMeasurement(account_id=other.id, label="theirs", seconds=7200, measured_on=NOW.date()))
    db.session.commit()
    m = metrics(account)
    assert (m["overall"].claim.n, m["overall"].claim.average, m["waiting"], m["baseline"].n) == (1, 60, 0, 0)
    assert [(t.label, t.claim.n) for t in m["techs"]] == [("Admin Acme", 1)]
    assert [(d.key, d.claim.n) for d in m["domains"]] == [("network", 1)]
    assert sum(w.claim.n for w in m["weeks"]) == 1
    assert metrics(other)["overall"].claim.n == 3


def test_groups_by_week_tech_and_domain(app, team):
    account, junior, senior, owner = team
    monday = (NOW - timedelta(days=NOW.weekday())).replace(hour=0, minute=0, second=0)
    now = monday + timedelta(days=2, hours=12)  # a Wednesday noon, whatever day the tests run
    # Claimed this week (Monday 01:00) and in the previous week (Sunday 23:00).
    escalation(account, junior, senior, escalated_ago=now - monday - timedelta(hours=1), to_claim=60, to_action=10,
               now=now)
    escalation(account, junior, owner, escalated_ago=now - monday + timedelta(hours=1), to_claim=120, to_action=20,
               domain="m365", now=now)
    escalation(account, junior, owner, escalated_ago=now - monday + timedelta(hours=2), to_claim=180, domain="m365",
               now=now)
    with db.engine.connect() as connection:
        m = report(connection, account.id, "30d", now)
    this_week, last_week = monday.date().isoformat(), (monday.date() - timedelta(days=7)).isoformat()
    assert [(w.key, w.claim.n, w.claim.median) for w in m["weeks"] if w.claim.n] == [
        (last_week, 2, 150), (this_week, 1, 60)]
    # Every week of the period is there, quiet ones empty: 30 days touch 5 Mondays' weeks.
    assert m["weeks"][-1].key == this_week and len(m["weeks"]) == 5
    assert all(w.claim.n == 0 and w.claim.median is None for w in m["weeks"][:-2])
    assert [(t.label, t.claim.n, t.action.n) for t in m["techs"]] == [("Owner Acme", 2, 1), ("Admin Acme", 1, 1)]
    assert [(d.label, d.claim.n, d.claim.median, d.action.median) for d in m["domains"]] == [
        ("Microsoft 365", 2, 150, 20), ("Network", 1, 60, 10)]


def test_minutes_recovered_needs_both_the_baseline_and_in_product_time(app, team):
    account, junior, senior, owner = team
    escalation(account, junior, senior, to_claim=60, to_action=300)
    escalation(account, junior, senior, to_claim=60, to_action=420)
    assert metrics(account)["recovered"] is None  # no baseline: no "savings"
    for minutes in (20, 30, 50):
        db.session.add(BaselineMeasurement(account_id=account.id, label=f"T{minutes}", seconds=minutes * 60,
                                           measured_on=NOW.date(), recorded_by_id=owner.id))
    db.session.commit()
    m = metrics(account)
    assert (m["baseline"].n, m["baseline"].median) == (3, 1800)
    # median baseline 30 min - median time to first action 6 min = 24 min; 2 escalations in
    # 30 days -> 2 a month -> 48 min = 0.8 h a month.
    assert m["recovered"]["minutes"] == pytest.approx(24)
    assert m["recovered"]["hours_per_month"] == pytest.approx(0.8)
    assert m["recovered"]["hours_per_week"] == pytest.approx(24 * 2 * 7 / 30 / 60)  # 2 escalations in 30 days
    assert (m["recovered"]["measured"], m["recovered"]["trusted"]) == (2, False)  # fewer than 5


def test_logging_a_step_records_the_claimers_first_action_once(app, team, client):
    """Through the app: the claimer's first step after the pick-up is the first action;
    someone else's step, and the claimer's later steps, change nothing."""
    from .helpers import login

    account, junior, senior, _ = team
    handoff = escalation(account, junior, senior, escalated_ago=timedelta(minutes=30), to_claim=60, now=utcnow())
    handoff.first_action_at = None  # the helper's steps are older; start afresh
    db.session.commit()
    login(client, junior)
    client.post(f"/sessions/{handoff.session_id}/steps", data={"tried": "Junior again", "result": "info"})
    db.session.refresh(handoff)
    assert handoff.first_action_at is None
    client.post("/logout")
    login(client, senior)
    client.post(f"/sessions/{handoff.session_id}/steps", data={"tried": "Checked DNS", "result": "info"})
    db.session.refresh(handoff)
    first = handoff.first_action_at
    assert first is not None and first > handoff.closed_at
    client.post(f"/sessions/{handoff.session_id}/steps", data={"tried": "Flushed cache", "result": "info"})
    db.session.refresh(handoff)
    assert handoff.first_action_at == first
