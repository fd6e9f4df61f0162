"""Input that arrives malformed or hostile is cleaned or refused the same way everywhere:
terminal escape sequences never reach stored text, exports or mail headers, and an invite
never tells an admin about another account's users."""
from sqlalchemy import select

from rf.core.extensions import db
from rf.core.models import Handoff, Invite, Step
from rf.core.models import TroubleshootingSession as TS
from rf.notify.dispatch import dispatch_once

from .factories import make_account, make_user
from .helpers import HX, client_for

HIDDEN = "\x1b[8m"          # text that terminals don't show
CLEAR = "\x1b[2J\x1b[H"     # clear the screen, cursor home
TITLE = "\x1b]0;pwned\x07"  # set the window title


def test_escape_sequences_are_stripped_from_every_field_but_kept_out_of_the_output_too(app, acme, mailbox):
    account, users = acme
    engineer = client_for(app, users["engineer"])
    engineer.post("/sessions/new", data={"ticket_number": f"44{CLEAR}11", "client_name": f"Harbor{TITLE} Dental\x85",
                                         "summary": f"VPN {HIDDEN}secret{chr(27)}[0m drops\x9b", "domain": "network"})
    session = db.session.scalar(select(TS))
    assert (session.ticket_number, session.client_name, session.summary) == ("4411", "Harbor Dental",
                                                                             "VPN secret drops")
    engineer.post(f"/sessions/{session.id}/steps", headers=HX, data={
        "tried": f"Ping{CLEAR}ed", "command": f"ping {HIDDEN}10.0.0.1", "output": f"\x1b[31mReply{chr(27)}[0m",
        "notes": f"ok{TITLE}", "result": "info"})
    step = db.session.scalar(select(Step))
    assert (step.tried, step.command, step.output, step.notes) == ("Pinged", "ping 10.0.0.1", "Reply", "ok")
    engineer.post(f"/sessions/{session.id}/escalate", data={"reason": f"Stuck{CLEAR}", "priority": "high"})
    handoff = db.session.scalar(select(Handoff))
    assert handoff.note == "Stuck" and "\x1b" not in str(handoff.package)
    dispatch_once()
    assert mailbox.messages and all("\x1b" not in m.as_string() for m in mailbox.messages)
    assert mailbox.messages[0]["Subject"] == "New escalation: VPN secret drops"
    for export in ("md", "txt"):
        assert "\x1b" not in engineer.get(f"/handoffs/{handoff.id}/package.{export}").get_data(as_text=True)


def test_inviting_another_accounts_user_reveals_nothing(app, acme, mailbox):
    account, users = acme
    make_user(make_account("Other MSP"), "engineer", email="someone@other.test")
    admin = client_for(app, users["admin"])
    answers = {email: admin.post("/team/invite", headers=HX, data={"email": email, "role": "engineer"})
               for email in ("someone@other.test", "nobody@new.test")}
    assert {response.status_code for response in answers.values()} == {200}
    for email, response in answers.items():  # the same answer, but for the address itself
        assert f"Invite for {email} created" in response.get_data(as_text=True)
        assert "already" not in response.get_data(as_text=True)
    assert {i.email for i in db.session.scalars(select(Invite))} == set(answers)
    # A member of this team is named as one.
    own = admin.post("/team/invite", headers=HX, data={"email": users["engineer"].email, "role": "engineer"})
    assert own.status_code == 422 and "already on your team" in own.get_data(as_text=True)


def test_one_address_check_refuses_what_a_mail_header_would_have_to_escape(app, acme):
    from rf.core.validation import email_problem

    for good in ("ann@demo.test", "first.last+tag@intranet.lan", "o'brien@acme.co.uk", "josé@例え.jp"):
        assert email_problem(good) is None, good
    for bad in ('"quoted"@acme.test', "a<b@acme.test", "ann@acme.test>", "a..b@acme.test", ".a@acme.test",
                "a@b", "a@-x.com", "a b@acme.test"):
        assert email_problem(bad) == "Enter a valid email address, like name@example.com.", bad
    admin = client_for(app, acme[1]["admin"])
    response = admin.post("/team/invite", headers=HX, data={"email": 'Evil" <x@acme.test>', "role": "engineer"})
    assert response.status_code == 422 and "Enter a valid email address" in response.get_data(as_text=True)
    assert db.session.scalar(select(Invite)) is None
