"""Demo data for ``flask rf demo``: a small MSP with realistic troubleshooting history."""
from datetime import datetime, time, timedelta

from sqlalchemy import func, select, update

from .core.extensions import db
from .core.models import BaselineMeasurement, Delivery, OnCallRotation, Reminder, TroubleshootingSession, User, utcnow
from .core.oncall import on_call
from .sessions import lifecycle

# (owner, ticket, client, domain, summary, status, days ago, steps, extra) where extra is the
# resolution, the park note, or (reason, priority, escalator) for an escalation
# steps: (tried, command, output, result, notes, fixed_it)
SESSIONS = [
    ("dana@demo.test", "4411", "Harbor Dental", "network",
     "Outlook disconnects for remote staff whenever they are on the VPN", "resolved", 24, [
         ("Restarted the AnyConnect client and Outlook", None, None, "didnt_work", None, False),
         ("Tested the path MTU to the Exchange relay", "ping -f -l 1472 10.20.0.15",
          "Pinging 10.20.0.15 with 1472 bytes of data:\nPacket needs to be fragmented but DF set.\n"
          "Packet needs to be fragmented but DF set.", "info", "1400 bytes goes through", False),
         ("Lowered the MTU on the AnyConnect profile to 1400", None, None, "worked", None, True),
     ], "MTU mismatch on the VPN profile: set MTU 1400 in the AnyConnect profile and pushed it."),
    ("sam@demo.test", "4420", "Birch & Co Accounting", "m365",
     "A user receives no email from outside the company", "resolved", 19, [
         ("Ran a message trace for the last 48 hours", "Get-MessageTrace -RecipientAddress anna@birchco.example",
          "Received  Sender                 Status\n--------  ------                 ------\n"
          "11/07     billing@vendor.example  FilteredAsSpam\n11/07     jo@client.example       Failed",
          "info", None, False),
         ("Checked the transport rules", "Get-TransportRule | ft Name,State,Priority",
          "Name                         State    Priority\nBlock external to finance    Enabled  0", "worked",
          "A leftover rule from the phishing incident", True),
     ], "An old transport rule blocked external mail to the finance group; disabled it and released quarantined mail."),
    ("dana@demo.test", "4432", "Maple Street Vet", "hardware",
     "Reception printer prints blank pages", "resolved", 15, [
         ("Replaced the toner cartridge", None, None, "didnt_work", None, False),
         ("Ran the printer's cleaning cycle twice", None, None, "dead_end", "No change at all", False),
         ("Reinstalled the driver as PCL6 instead of the universal driver", None, None, "worked", None, True),
     ], "The universal print driver sent PostScript the printer didn't understand; switched to the PCL6 driver."),
    ("sam@demo.test", "4450", "Northwind Logistics", "systems",
     "File share very slow since Patch Tuesday", "resolved", 9, [
         ("Checked disk and CPU on FS01", "Get-Counter '\\PhysicalDisk(_Total)\\Avg. Disk sec/Read'",
          "Timestamp            CounterSamples\n11/18 09:12:01      0.004", "info", "Disk is fine", False),
         ("Checked SMB signing settings after the update", "Get-SmbServerConfiguration | fl RequireSecuritySignature",
          "RequireSecuritySignature : True", "info", None, False),
         ("Updated the NIC driver and disabled Large Send Offload", None, None, "worked", None, True),
     ], "The update re-enabled Large Send Offload with an old NIC driver; updated the driver and turned LSO off."),
    ("dana@demo.test", "4463", "Harbor Dental", "security",
     "One user gets endless MFA prompts in Outlook and Teams", "resolved", 5, [
         ("Had the user re-register the Authenticator app", None, None, "didnt_work", None, False),
         ("Revoked the user's sessions in Entra ID", "Revoke-MgUserSignInSession -UserId mia@harbordental.example",
          "Value\n-----\nTrue", "worked", None, True),
     ], "Stale refresh tokens after a password reset; revoking the sign-in sessions stopped the loop."),
    ("sam@demo.test", "4302", "Oakridge Dental Lab", "systems",
     "QuickBooks says the company file is in use on another computer", "resolved", 60, [
         ("Restarted the QuickBooksDB service on the server", "Restart-Service QuickBooksDB32", None, "didnt_work",
          None, False),
         ("Checked the server firewall for the Database Server Manager ports",
          "Get-NetFirewallRule -DisplayName *QuickBooks* | ft DisplayName,Enabled",
          "DisplayName                 Enabled\nQuickBooks Database Manager False", "info",
          "The rules were disabled after a Windows update", False),
         ("Allowed ports 8019 and 55378-55382 for QBDBMgrN.exe in Windows Firewall", None, None, "worked", None, True),
     ], "A Windows update disabled the firewall rules for the QuickBooks Database Server Manager; "
        "re-allowed ports 8019 and 55378-55382 for QBDBMgrN.exe."),
    ("dana@demo.test", "4347", "Cedar Law", "systems",
     "QuickBooks multi-user mode fails from the workstations after moving the company file", "resolved", 40, [
         ("Re-scanned the folder with Database Server Manager", None, None, "didnt_work", None, False),
         ("Gave the QBDataServiceUser account full control of the company file folder",
          "icacls D:\\QBData /grant QBDataServiceUser33:(OI)(CI)F", "processed file: D:\\QBData", "worked", None, True),
     ], "The new folder lacked permissions for the QuickBooks data service account; "
        "granted QBDataServiceUser full control."),
    ("dana@demo.test", "4355", "Birch & Co Accounting", "network",
     "Branch users lose the intranet; DC logs DNS event 4013", "resolved", 33, [
         ("Flushed DNS on the affected PCs", "ipconfig /flushdns", "Successfully flushed the DNS Resolver Cache.",
          "didnt_work", None, False),
         ("Checked AD replication from the branch DC", "repadmin /showrepl BR-DC01",
          "Last attempt @ 2026-10-24 failed, result 1722 (0x6ba): The RPC server is unavailable.", "info",
          "Replication broken for 9 days", False),
         ("Opened RPC between the sites on the firewall and ran repadmin /syncall", "repadmin /syncall /AdeP",
          "SyncAll terminated with no errors.", "worked", None, True),
         ("Restarted the DNS Server service on the branch DC", "Restart-Service DNS", None, "worked", None, True),
     ], "AD replication to the branch DC had failed (firewall blocked RPC), so its AD-integrated DNS zone went "
        "stale; opened RPC, forced replication, restarted DNS."),
    ("sam@demo.test", "4371", "Maple Street Vet", "network",
     "Wi-Fi drops every few minutes in the surgery rooms", "resolved", 28, [
         ("Updated the laptops' wireless drivers", None, None, "didnt_work", None, False),
         ("Moved the surgery AP to channel 36 and lowered its power", None, None, "worked", None, True),
     ], "Channel overlap with the clinic next door; moved the access point to channel 36."),
    ("dana@demo.test", "4388", "Northwind Logistics", "systems",
     "Nightly backup fails with VSS error 0x80042306", "resolved", 21, [
         ("Listed the VSS writers", "vssadmin list writers", "Writer name: 'SqlServerWriter'\n   State: [8] Failed",
          "info", None, False),
         ("Restarted the SQL VSS writer service and resized shadow storage",
          "vssadmin resize shadowstorage /for=C: /on=C: /maxsize=15%",
          "Successfully resized the shadow copy storage association", "worked", None, True),
     ], "Shadow storage was full and the SQL VSS writer had failed; restarted it and gave shadow storage 15%."),
    ("sam@demo.test", "4394", "Harbor Dental", "m365",
     "Shared mailbox doesn't show up in Outlook for the new hire", "resolved", 12, [
         ("Waited for automapping and restarted Outlook", None, None, "didnt_work", None, False),
         ("Re-added Full Access with automapping on",
          "Add-MailboxPermission frontdesk -User kim -AccessRights FullAccess -AutoMapping $true",
          None, "worked", None, True),
     ], "The permission was granted before the mailbox license applied; re-granting it turned automapping on."),
    ("jules@demo.test", "4478", "Cedar Law", "systems",
     "QuickBooks can't open the company file over the network", "escalated", 1, [
         ("Checked that the Database Server Manager service is running", "Get-Service QuickBooksDB*",
          "Status   Name               DisplayName\n------   ----               -----------\n"
          "Running  QuickBooksDB33     QuickBooksDB33", "info", None, False),
         ("Ran the QuickBooks File Doctor", None, None, "didnt_work", "Reports no problems", False),
     ], ("Jules has been on this since yesterday and the client's month-end is tomorrow; "
         "someone who knows QuickBooks hosting please take it.", "normal", "dana@demo.test")),
    ("sam@demo.test", "4481", "Northwind Logistics", "systems",
     "New laptop won't join the domain", "active", 0, [
         ("Checked DNS points at the domain controllers", "ipconfig /all | findstr DNS",
          "   DNS Servers . . . . . . . . . . . : 192.168.1.1", "didnt_work", "Still on the router for DNS", False),
     ], None),
    ("jules@demo.test", "4485", "Maple Street Vet", "hardware",
     "Scanner-to-email fails on the front desk copier", "parked", 1, [
         ("Checked the SMTP settings on the copier", None, None, "info", "Uses the old ISP relay", False),
     ], "Waiting on the customer to send the new SMTP relay settings"),
    ("jules@demo.test", "4490", "Birch & Co Accounting", "network",
     "Intermittent DNS failures at the branch office", "escalated", 0, [
         ("Flushed DNS on two affected PCs", "ipconfig /flushdns",
          "Successfully flushed the DNS Resolver Cache.", "didnt_work", None, False),
         ("Queried the branch DNS server directly", "nslookup intranet.birchco.local 10.1.0.10",
          "Server:  UnKnown\nAddress:  10.1.0.10\n\nDNS request timed out.\n    timeout was 2 seconds.\n"
          "*** Request to UnKnown timed-out", "dead_end", "Times out about one query in three", False),
         ("Checked the DNS server's event log", "Get-WinEvent -LogName 'DNS Server' -MaxEvents 3",
          "TimeCreated          Id  Message\n"
          "11/26 08:41:12     4015  The DNS server has encountered a critical error from the Active Directory.\n"
          "11/26 08:12:55     4015  The DNS server has encountered a critical error from the Active Directory.",
          "info", "Event 4015 repeating", False),
     ], ("Event 4015 keeps repeating and I'm not sure whether it's AD replication or the DNS server itself. "
         "Users are losing the intranet every few minutes.", "high", "jules@demo.test")),
]


# Resolved sessions of a senior were escalated by Jules and picked up: (minutes until the
# pick-up, minutes from the pick-up to the senior's first step), in order of SESSIONS.
PICKUPS = [(4, 6), (11, 3), (2, 9), (26, 5), (7, 14), (3, 4), (18, 7), (5, 22), (9, 2), (14, 8), (6, 5)]
# The manual baseline: escalations timed the old way (label, minutes, days ago).
BASELINE = [("#4188 VPN drops at Harbor Dental", 38, 75), ("#4201 Scanner to email broken", 52, 72),
            ("#4215 New starter can't log in", 29, 70), ("#4230 Shared mailbox missing", 61, 68),
            ("#4236 Slow file share", 44, 66)]


def seed_baseline(account, owner, now):
    for label, minutes, days_ago in BASELINE:
        db.session.add(BaselineMeasurement(account_id=account.id, label=label, seconds=minutes * 60,
                                           measured_on=(now - timedelta(days=days_ago)).date(),
                                           recorded_by_id=owner.id))


def seed_pickup(session, junior, senior, escalated_at, minutes_to_claim):
    """The history of a senior's resolved session: Jules escalated it, the senior picked it up."""
    handoff = lifecycle.escalate(session, junior, f"Stuck on: {session.summary}", "normal", escalated_at,
                                 assess=False)  # history, picked up at once: only the open ones are assessed
    lifecycle.claim(handoff, senior, escalated_at + timedelta(minutes=minutes_to_claim))
    return handoff


def seed_sessions(account):
    """Add the demo sessions once, through the same transitions the app makes (later runs
    leave them as they are). The open escalations are assessed once committed, as in the app."""
    existing = db.session.scalar(select(func.count()).select_from(TroubleshootingSession)
                                 .where(TroubleshootingSession.account_id == account.id))
    if existing:
        return 0
    users = {u.email: u for u in db.session.scalars(select(User).where(User.account_id == account.id))}
    now = utcnow()
    escalations, pickups = [], iter(PICKUPS)
    for owner_email, ticket, client, domain, summary, status, days_ago, steps, extra in SESSIONS:
        owner, junior = users[owner_email], users["jules@demo.test"]
        picked_up = status == "resolved" and owner is not junior
        started = now - timedelta(days=days_ago, hours=2)
        session = lifecycle.start(junior if picked_up else owner, ticket, client, summary, domain, started)
        first_step = started + timedelta(minutes=12)
        if picked_up:
            to_claim, to_action = next(pickups)
            escalations.append(seed_pickup(session, junior, owner, started, to_claim))
            first_step = started + timedelta(minutes=to_claim + to_action)
        fixed = []
        for number, (tried, command, output, result, notes, fixed_it) in enumerate(steps):
            step = lifecycle.log_step(session, owner, tried, result=result, command=command, output=output,
                                      notes=notes, now=first_step + timedelta(minutes=12 * number))
            if fixed_it:
                fixed.append(step.id)
        handed_off = first_step + timedelta(minutes=12 * (len(steps) - 1) + 5)
        if status == "resolved":
            lifecycle.resolve(session, owner, extra, fixed, handed_off)
        elif status == "parked":
            lifecycle.park(session, owner, extra, handed_off)
        elif status == "escalated":
            reason, priority, escalator = extra  # a colleague may escalate for the owner
            escalations.append(lifecycle.escalate(session, users[escalator], reason, priority, handed_off))
    seed_baseline(account, users["owner@demo.test"], now)
    seed_on_call(account, [users["dana@demo.test"], users["sam@demo.test"]], now)
    # Seeded escalations are history, not news: nobody is emailed or reminded about them.
    seeded = [h.id for h in escalations]
    db.session.execute(update(Delivery).where(Delivery.handoff_id.in_(seeded))
                       .values(status="suppressed", reason="demo data: not sent"))
    seed_reminders(escalations, now)
    db.session.commit()
    return len(SESSIONS)


def seed_on_call(account, members, now):
    """Dana and Sam take turns, handing over on Mondays at 09:00 (UTC): Dana's turn now."""
    handover = datetime.combine(now.date() - timedelta(days=now.weekday()), time(9))
    if now < handover:
        handover -= timedelta(days=7)
    db.session.add(OnCallRotation(account_id=account.id, handover_weekday=0, handover_time=time(9),
                                  starts_on=handover.date() - timedelta(days=14),  # two turns ago
                                  member_ids=",".join(str(member.id) for member in members)))


def seed_reminders(escalations, now):
    """The rungs of the seeded escalations already due show as sent (so their cards say when
    they were reminded, and who was on call) without anything going out; later ones are
    cancelled."""
    on_duty = on_call(escalations[0].account_id, now).user if escalations else None
    for handoff in escalations:
        for reminder in db.session.scalars(select(Reminder).where(Reminder.handoff_id == handoff.id,
                                                                  Reminder.status == "pending")):
            if reminder.due_at <= now:
                reminder.status, reminder.sent_at = "sent", reminder.due_at
                reminder.note = "Demo data: not actually sent."
                handoff.reminded_at = max(handoff.reminded_at or reminder.due_at, reminder.due_at)
                handoff.reminded_on_call_id = on_duty.id if on_duty else None
            else:
                reminder.status, reminder.note = "cancelled", "Not sent: demo data."
