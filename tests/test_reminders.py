"""Reminders, the on-call rotation and business hours: an escalation nobody picks up reminds
the team rung by rung, through the outbox, exactly once whatever the number of dispatchers.
Time is moved, never waited for: functions take ``now``, and the ``clock`` fixture moves the
app's own clock for the dispatcher."""
import threading
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select, text

from rf.core import clock as app_clock
from rf.core.extensions import db
from rf.core.hours import WorkingTime, on_call_turn, rotation_turn
from rf.core.models import (
    ChatWebhook,
    Delivery,
    EscalationRead,
    Holiday,
    OnCallOverride,
    OnCallRotation,
    Reminder,
    ReminderRung,
    utcnow,
)
from rf.core.oncall import on_call
from rf.notify import reminders
from rf.notify.dispatch import ORPHANED, dispatch_once, in_app_context, take_due
from rf.notify.reminders import send_due_reminders
from rf.sessions import lifecycle

from .factories import make_account, make_user
from .helpers import client_for

TUESDAY_10 = datetime(2026, 12, 8, 10, 0)  # business hours in UTC (the default)
LONDON = "Europe/London"  # daylight saving starts Sunday 29 March 2026, 01:00 UTC


@pytest.fixture
def team(acme):
    """Acme's owner and admin, Sam (a senior engineer) and the junior who escalates."""
    account, users = acme
    sam = make_user(account, "engineer", email="sam@acme.test", name="Sam Senior")
    return account, users["engineer"], users["admin"], users["owner"], sam


@pytest.fixture
def clock():
    """The app's clock, set to Tuesday 10:00 (UTC business hours) and moved by the test."""
    app_clock.move(TUESDAY_10 - utcnow())
    yield app_clock
    app_clock.reset()


def escalate(junior, priority="urgent", at=TUESDAY_10, summary="Phones drop calls"):
    session = lifecycle.start(junior, "42", "Harbor Dental", summary, "network", now=at - timedelta(minutes=10))
    handoff = lifecycle.escalate(session, junior, "Stuck", priority, now=at, assess=False)
    db.session.commit()
    return handoff


def rungs(handoff):
    return [(r.rung, r.audience, r.status, r.due_at) for r in db.session.scalars(
        select(Reminder).where(Reminder.handoff_id == handoff.id).order_by(Reminder.rung))]


def reminded(handoff, rung):
    """(recipient email or "chat", status, on_call) of the rung's outbox rows."""
    rows = db.session.scalars(select(Delivery).where(Delivery.handoff_id == handoff.id, Delivery.rung == rung))
    return sorted((row.recipient.email if row.recipient else "chat", row.status, row.on_call) for row in rows)


def set_rotation(account, members, starts_on=date(2026, 3, 2), weekday=0, at=time(9), notify_priority="high"):
    db.session.add(OnCallRotation(account_id=account.id, handover_weekday=weekday, handover_time=at,
                                  starts_on=starts_on, notify_priority=notify_priority,
                                  member_ids=",".join(str(m.id) for m in members)))
    db.session.commit()


# --- the ladder ---------------------------------------------------------------------------

def test_an_urgent_escalation_left_alone_reminds_at_5_and_10_minutes(app, team):
    account, junior, admin, owner, sam = team
    set_rotation(account, [sam], starts_on=date(2026, 11, 30))
    handoff = escalate(junior)
    assert rungs(handoff) == [(1, "seniors", "pending", TUESDAY_10 + timedelta(minutes=5)),
                              (2, "on_call", "pending", TUESDAY_10 + timedelta(minutes=10))]
    db.session.add(EscalationRead(user_id=admin.id, handoff_id=handoff.id))  # the admin opened it
    db.session.commit()
    assert send_due_reminders(TUESDAY_10 + timedelta(minutes=4, seconds=59)) == 0
    assert send_due_reminders(TUESDAY_10 + timedelta(minutes=5)) == 1
    assert reminded(handoff, 1) == [("owner@acme.test", "queued", False), ("sam@acme.test", "queued", True)]
    first = db.session.scalar(select(Reminder).where(Reminder.handoff_id == handoff.id, Reminder.rung == 1))
    assert (first.status, first.late) == ("sent", False)
    assert first.note == "To every senior who hadn't opened it: Owner Acme, Sam Senior."
    assert send_due_reminders(TUESDAY_10 + timedelta(minutes=10)) == 1
    assert reminded(handoff, 2) == [("owner@acme.test", "queued", False), ("sam@acme.test", "queued", True)]
    assert send_due_reminders(TUESDAY_10 + timedelta(hours=3)) == 0  # each rung once
    assert [r[2] for r in rungs(handoff)] == ["sent", "sent"]


def test_low_priority_has_no_rungs_and_normal_waits_for_the_next_business_morning(app, team):
    _, junior, *_ = team
    assert rungs(escalate(junior, "low")) == []
    friday_4pm = datetime(2026, 12, 11, 16, 0)
    assert rungs(escalate(junior, "normal", at=friday_4pm, summary="Printer")) == [
        (1, "seniors", "pending", friday_4pm + timedelta(minutes=60)),
        (2, "on_call", "pending", datetime(2026, 12, 14, 9, 0))]  # Monday 09:00


def test_each_rung_is_sent_once_by_three_racing_dispatchers(app, team):
    account, junior, *_ = team
    handoff = escalate(junior)
    start, sent, errors = threading.Barrier(3), [], []

    def dispatcher():
        start.wait()
        try:
            sent.append(send_due_reminders(TUESDAY_10 + timedelta(minutes=11)))
        except Exception as error:  # a duplicate refused by the outbox's unique index, say
            errors.append(error)

    racers = [threading.Thread(target=in_app_context, args=(app, dispatcher)) for _ in range(3)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    assert errors == [] and sum(sent) == 2  # two rungs, each sent by exactly one of them
    db.session.expire_all()
    assert [r[2] for r in rungs(handoff)] == ["sent", "sent"]
    assert len(reminded(handoff, 1)) == 3 and len(reminded(handoff, 2)) == 1  # admin, owner, Sam; then the owner


def test_a_claim_while_a_rung_is_being_sent_neither_deadlocks_nor_loses_either(app, team, database_url,
                                                                             monkeypatch):
    """PostgreSQL: the rung's sender has taken its lock when a senior picks the escalation
    up; both finish (the claim waits, then cancels the rung still pending)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks: SQLite has one writer at a time")
    account, junior, admin, owner, sam = team
    handoff = escalate(junior)
    locked, claim_waiting, errors = threading.Event(), threading.Event(), []
    real = reminders.queue_reminder

    def hold(reminder, handoff_row, now):
        locked.set()
        claim_waiting.wait(10)  # until the claim is seen waiting for a lock in pg_stat_activity
        return real(reminder, handoff_row, now)

    monkeypatch.setattr(reminders, "queue_reminder", hold)

    def sender():
        try:
            send_due_reminders(TUESDAY_10 + timedelta(minutes=6))
        except Exception as error:
            errors.append(error)

    def claimer():
        locked.wait(10)
        try:
            claimed = db.session.get(type(handoff), handoff.id)
            assert lifecycle.claim(claimed, sam, now=TUESDAY_10 + timedelta(minutes=6, seconds=1))
            db.session.commit()
        except Exception as error:
            errors.append(error)

    db.session.commit()  # this test's own session holds nothing while the two run
    threads = [threading.Thread(target=in_app_context, args=(app, work)) for work in (sender, claimer)]
    for thread in threads:
        thread.start()
    waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
    with db.engine.connect() as watcher:  # a connection of its own, in autocommit reads
        for _ in range(200):  # polling the server's own view of who waits, not sleeping for a race
            if watcher.execute(text(waiting)).scalar():
                break
            watcher.rollback()
            threading.Event().wait(0.05)
    claim_waiting.set()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    assert [(r[0], r[2]) for r in rungs(handoff)] == [(1, "sent"), (2, "cancelled")]
    assert db.session.get(type(handoff), handoff.id).closed_reason == "claimed"


def test_a_claim_cancels_the_pending_rungs(app, team):
    account, junior, admin, owner, sam = team
    handoff = escalate(junior)
    assert send_due_reminders(TUESDAY_10 + timedelta(minutes=6)) == 1
    assert lifecycle.claim(handoff, sam, now=TUESDAY_10 + timedelta(minutes=7))
    db.session.commit()
    assert [(r[0], r[2]) for r in rungs(handoff)] == [(1, "sent"), (2, "cancelled")]
    assert db.session.scalar(select(Reminder.note).where(Reminder.rung == 2)) == "Not sent: picked up."
    assert send_due_reminders(TUESDAY_10 + timedelta(hours=1)) == 0
    assert reminded(handoff, 2) == []


def test_the_delivery_log_shows_each_rung_with_its_recipients_or_why_it_was_not_sent(app, team):
    account, junior, admin, owner, sam = team
    handoff = escalate(junior)
    send_due_reminders(TUESDAY_10 + timedelta(minutes=8))  # three minutes after it fell due: late
    lifecycle.claim(handoff, sam, now=TUESDAY_10 + timedelta(minutes=9))
    db.session.commit()
    page = " ".join(client_for(app, admin).get("/notifications").get_data(as_text=True).split())
    assert "First notice" in page
    assert ("Reminder 1 · sent <time datetime=\"2026-12-08T10:08:00Z\">08 Dec 2026 10:08 UTC</time> "
            "<span class=\"delivery-rung__late\">late: due <time datetime=\"2026-12-08T10:05:00Z\">") in page
    assert "To every senior who hadn&#39;t opened it: Owner Acme, Admin Acme, Sam Senior." in page
    assert ("Reminder 2 · due <time datetime=\"2026-12-08T10:10:00Z\">08 Dec 2026 10:10 UTC</time> · "
            "<span class=\"delivery-rung__note\">Not sent: picked up.</span>") in page


def test_a_withdrawn_escalation_escalated_again_starts_its_rungs_again(app, team):
    _, junior, *_ = team
    first = escalate(junior)
    assert lifecycle.withdraw(first.session, junior, now=TUESDAY_10 + timedelta(minutes=2))
    db.session.commit()
    assert {r[2] for r in rungs(first)} == {"cancelled"}
    later = TUESDAY_10 + timedelta(minutes=20)
    again = lifecycle.escalate(first.session, junior, "Still stuck", "urgent", now=later, assess=False)
    db.session.commit()
    assert [(r[0], r[2], r[3]) for r in rungs(again)] == [(1, "pending", later + timedelta(minutes=5)),
                                                         (2, "pending", later + timedelta(minutes=10))]


def test_a_dispatcher_down_across_a_rung_sends_it_once_when_back_marked_late(app, team):
    _, junior, *_ = team
    handoff = escalate(junior)
    assert send_due_reminders(TUESDAY_10 + timedelta(minutes=45)) == 2
    assert [(r.rung, r.status, r.late) for r in db.session.scalars(select(Reminder).order_by(Reminder.rung))] == [
        (1, "sent", True), (2, "sent", True)]
    assert send_due_reminders(TUESDAY_10 + timedelta(minutes=46)) == 0
    assert len(reminded(handoff, 1)) == 3


def test_a_crash_before_the_commit_leaves_the_rung_pending_and_holds_up_no_other(app, team, monkeypatch):
    _, junior, *_ = team
    first, second = escalate(junior), escalate(junior, summary="Printer offline")
    real = reminders.queue_reminder

    def crash(reminder, handoff, now):
        if handoff.id == first.id:
            real(reminder, handoff, now)
            raise RuntimeError("the database went away")
        return real(reminder, handoff, now)

    monkeypatch.setattr(reminders, "queue_reminder", crash)
    assert send_due_reminders(TUESDAY_10 + timedelta(minutes=5)) == 1  # the other escalation's rung
    assert [r[2] for r in rungs(first)] == ["pending", "pending"] and reminded(first, 1) == []
    assert [r[2] for r in rungs(second)] == ["sent", "pending"]
    monkeypatch.setattr(reminders, "queue_reminder", real)
    assert send_due_reminders(TUESDAY_10 + timedelta(minutes=5)) == 1
    assert len(reminded(first, 1)) == 3


def test_a_dispatcher_that_dies_after_the_commit_loses_no_reminder(app, team, clock, mailbox):
    """The rung and its outbox rows commit together; a dispatcher takes the rows and dies
    before sending them: the next one sends each exactly once."""
    _, junior, *_ = team
    handoff = escalate(junior, at=utcnow())
    assert dispatch_once() == 3  # the first notices
    clock.move(timedelta(minutes=5))
    assert send_due_reminders(utcnow()) == 1
    assert take_due(utcnow(), "email").ids  # taken, and then the process died
    first_notices = {(m["To"], m["Message-ID"]) for m in mailbox.messages}
    mailbox.messages.clear()
    clock.move(ORPHANED + timedelta(seconds=1))
    assert dispatch_once() == 3 and dispatch_once() == 0
    subject = "Reminder: still waiting after 5 min: Phones drop calls"
    assert sorted(m["Subject"] for m in mailbox.messages) == [subject] * 3
    assert "Opened by: nobody yet." in mailbox.messages[0].get_body(("plain",)).get_content()
    assert {status for _, status, _ in reminded(handoff, 1)} == {"sent"}
    # Each reminder replies to the first notice its senior got: one thread in a mail client.
    assert {(m["To"], m["In-Reply-To"]) for m in mailbox.messages} == first_notices
    assert all(m["References"] == m["In-Reply-To"] != m["Message-ID"] for m in mailbox.messages)


def test_a_reminder_reaches_a_senior_who_was_watching_the_queue(app, team, clock, mailbox):
    """"Only when I'm not watching" holds the first notice, not a reminder: that's sent
    because watching didn't help."""
    account, junior, admin, owner, sam = team
    handoff = escalate(junior, "high", at=utcnow())
    for user in (admin, owner, sam):
        user.notify_email, user.queue_seen_at = "unwatched", utcnow()
    db.session.commit()
    assert dispatch_once() == 3
    assert {status for _, status, _ in reminded(handoff, 0)} == {"suppressed"}  # seen live
    clock.move(timedelta(minutes=15))
    for user in (admin, owner, sam):
        user.queue_seen_at = utcnow()
    db.session.commit()
    assert dispatch_once() == 3
    assert {status for _, status, _ in reminded(handoff, 1)} == {"sent"}


def test_a_ladder_edited_while_escalations_wait_leaves_them_on_theirs(app, team):
    account, junior, *_ = team
    waiting = escalate(junior)
    account.custom_ladder = True
    db.session.add(ReminderRung(account_id=account.id, priority="urgent", position=1, after_minutes=1,
                                audience="seniors"))
    db.session.commit()
    assert [r[3] for r in rungs(waiting)] == [TUESDAY_10 + timedelta(minutes=5), TUESDAY_10 + timedelta(minutes=10)]
    later = escalate(junior, at=TUESDAY_10 + timedelta(minutes=1), summary="Another")
    assert rungs(later) == [(1, "seniors", "pending", TUESDAY_10 + timedelta(minutes=2))]


def test_another_accounts_seniors_are_never_reminded(app, team):
    _, junior, *_ = team
    other = make_account("Other MSP")
    make_user(other, "owner", email="owner@other.test")
    handoff = escalate(junior)
    send_due_reminders(TUESDAY_10 + timedelta(minutes=11))
    emails = {email for rung in (1, 2) for email, _, _ in reminded(handoff, rung)}
    assert emails and all(email.endswith("@acme.test") for email in emails)


# --- business hours and daylight saving ------------------------------------------------------

def test_outside_business_hours_only_the_on_call_senior_is_reminded(app, team):
    account, junior, admin, owner, sam = team
    set_rotation(account, [sam], starts_on=date(2026, 11, 30))
    saturday = datetime(2026, 12, 12, 11, 0)
    handoff = escalate(junior, at=saturday)
    assert send_due_reminders(saturday + timedelta(minutes=10)) == 2
    assert reminded(handoff, 1) == [("sam@acme.test", "queued", True)]
    assert reminded(handoff, 2) == [("sam@acme.test", "queued", True)]
    note = db.session.scalar(select(Reminder.note).where(Reminder.rung == 1))
    assert note == "Outside business hours: to the on-call senior only: Sam Senior."


def test_next_business_morning_across_a_daylight_saving_switch_and_a_holiday(app, team):
    account, junior, *_ = team
    account.timezone = LONDON
    db.session.commit()
    friday_6pm = datetime(2026, 3, 27, 18, 0)  # 18:00 GMT
    handoff = escalate(junior, "normal", at=friday_6pm)
    assert rungs(handoff)[1][3] == datetime(2026, 3, 30, 8, 0)  # Monday 09:00 BST
    db.session.add(Holiday(account_id=account.id, day=date(2026, 3, 30), name="Bank holiday"))
    db.session.commit()
    again = escalate(junior, "normal", at=friday_6pm, summary="Another")
    assert rungs(again)[1][3] == datetime(2026, 3, 31, 8, 0)  # Tuesday, the Monday being a holiday


def test_a_minute_rung_across_the_switch_is_that_many_real_minutes(app, team):
    account, junior, *_ = team
    account.timezone = LONDON
    db.session.commit()
    just_before = datetime(2026, 3, 29, 0, 58)  # 00:58 GMT; at 01:00 UTC clocks go to 02:00 BST
    assert [r[3] for r in rungs(escalate(junior, at=just_before))] == [datetime(2026, 3, 29, 1, 3),
                                                                      datetime(2026, 3, 29, 1, 8)]


def test_business_hours_in_the_teams_timezone():
    hours = WorkingTime(LONDON, frozenset(range(5)), time(9), time(17), frozenset({date(2026, 12, 25)}))
    assert hours.is_open(datetime(2026, 7, 1, 8, 30))  # 09:30 BST
    assert not hours.is_open(datetime(2026, 12, 1, 8, 30))  # 08:30 GMT
    assert not hours.is_open(datetime(2026, 12, 25, 12, 0))  # a holiday
    assert hours.next_opening(datetime(2026, 12, 24, 17, 0)) == datetime(2026, 12, 28, 9, 0)  # after Christmas
    assert hours.next_opening(datetime(2026, 12, 1, 7, 0)) == datetime(2026, 12, 1, 9, 0)  # later today
    assert WorkingTime(days=frozenset()).next_opening(datetime(2026, 12, 1)) is None


def test_time_in_business_hours_for_the_metrics_csv():
    hours = WorkingTime(LONDON, frozenset(range(5)), time(9), time(17))
    friday_4pm_bst = datetime(2026, 3, 27, 16, 0)  # 16:00 GMT (BST starts on the Sunday)
    monday_10am_bst = datetime(2026, 3, 30, 9, 0)  # 10:00 BST
    assert hours.seconds_within(friday_4pm_bst, monday_10am_bst) == 2 * 3600  # 16-17 Friday, 09-10 Monday
    assert hours.seconds_within(datetime(2026, 3, 28, 10), datetime(2026, 3, 28, 12)) == 0  # a Saturday
    assert hours.seconds_within(monday_10am_bst, friday_4pm_bst) == 0
    assert hours.seconds_within(None, monday_10am_bst) is None


# --- the on-call rotation ---------------------------------------------------------------------

def test_the_rotation_hands_over_weekly_at_local_time_through_a_daylight_saving_switch():
    hours = WorkingTime(LONDON)
    start, monday_9 = date(2026, 3, 2), time(9)
    turn = rotation_turn((1, 2, 3), 0, monday_9, start, hours, datetime(2026, 3, 27, 12, 0))
    assert (turn.user_id, turn.until) == (1, datetime(2026, 3, 30, 8, 0))  # week 4: member 1 again; 09:00 BST
    after = rotation_turn((1, 2, 3), 0, monday_9, start, hours, datetime(2026, 3, 30, 8, 0))
    assert (after.user_id, after.until) == (2, datetime(2026, 4, 6, 8, 0))
    assert rotation_turn((1, 2), 0, monday_9, start, hours, datetime(2026, 3, 1)).user_id is None  # not started
    assert rotation_turn((), 0, monday_9, start, hours, datetime(2026, 3, 10)) .user_id is None


def test_an_override_covers_its_span_and_the_latest_of_overlapping_ones_wins():
    hours = WorkingTime(LONDON)
    dana_covers = (7, datetime(2026, 3, 10, 0, 0), datetime(2026, 3, 11, 0, 0))
    late_shift = (8, datetime(2026, 3, 10, 18, 0), datetime(2026, 3, 10, 22, 0))
    args = ((1, 2), 0, time(9), date(2026, 3, 2), [dana_covers, late_shift], hours)
    assert on_call_turn(*args, datetime(2026, 3, 10, 9, 0)) .user_id == 7
    assert on_call_turn(*args, datetime(2026, 3, 10, 9, 0)).until == datetime(2026, 3, 10, 18, 0)
    assert on_call_turn(*args, datetime(2026, 3, 10, 19, 0)).user_id == 8
    assert on_call_turn(*args, datetime(2026, 3, 11, 9, 0)).user_id == 2


def test_a_deactivated_on_call_senior_falls_back_to_the_owner(app, team):
    account, junior, admin, owner, sam = team
    set_rotation(account, [sam], starts_on=date(2026, 11, 30))
    assert on_call(account.id, TUESDAY_10).user.id == sam.id
    sam.active = False
    db.session.commit()
    duty = on_call(account.id, TUESDAY_10)
    assert (duty.user.id, duty.fallback) == (owner.id, "Sam Senior is deactivated")
    assert on_call(make_account("Fresh").id, TUESDAY_10).fallback == "no on-call rotation is set up"


def test_a_rotation_with_nobody_in_it_leaves_the_owner_on_call(app, team):
    account, junior, admin, owner, sam = team
    set_rotation(account, [], starts_on=date(2026, 11, 30))
    duty = on_call(account.id, TUESDAY_10)
    assert (duty.user.id, duty.fallback) == (owner.id, "the rotation has nobody on call now")


def test_a_timezone_change_moves_the_hand_over_and_a_waiting_morning_rung(app, team):
    """Rungs counted in minutes keep their time; a "next business morning" one moves to the
    new timezone's morning, and the rotation hands over at its wall-clock time there."""
    account, junior, admin, owner, sam = team
    set_rotation(account, [sam], starts_on=date(2026, 11, 30))
    handoff = escalate(junior, "normal", at=datetime(2026, 12, 11, 16, 0))  # Friday 16:00 UTC
    assert [r[3] for r in rungs(handoff)] == [datetime(2026, 12, 11, 17, 0), datetime(2026, 12, 14, 9, 0)]
    assert on_call(account.id, TUESDAY_10).until == datetime(2026, 12, 14, 9, 0)
    client_for(app, admin).post("/settings/on-call/hours", data={
        "timezone": "America/New_York", "work_days": ["0", "1", "2", "3", "4"], "work_start": "09:00",
        "work_end": "17:00"})
    db.session.expire_all()
    assert [r[3] for r in rungs(handoff)] == [datetime(2026, 12, 11, 17, 0), datetime(2026, 12, 14, 14, 0)]
    assert on_call(account.id, TUESDAY_10).until == datetime(2026, 12, 14, 14, 0)  # Monday 09:00 EST


def test_a_morning_rung_never_comes_before_the_rung_ahead_of_it(app, team):
    _, junior, *_ = team
    early = datetime(2026, 12, 8, 8, 30)  # before opening: 60 min is 09:30, after this morning's opening
    assert [r[3] for r in rungs(escalate(junior, "normal", at=early))] == [datetime(2026, 12, 8, 9, 30),
                                                                          datetime(2026, 12, 9, 9, 0)]


def test_a_senior_made_a_viewer_is_no_longer_on_call(app, team):
    account, junior, admin, owner, sam = team
    set_rotation(account, [sam], starts_on=date(2026, 11, 30))
    sam.role = "viewer"
    db.session.commit()
    duty = on_call(account.id, TUESDAY_10)
    assert (duty.user.id, duty.fallback) == (owner.id, "Sam Senior is a viewer now")


def test_the_team_chat_hears_the_rungs_for_the_team_not_the_on_call_ones(app, team):
    account, junior, *_ = team
    db.session.add(ChatWebhook(account_id=account.id, url="https://chat.example/hook", format="generic",
                               secret="s" * 32))
    db.session.commit()
    handoff = escalate(junior)
    send_due_reminders(TUESDAY_10 + timedelta(minutes=11))
    assert [row for row in reminded(handoff, 1) if row[0] == "chat"] == [("chat", "queued", False)]
    assert [row for row in reminded(handoff, 2) if row[0] == "chat"] == []  # the on-call senior and the owner


def test_an_override_puts_its_senior_on_call(app, team):
    account, junior, admin, owner, sam = team
    set_rotation(account, [sam], starts_on=date(2026, 11, 30))
    db.session.add(OnCallOverride(account_id=account.id, user_id=admin.id, starts_at=datetime(2026, 12, 8),
                                  ends_at=datetime(2026, 12, 9)))
    db.session.commit()
    duty = on_call(account.id, TUESDAY_10)
    assert (duty.user.id, duty.override, duty.until) == (admin.id, True, datetime(2026, 12, 9))


def test_the_on_call_senior_gets_the_first_notice_whatever_their_preference(app, team):
    account, junior, admin, owner, sam = team
    set_rotation(account, [sam], starts_on=date(2026, 11, 30), notify_priority="high")
    sam.notify_email = "never"
    db.session.commit()
    high = escalate(junior, "high")
    assert ("sam@acme.test", "queued", True) in reminded(high, 0)
    normal = escalate(junior, "normal", summary="Below the rotation's priority")
    assert ("sam@acme.test", "suppressed", False) in reminded(normal, 0)
