"""A resolved history for assessment tests: twelve MSP problems with their fixes (loaded as
a pytest plugin by conftest, so the ``history`` fixture is everywhere)."""
from datetime import timedelta

import pytest

from rf.assess.index import index_session
from rf.core.extensions import db
from rf.core.models import Step, utcnow

from .factories import make_session

# (summary, domain, [(tried, result, fixed_it)], resolution)
HISTORY = [
    ("Outlook disconnects for remote staff on the VPN", "network",
     [("Recreated the Outlook profile", "didnt_work", False),
      ("Lowered the MTU on the AnyConnect profile to 1400", "worked", True)],
     "MTU mismatch on the VPN profile; set MTU 1400 in AnyConnect."),
    ("Outlook keeps asking for the password on the VPN", "m365",
     [("Cleared cached credentials in Credential Manager", "worked", True)],
     "Stale cached credentials after the password change."),
    ("Printer on the second floor shows offline", "hardware",
     [("Power-cycled the printer", "didnt_work", False), ("Gave the printer a DHCP reservation", "worked", True)],
     "The printer's lease changed; reserved its address."),
    ("QuickBooks can't open the company file over the network", "systems",
     [("Opened port 8019 and 55378 on the server firewall", "worked", True)],
     "Windows Firewall blocked the QuickBooks Database Server Manager ports after an update."),
    ("Branch office DNS lookups time out, event 4015 on the DC", "network",
     [("Flushed DNS on the clients", "didnt_work", False),
      ("Ran repadmin /syncall and restarted the DNS Server service", "worked", True)],
     "AD replication to the branch DC had stopped; forced a sync and restarted DNS."),
    ("New laptop won't join the domain", "systems",
     [("Pointed the laptop's DNS at the domain controller", "worked", True)],
     "The laptop used the router for DNS."),
    ("Scanner-to-email fails on the copier", "hardware",
     [("Switched the copier to SMTP relay on port 587 with TLS", "worked", True)],
     "Basic auth to Exchange Online was retired; moved the copier to the relay."),
    ("User gets endless MFA prompts in Teams", "m365",
     [("Revoked the user's sessions in Entra ID", "worked", True)],
     "Stale refresh tokens after a password reset."),
    ("File share slow since Patch Tuesday", "network",
     [("Updated the NIC driver and disabled Large Send Offload", "worked", True)],
     "The update re-enabled LSO with an old NIC driver."),
    ("External email not arriving for the finance group", "m365",
     [("Disabled the old transport rule", "worked", True)],
     "An old transport rule blocked external mail."),
    ("Backup job fails with VSS error 0x80042306", "systems",
     [("Restarted the VSS writers and cleared shadow storage", "worked", True)],
     "Shadow storage was full; resized it."),
    ("Wi-Fi drops in the meeting room", "network",
     [("Moved the access point to channel 36", "worked", True)],
     "Channel interference from the neighbour's AP."),
]


def make_resolved(account, user, summary, domain, steps, resolution, ticket="1000"):
    session = make_session(account, user, summary=summary, domain=domain, ticket=ticket, steps=0)
    for tried, result, fixed in steps:
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=user.id,
                            tried=tried, result=result, fixed_it=fixed))
    session.status, session.resolution = "resolved", resolution
    session.resolved_at, session.resolved_by_id = utcnow() - timedelta(days=21), user.id
    db.session.flush()
    db.session.refresh(session)
    index_session(session)
    db.session.commit()
    return session


@pytest.fixture
def history(acme):
    account, users = acme
    return [make_resolved(account, users["admin"], *row, ticket=str(4400 + n)) for n, row in enumerate(HISTORY)]
