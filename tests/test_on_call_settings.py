"""On call and reminders, set by owners and admins: the ladder, business hours and holidays,
the rotation and its cover; each refuses bad input with a message and keeps what was typed.
The queue page says who is on call, and each open queue hears of a reminder."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from rf import create_app
from rf.core import clock as app_clock
from rf.core.config import Config
from rf.core.extensions import db
from rf.core.models import Account, Holiday, OnCallOverride, OnCallRotation, Reminder, ReminderRung, utcnow
from rf.core.oncall import on_call
from rf.notify.reminders import send_due_reminders
from rf.sessions import lifecycle

from .factories import make_user
from .helpers import client_for

LADDER = {f"{p}_{n}_{part}": "" for p in ("urgent", "high", "normal", "low") for n in (1, 2)
          for part in ("when", "who")}


def text(response):
    return " ".join(response.get_data(as_text=True).split())


def ladder(**chosen):
    return {**{key: "seniors" if key.endswith("_who") else "" for key in LADDER}, **chosen}


def test_an_admin_sets_the_ladder_and_new_escalations_follow_it(app, acme):
    account, users = acme
    admin = client_for(app, users["admin"])
    page = text(admin.get("/settings/on-call"))
    assert "Reminders" in page and "After 5 minutes" in page
    response = admin.post("/settings/on-call/ladder", data=ladder(urgent_1_when="10", urgent_2_when="morning",
                                                                  urgent_2_who="on_call"))
    assert response.status_code == 302
    rows = db.session.execute(select(ReminderRung.priority, ReminderRung.position, ReminderRung.after_minutes,
                                     ReminderRung.next_business_morning, ReminderRung.audience)
                              .order_by(ReminderRung.priority, ReminderRung.position)).all()
    assert rows == [("urgent", 1, 10, False, "seniors"), ("urgent", 2, None, True, "on_call")]
    assert db.session.get(Account, account.id).custom_ladder
    session = lifecycle.start(users["engineer"], "7", "Client", "Mail down", "m365")
    handoff = lifecycle.escalate(session, users["engineer"], "Stuck", "urgent", assess=False)
    high = lifecycle.escalate(lifecycle.start(users["engineer"], "8", "Client", "Slow", "m365"),
                              users["engineer"], "Stuck", "high", assess=False)
    db.session.commit()
    assert [r.rung for r in db.session.scalars(select(Reminder).where(Reminder.handoff_id == handoff.id))] == [1, 2]
    assert db.session.scalars(select(Reminder).where(Reminder.handoff_id == high.id)).all() == []  # none set


def test_a_ladder_out_of_order_is_refused_with_what_was_chosen_kept(app, acme):
    account, users = acme
    admin = client_for(app, users["admin"])
    response = admin.post("/settings/on-call/ladder", data=ladder(high_1_when="30", high_2_when="15",
                                                                  normal_2_when="60"))
    assert response.status_code == 422
    page = text(response)
    assert "The second reminder must come later than the first." in page
    assert "Set the first reminder before a second one." in page
    assert '<option selected value="30">After 30 minutes</option>' in page
    assert db.session.scalars(select(ReminderRung)).all() == []
    assert not db.session.get(Account, account.id).custom_ladder


def test_values_that_are_not_choices_are_refused_not_a_500(app, acme):
    account, users = acme
    admin = client_for(app, users["admin"])
    ladder_page = admin.post("/settings/on-call/ladder", data=ladder(urgent_1_when="abc", urgent_2_when="10"))
    assert ladder_page.status_code == 422 and "Not a valid choice" in text(ladder_page)
    rotation = admin.post("/settings/on-call/rotation", data={
        "handover_weekday": "0", "handover_time": "09:00", "starts_on": "2026-11-30", "notify_priority": "high",
        f"turn_{users['admin'].id}": "abc"})
    assert rotation.status_code == 422 and "Not a valid choice" in text(rotation)
    assert db.session.scalars(select(OnCallRotation)).all() == []


def test_business_hours_and_holidays(app, acme):
    account, users = acme
    admin = client_for(app, users["owner"])
    bad = admin.post("/settings/on-call/hours", data={"timezone": "Europe/Londn", "work_days": ["0", "1"],
                                                      "work_start": "17:00", "work_end": "09:00"})
    assert bad.status_code == 422
    page = text(bad)
    assert "“Europe/Londn” isn&#39;t a timezone we know" in page and 'value="Europe/Londn"' in page
    assert "The day must close after it opens." in page
    no_days = admin.post("/settings/on-call/hours", data={"timezone": "UTC", "work_start": "09:00",
                                                          "work_end": "17:00"})
    assert no_days.status_code == 422 and "Choose at least one working day." in text(no_days)
    assert 'aria-describedby="work_days-error"' in text(no_days)
    good = admin.post("/settings/on-call/hours", data={"timezone": "Europe/London", "work_days": ["0", "1", "2", "3"],
                                                       "work_start": "08:30", "work_end": "17:30"})
    assert good.status_code == 302
    account = db.session.get(Account, account.id)
    assert (account.timezone, account.work_days, account.work_start, account.work_end) == (
        "Europe/London", "0123", time(8, 30), time(17, 30))
    day = (utcnow() + timedelta(days=30)).date()
    assert admin.post("/settings/on-call/holidays", data={"day": day, "name": "Christmas Day"}).status_code == 302
    again = admin.post("/settings/on-call/holidays", data={"day": day, "name": "Xmas"})
    assert again.status_code == 422 and f"{day:%d %b %Y} is already a holiday (Christmas Day)." in text(again)
    past = admin.post("/settings/on-call/holidays", data={"day": "2020-01-01", "name": "Long ago"})
    assert past.status_code == 422 and "That day is past" in text(past)
    holiday = db.session.scalar(select(Holiday))
    assert admin.post(f"/settings/on-call/holidays/{holiday.id}/delete").status_code == 302
    assert db.session.scalars(select(Holiday)).all() == []


def test_the_rotation_in_turn_order_and_a_turn_given_twice_refused(app, acme):
    account, users = acme
    dana = make_user(account, "engineer", name="Dana Senior")
    admin = client_for(app, users["admin"])
    fields = {"handover_weekday": "0", "handover_time": "09:00", "starts_on": "2026-11-30", "notify_priority": "high"}
    twice = admin.post("/settings/on-call/rotation", data={**fields, f"turn_{dana.id}": "1",
                                                           f"turn_{users['admin'].id}": "1"})
    assert twice.status_code == 422 and "Turn 1 is given to more than one senior." in text(twice)
    saved = admin.post("/settings/on-call/rotation", data={**fields, f"turn_{dana.id}": "2",
                                                           f"turn_{users['admin'].id}": "1"})
    assert saved.status_code == 302
    assert "Rotation saved." in text(admin.get("/settings/on-call"))
    rotation = db.session.scalar(select(OnCallRotation))
    assert rotation.members == (users["admin"].id, dana.id)
    queue = text(client_for(app, dana).get("/escalations"))
    assert "On call: <strong>" in queue and "until <time" in queue
    line = text(client_for(app, dana).get("/escalations/on-call", headers={"HX-Request": "true"}))
    duty = on_call(account.id, utcnow())  # (whose turn it is depends on today's date)
    assert line.startswith('<p id="queue-on-call"') and f"<strong>{duty.user.name}</strong>" in line


def test_cover_in_the_teams_time_and_an_overlapping_one_refused(app, acme):
    account, users = acme
    account.timezone = "Europe/London"
    db.session.commit()
    sam = make_user(account, "engineer", name="Sam Senior")
    admin = client_for(app, users["admin"])
    later = (utcnow() + timedelta(days=200)).date()  # a summer day: London is UTC+1 then, or not
    starts, ends = f"{later}T09:00", f"{later + timedelta(days=1)}T09:00"
    assert admin.post("/settings/on-call/overrides", data={"user_id": sam.id, "starts_at": starts,
                                                           "ends_at": ends}).status_code == 302
    cover = db.session.scalar(select(OnCallOverride))
    listed = text(admin.get("/settings/on-call"))
    assert f"<strong>Sam Senior</strong> · {later:%a %d %b} 09:00" in listed
    assert f'Delete<span class="visually-hidden"> Sam Senior · {later:%a %d %b} 09:00' in listed
    local = datetime.combine(later, time(9))
    expected = local.replace(tzinfo=ZoneInfo("Europe/London")).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    assert (cover.user_id, cover.starts_at) == (sam.id, expected)
    clash = admin.post("/settings/on-call/overrides", data={"user_id": users["admin"].id,
                                                            "starts_at": f"{later}T18:00", "ends_at": ends})
    assert clash.status_code == 422
    assert "It overlaps Sam Senior&#39;s cover" in text(clash) and f'value="{later}T18:00"' in text(clash)
    over = admin.post("/settings/on-call/overrides", data={"user_id": sam.id, "starts_at": "2020-01-01T09:00",
                                                           "ends_at": "2020-01-02T09:00"})
    assert over.status_code == 422 and "That time is past" in text(over)
    backwards = admin.post("/settings/on-call/overrides", data={"user_id": sam.id, "starts_at": ends,
                                                                "ends_at": starts})
    assert backwards.status_code == 422 and "It must end after it starts." in text(backwards)
    assert admin.post(f"/settings/on-call/overrides/{cover.id}/delete").status_code == 302
    assert db.session.scalars(select(OnCallOverride)).all() == []


def test_the_queue_says_when_the_owner_covers_for_a_deactivated_on_call_senior(app, acme):
    account, users = acme
    sam = make_user(account, "engineer", name="Sam Senior", active=False)
    db.session.add(OnCallRotation(account_id=account.id, handover_weekday=0, handover_time=time(9),
                                  starts_on=date(2026, 1, 5), member_ids=str(sam.id)))
    db.session.commit()
    queue = text(client_for(app, users["engineer"]).get("/escalations"))
    assert ('<span class="queue-on-call__fallback">Sam Senior is deactivated:</span> '
            "<strong>Owner Acme</strong> (owner) is on call") in queue


def test_every_open_queue_hears_of_a_reminder(app, acme):
    """A poll from before the reminder gets the card's "reminded" line on its own (out of
    band), not the card: a senior tabbing through the card keeps their place."""
    account, users = acme
    senior = client_for(app, users["admin"])
    session = lifecycle.start(users["engineer"], "7", "Client", "Mail down", "m365")
    handoff = lifecycle.escalate(session, users["engineer"], "Stuck", "urgent", assess=False)
    db.session.commit()
    cursor = db.session.get(Account, account.id).queue_seq
    assert send_due_reminders(utcnow() + timedelta(minutes=6)) == 1
    answer = text(senior.get(f"/queue/poll?after={cursor}&wait=0", headers={"HX-Request": "true"}))
    assert f'<span id="reminded-{handoff.id}" class="queue-card__reminded" hx-swap-oob="true"> · reminded' in answer
    assert f'id="card-{handoff.id}"' not in answer
    page = text(senior.get("/escalations"))
    assert "· reminded <time" in page and "</time> · on call: Owner Acme" in page  # no rotation: the owner


def test_the_clock_hook_exists_only_for_a_test_server_and_only_for_this_machine(app, acme, tmp_path):
    """Not in the test configuration (nor any other) unless RF_TEST_HOOKS is on; then only
    on a loopback base URL, answering loopback requests."""
    assert client_for(app, acme[1]["admin"]).post("/_test/clock", data={"minutes": 5}).status_code == 404
    environ = {"RF_SECRET_KEY": "test-secret-key-not-for-production", "RF_TEST_HOOKS": "true",
               "RF_DATABASE_URL": f"sqlite:///{tmp_path}/hooks.sqlite3"}
    with pytest.raises(RuntimeError, match="loopback"):
        create_app(Config(str(tmp_path), {**environ, "RF_BASE_URL": "https://rf.example.com"}))
    hooked = create_app(Config(str(tmp_path), {**environ, "RF_BASE_URL": "http://127.0.0.1:8000"})).test_client()
    assert hooked.post("/_test/clock", data={"minutes": 5}, environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 404
    assert hooked.post("/_test/clock", data={"minutes": "inf"}).status_code == 400
    before = utcnow()
    try:
        assert hooked.post("/_test/clock", data={"minutes": 5}).status_code == 200
        assert utcnow() - before >= timedelta(minutes=5)
    finally:
        app_clock.reset()
