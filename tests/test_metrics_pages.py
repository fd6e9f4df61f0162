"""The metrics page, its CSV and the manual baseline through HTTP: periods, bad input,
the rate limit, who may do what, and the card above the queue."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from rf.core.extensions import db
from rf.core.hours import WorkingTime
from rf.core.models import BaselineMeasurement, utcnow
from rf.metrics.charts import axis

from .factories import make_account, make_user
from .helpers import client_for, login
from .test_metrics import escalation as escalation_at


def escalation(*args, **kwargs):
    """As in test_metrics, timed from the real now: the pages report up to now."""
    return escalation_at(*args, now=utcnow(), **kwargs)


def recovered_section(client):
    """The page's "Compared with the old way" section, its whitespace made single spaces."""
    page = client.get("/metrics").get_data(as_text=True)
    return " ".join(page.split('id="recovered"')[1].split("</section>")[0].split())


def test_the_page_shows_the_numbers_and_their_definitions(app, acme, owner_client):
    account, users = acme
    escalation(account, users["engineer"], users["admin"], to_claim=300, to_action=90)
    escalation(account, users["engineer"], escalated_ago=timedelta(hours=2))  # waiting
    page = owner_client.get("/metrics").get_data(as_text=True)
    assert "last 30 days" in page and 'aria-current="page">30 days' in page
    claim = page.split('id="time-to-claim"')[1].split("</section>")[0]
    assert "5.0 min" in claim and ">1<" in claim
    action = page.split('id="time-to-first-action"')[1].split("</section>")[0]
    assert "1.5 min" in action
    assert "2.0 h" in page.split('id="waiting"')[1].split("</section>")[0]  # the oldest wait
    assert "Admin Acme" in page.split('id="per-tech"')[1]
    assert "What these numbers mean" in page and "round(0.95 × (n − 1))" in page
    assert "No baseline yet." in page and "minutes recovered" not in page  # never savings on its own
    assert "<svg" in page and 'role="img"' in page


def test_an_unknown_period_is_a_400_that_lists_the_allowed_ones(app, acme, owner_client):
    response = owner_client.get("/metrics?period=1y")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Unknown period &#39;1y&#39;. Choose one of: 7d, 30d, 90d." in page
    assert owner_client.get("/metrics.csv?period=week").status_code == 400
    assert owner_client.get("/metrics?period=7d").status_code == 200


def test_slower_than_the_baseline_is_said_plainly(app, acme, owner_client):
    account, users = acme
    escalation(account, users["engineer"], users["admin"], to_claim=60, to_action=300)  # 5 min to first action
    db.session.add(BaselineMeasurement(account_id=account.id, label="#1 old way", seconds=120,
                                       measured_on=utcnow().date(), recorded_by_id=users["owner"].id))
    db.session.commit()
    recovered = recovered_section(owner_client)
    assert "3.0 minutes slower per escalation</strong> than the baseline" in recovered
    # 3 min × 1 escalation in 30 days = 0.23 a week: 42 s a week, 3 minutes a month
    assert "about <strong>1 minute more a week</strong> (3 minutes a month) at 0.2 escalations a week" in recovered
    assert "Too few escalations to trust (1)" in recovered and "recovered__figures--untrusted" in recovered
    assert "from 1 stopwatch measurement of the old way" in recovered
    assert "recovered per escalation" not in recovered
    assert "in ResolutionFlow the clock starts at the pick-up, which took a median 60 s." in recovered


def test_the_csv_has_one_row_per_claimed_escalation(app, acme, owner_client):
    account, users = acme
    first = escalation(account, users["engineer"], users["admin"], to_claim=300, to_action=90)
    second = escalation(account, users["engineer"], users["owner"], escalated_ago=timedelta(hours=5), to_claim=60)
    first.session.client_name = "=HYPERLINK(\"http://evil.example\")"
    db.session.commit()
    # outside 30 days
    escalation(account, users["engineer"], users["admin"], escalated_ago=timedelta(days=40), to_claim=60)
    other = make_account("Other MSP")
    escalation(other, make_user(other, "engineer"), make_user(other, "admin"), to_claim=77)  # another MSP's
    response = owner_client.get("/metrics.csv?period=30d")
    assert response.mimetype == "text/csv"
    assert 'filename="resolutionflow-escalations-30d-' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [(r["handoff_id"], r["claimed_by"], r["seconds_to_claim"], r["seconds_to_first_action"]) for r in rows] == [
        (str(first.id), "Admin Acme", "300", "90"), (str(second.id), "Owner Acme", "60", "")]
    assert rows[0]["client_name"].startswith("'=HYPERLINK")  # not a formula in a spreadsheet
    assert rows[1]["escalated_by"] == "Engineer Acme" and rows[1]["first_action_at_utc"] == ""
    assert rows[0]["claimed_at_utc"] == f"{first.closed_at:%Y-%m-%d %H:%M:%S}"
    # Wall-clock times, and the same in the team's business hours only.
    hours = WorkingTime.of(account)
    assert rows[0]["business_seconds_to_claim"] == f"{hours.seconds_within(first.created_at, first.closed_at):.0f}"
    assert rows[1]["business_seconds_to_first_action"] == ""


def test_the_page_and_csv_are_rate_limited_per_user(app, acme, owner_client):
    for _ in range(20):
        assert owner_client.get("/metrics").status_code == 200
    for _ in range(10):
        assert owner_client.get("/metrics.csv").status_code == 200
    limited = owner_client.get("/metrics")
    assert limited.status_code == 429
    assert "The metrics can be loaded 30 times a minute. Try again in" in limited.get_data(as_text=True)
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert owner_client.get("/metrics.csv").status_code == 429
    # A baseline sent back with its errors is not lost to the limit.
    refused = owner_client.post("/metrics/baseline",
                                data={"label": "Typed", "duration": "-3", "measured_on": "2026-11-02"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'value="Typed"' in page and 'value="-3"' in page
    assert "The measurement wasn't added: correct the field below." in page
    assert "The metrics can be loaded 30 times a minute. Try again in" in page
    assert "A time can&#39;t be negative." in page and "Escalation metrics" not in page  # no report computed
    assert client_for(app, acme[1]["engineer"]).get("/metrics").status_code == 200  # others unaffected


def test_viewers_get_403(app, acme, client):
    login(client, acme[1]["viewer"])
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics.csv").status_code == 403


def test_the_owner_records_edits_and_deletes_baseline_measurements(app, acme, owner_client):
    response = owner_client.post("/metrics/baseline", data={
        "label": "#4188 VPN drops", "duration": "14:30", "measured_on": "2026-11-02"}, follow_redirects=True)
    assert "Measurement added to the baseline." in response.get_data(as_text=True)
    item = db.session.scalar(select(BaselineMeasurement))
    assert (item.label, item.seconds, str(item.measured_on)) == ("#4188 VPN drops", 870, "2026-11-02")
    page = owner_client.get("/metrics").get_data(as_text=True)
    assert "#4188 VPN drops" in page and "14:30 min" in page and "No baseline yet." not in page

    form = owner_client.get(f"/metrics/baseline/{item.id}/edit").get_data(as_text=True)
    assert 'value="14:30"' in form and "data-stopwatch" in form  # the same fields as adding one
    assert f'action="/metrics/baseline/{item.id}/edit?period=90d"' in owner_client.get(
        f"/metrics/baseline/{item.id}/edit?period=90d").get_data(as_text=True)
    saved = owner_client.post(f"/metrics/baseline/{item.id}/edit?period=90d",
                              data={"label": "#4188 VPN drops", "duration": "22.5", "measured_on": "2026-11-02"})
    assert saved.headers["Location"] == "/metrics?period=90d#baseline"  # back where the owner was
    db.session.expire_all()
    assert item.seconds == 1350
    deleted = owner_client.post(f"/metrics/baseline/{item.id}/delete?period=7d")
    assert deleted.headers["Location"] == "/metrics?period=7d#baseline"
    assert db.session.scalar(select(func.count()).select_from(BaselineMeasurement)) == 0


def test_a_negative_zero_absurd_or_garbled_time_is_refused_and_the_input_kept(app, acme, owner_client):
    cases = [("-5", "A time can&#39;t be negative."), ("0", "The time must be more than zero."),
             ("481", "more than 8 hours"), ("8:00:01", "more than 8 hours"),
             ("9" * 308, "more than 8 hours"), ("9" * 308 + ".5", "more than 8 hours"),  # no float infinity
             ("about ten", "Enter minutes (like 14 or 14.5) or minutes:seconds (like 14:30)."),
             ("", "Enter the time, or use the stopwatch.")]
    for duration, message in cases:
        response = owner_client.post("/metrics/baseline", data={
            "label": "Typed label stays", "duration": duration, "measured_on": "2026-11-02"})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, duration
        assert message in page, duration
        assert 'value="Typed label stays"' in page and f'value="{duration}"' in page
    assert owner_client.post("/metrics/baseline",
                             data={"label": "", "duration": "5", "measured_on": ""}).status_code == 422
    blank = owner_client.post("/metrics/baseline", data={"label": "   ", "duration": "5", "measured_on": "2026-11-02"})
    assert blank.status_code == 422 and "Say which escalation it was" in blank.get_data(as_text=True)
    unknown_period = owner_client.post("/metrics/baseline?period=1y", data={
        "label": "Kept", "duration": "-1", "measured_on": "2026-11-02"})  # the form comes back on 30 days
    assert unknown_period.status_code == 422 and 'value="Kept"' in unknown_period.get_data(as_text=True)
    assert owner_client.post("/metrics/baseline", data={"label": "Eight hours", "duration": "480",
                                                         "measured_on": "2026-11-02"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(BaselineMeasurement)) == 1


def test_only_the_owner_sees_the_baseline_form(app, acme):
    admin = client_for(app, acme[1]["admin"])
    page = admin.get("/metrics").get_data(as_text=True)
    assert "Add a measurement" not in page and "The account owner records them." in page
    assert admin.post("/metrics/baseline",
                      data={"label": "x", "duration": "5", "measured_on": "2026-11-02"}).status_code == 403


def test_the_queue_shows_time_to_first_action_for_the_last_30_days(app, acme):
    account, users = acme
    escalation(account, users["engineer"], users["admin"], to_claim=60, to_action=420)
    escalation(account, users["engineer"], users["admin"], escalated_ago=timedelta(days=45), to_claim=60, to_action=60)
    senior = client_for(app, users["admin"])
    queue = senior.get("/escalations").get_data(as_text=True)
    assert 'id="queue-metrics"' in queue and 'hx-get="/metrics/card" hx-trigger="load, retry"' in queue  # loads after
    assert "queue-metrics__skeleton" in queue and "These figures couldn't be loaded." in queue  # (hidden till then)
    card = " ".join(senior.get("/metrics/card").get_data(as_text=True).split())
    assert card.startswith('<aside id="queue-metrics"')
    assert "7.0 min</strong>" in card and "median · 7.0 min average" in card and 'href="/metrics"' in card
    assert "1 of 1 picked-up escalation reached a first action (100%)" in card
    assert "In-product time only — not minutes saved." in card


def test_the_card_counts_picked_up_escalations_that_reached_a_first_action(app, acme):
    account, users = acme
    escalation(account, users["engineer"], users["admin"], to_claim=60, to_action=300)
    escalation(account, users["engineer"], users["admin"], to_claim=60)  # picked up, no step yet
    escalation(account, users["engineer"], users["admin"], to_claim=120)
    card = " ".join(client_for(app, users["admin"]).get("/metrics/card").get_data(as_text=True).split())
    assert "1 of 3 picked-up escalations reached a first action (33%)" in card and "5.0 min</strong>" in card


def test_the_card_with_nothing_picked_up_says_so(app, acme):
    card = " ".join(client_for(app, acme[1]["admin"]).get("/metrics/card").get_data(as_text=True).split())
    assert "Nothing was picked up in the last 30 days." in card and "reached a first action" not in card
    assert "In-product time only — not minutes saved." in card


def test_the_report_is_computed_for_now(app, acme, owner_client):
    """A claim a minute ago is in, whatever the period."""
    account, users = acme
    escalation(account, users["engineer"], users["admin"], escalated_ago=timedelta(minutes=2), to_claim=60)
    for period in ("7d", "30d", "90d"):
        page = owner_client.get(f"/metrics?period={period}").get_data(as_text=True)
        assert "60 s" in page.split('id="time-to-claim"')[1].split("</section>")[0], period


@pytest.mark.parametrize("minutes, top, step", [(22, 25, 5), (16.5, 20, 5), (7, 8, 2), (51, 60, 20), (480, 500, 100),
                                                 (0.3, 0.3, 0.1)])
def test_the_chart_axis_reaches_just_past_the_tallest_bar_in_round_steps(minutes, top, step):
    assert axis(minutes) == (top, step)


def test_savings_from_five_escalations_on_are_trusted_and_shown_per_week_and_month(app, acme, owner_client):
    account, users = acme
    for _ in range(5):
        escalation(account, users["engineer"], users["admin"], to_claim=60, to_action=600)  # 10 min
    for minutes in (40, 50):
        db.session.add(BaselineMeasurement(account_id=account.id, label=f"{minutes} min", seconds=minutes * 60,
                                           measured_on=utcnow().date(), recorded_by_id=users["owner"].id))
    db.session.commit()
    recovered = recovered_section(owner_client)
    # (45 - 10) min × 5 escalations in 30 days: 5 × 7/30 a week → 40.8 min a week, 175 min a month
    assert "35.0 minutes recovered per escalation" in recovered
    assert "about <strong>41 minutes a week</strong> (2.9 hours a month) at 1.2 escalations a week" in recovered
    assert "Too few" not in recovered and "untrusted" not in recovered
    assert "from 2 stopwatch measurements of the old way" in recovered and "(from 5 escalations)" in recovered
