"""A second held-out check for assessments: fresh junior escalations written after the ranking was tuned.

What it is. Escalations written after the retrieval/ranking had been tuned on assessment_corpus.py, by someone who
had not seen the system under test (rf/ and bench/assessment.py were not read), so nothing here can have been fitted
to it. FRESH are new escalations of existing PROBLEMS (bench/assessment_corpus.py): each names the problem it
belongs to, and its domain comes from that problem. They describe the situation again, as a different junior on a
different day at a different client would: what was observed (symptoms, error text, event IDs, what changed), not
the resolution, and without reusing the wording of that problem's escalation or history summaries.
FRESH_NO_MATCH are new escalations whose real cause is in no problem (the right answer is "no close match") but
which share a product, a symptom or a tried fix with existing problems; the real cause is in a comment line.

How the problems were chosen. A fixed rule, not by hand: the problems at PROBLEMS indices floor(k * 154 / 60) for
k = 0..59 (evenly spaced through the list), which touches all 39 groups and all five domains.

Counts. FRESH: 60 escalations (20 with summary + reason only; in 15 the junior already tried a look-alike problem's
fix and marked it didnt_work). FRESH_NO_MATCH: 20 escalations (systems 6, m365 5, network 4, security 3, hardware 2;
5 without steps; in 14 a look-alike problem's fix was already tried). Step results are only "didnt_work", "dead_end"
or "info" - the junior is stuck. Everything is invented: example.com, corp.example.com, documentation IP ranges.
"""

FRESH = [
    # ---- outlook-vpn
    {"problem": "outlook-vpn-mtu",
     "summary": "remote user outlook stuck sending",
     "reason": "pdfs and anything w/ an attachment just sit in her outbox when shes home on the cisco vpn. plain "
               "replies go out ok, teams chat fine. came in to the office thurs and it all flushed out at once",
     "steps": [
         ("deleted the stuck items and resent", "", "", "didnt_work"),
         ("pinged o365 normal then w/ a big packet", "ping -l 1500 outlook.office365.com",
          "Pinging outlook.office365.com [52.97.133.194] with 1500 bytes of data:\nRequest timed out.\n"
          "Request timed out.", "info"),
     ]},
    {"problem": "outlook-vpn-autodiscover-split-dns",
     "summary": "outlook setup fails for remote new hire",
     "reason": "setting up outlook on the new bookkeepers laptop, she is 100% remote and on forticlient all day. "
               "wizard spins on searching for your mail server settings then something about an encrypted "
               "connection not being available. owa works w/ same login. my test acct set up fine on my laptop "
               "off the vpn",
     "steps": []},
    # ---- printer-offline
    {"problem": "printer-offline-wsd-port",
     "summary": "canon offline on one laptop only",
     "reason": "back office canon. her laptop shows it offline most mornings, every other pc prints fine. if i "
               "remove it and let windows find it again it prints till the next day. printer has a static ip",
     "steps": [
         ("restarted the spooler on her laptop", "Restart-Service spooler", "", "didnt_work"),
         ("made a dhcp reservation for the printer just in case", "", "", "didnt_work"),
     ]},
    {"problem": "printer-offline-deep-sleep",
     "summary": "hp in shipping drops off network",
     "reason": "if nobody prints to it for a while it goes offline everywhere and i cant ping it. someone walks "
               "over, opens a tray or touches home on the screen and it answers again right away. it has a "
               "reservation, ip never changes",
     "steps": []},
    # ---- quickbooks-multiuser
    {"problem": "qb-h505-workstation-hosting",
     "summary": "quickbooks multi user errors again",
     "reason": "H505 on the front office pcs. the owners pc opens the company file in multi user no problem. we "
               "reinstalled qb on the owners pc last week after it crashed. server firewall rules for qb are there",
     "steps": [
         ("scanned the folder in qb database server manager on the server", "",
          "Scan complete. Firewall status: ports open", "didnt_work"),
         ("ran qb file doctor on one of the front office pcs", "", "No problems found", "didnt_work"),
     ]},
    {"problem": "qb-6000-83-permissions",
     "summary": "cant open qb company file",
     "reason": "error -6000, -83 on every pc, even on the server if you open it in multi user. friday we copied the "
               "QB data folder to the new E: volume on the san and pointed the share there. the .qbw is there and "
               "not read only",
     "steps": [
         ("opened the qb ports on the server firewall", 'New-NetFirewallRule -DisplayName "QBDB" -Direction '
          "Inbound -Protocol TCP -LocalPort 8019,56728,55378-55382 -Action Allow", "", "didnt_work"),
     ]},
    # ---- dc-replication
    {"problem": "dc-repl-usn-rollback",
     "summary": "users made on dc2 dont exist on dc1",
     "reason": "created 2 accounts on DC2 (the hyper-v one at the warehouse) this morning, never showed up at main "
               "office. directory service log on DC2 has 2095 and a 'DSA not writable' warning. we had to put that "
               "vm back to how it was last week after a patch went bad",
     "steps": [
         ("forced replication from dc2", "repadmin /syncall DC2 /AdeP",
          "CALLBACK MESSAGE: Error issuing replication: 8457 (0x2109):\n    The destination server is currently "
          "rejecting replication requests.", "dead_end"),
         ("compared time on both dcs", "w32tm /monitor", "DC1 ... NTP: +0.0012s\nDC2 ... NTP: -0.0031s", "info"),
     ]},
    # ---- time-drift
    {"problem": "time-pdc-local-cmos",
     "summary": "time wrong everywhere",
     "reason": "every workstation and both servers agree with each other but they are ~7 min behind real time, ppl "
               "joining meetings late. w32tm /query /source on DC01 just says Local CMOS Clock, /query /peers says "
               "#Peers: 0. nobody touched the firewall",
     "steps": []},
    {"problem": "time-gpo-ntp-client-type",
     "summary": "couple laptops clock off, login errors",
     "reason": "3 laptops in the Finance OU run 4-6 min off the dc, users sometimes get a time/date difference error "
               "at login. w32tm /query /configuration on one shows Type: NTP (Policy) and NtpServer: "
               "time.windows.com,0x9 (Policy). dc itself is right",
     "steps": [
         ("set it to sync from the domain", "w32tm /config /syncfromflags:domhier /update",
          "The command completed successfully.", "didnt_work"),
         ("checked again after a reboot + gpupdate", "w32tm /query /source", "time.windows.com,0x9", "info"),
     ]},
    # ---- mfa-prompts
    {"problem": "mfa-fatigue-compromised-password",
     "summary": "authenticator requests she didnt do",
     "reason": "ceo's assistant. phone going off w/ approve sign in requests all weekend mostly at night, she kept "
               "hitting deny. entra sign in logs show failures 500121 from a romanian ip, first factor succeeded",
     "steps": [
         ("revoked her sessions", "Revoke-MgUserSignInSession -UserId assistant@example.com", "Value : True",
          "didnt_work"),
     ]},
    # ---- ca-blocked
    {"problem": "ca-noncompliant-bitlocker",
     "summary": "you cant get there from here on one laptop",
     "reason": "one user, newish lenovo, teams + outlook blocked. more details says error code 53000. its in intune, "
               "checked in an hour ago. company portal shows it not compliant, 1 setting needs attention, something "
               "about the drive/encryption. other laptops same model fine",
     "steps": []},
    {"problem": "ca-approved-app-native-mail",
     "summary": "work email stopped on iphone",
     "reason": "sales guy, uses the built in mail app on his iphone forever. since monday it just keeps asking for "
               "the pw. teams on the same phone works. sign in log for him: failure 53005",
     "steps": [
         ("removed the account on the phone and added it again", "", "", "didnt_work"),
         ("added him to the travel exclusion group", "", "", "didnt_work"),
     ]},
    # ---- outlook-password-prompt
    {"problem": "ol-prompt-wam-broker-plugin",
     "summary": "office apps keep asking user to sign in",
     "reason": "word, excel, outlook all pop a sign in box that is empty/white. sometimes 'something went wrong' "
               "1001. pw hasnt changed in months. only her pc, office.com in edge works fine",
     "steps": [
         ("online repair of office", "", "", "didnt_work"),
         ("checked dsregcmd", "dsregcmd /status", "AzureAdJoined : YES\n...\nAzureAdPrt : NO", "info"),
     ]},
    # ---- scan-to-email
    {"problem": "scan-email-smtp-auth-disabled",
     "summary": "copier emails failing",
     "reason": "konica in the main office cant email scans since sometime last week. job history: 535 5.7.139 "
               "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. security "
               "defaults have been off forever, we use CA",
     "steps": []},
    {"problem": "scan-email-security-defaults",
     "summary": "mfp scan to email auth error",
     "reason": "started yesterday afternoon. the owner clicked something in the azure portal for the insurance "
               "questionnaire (mfa for everyone i think). copier log: 535 5.7.139 Authentication unsuccessful, "
               "user is locked by your organization's security defaults policy",
     "steps": [
         ("reset the scan mailbox pw and retyped it on the copier", "", "", "didnt_work"),
         ("checked smtp auth on the scanner mailbox", "Get-CASMailbox scans@example.com | fl "
          "SmtpClientAuthenticationDisabled", "SmtpClientAuthenticationDisabled : False", "info"),
     ]},
    # ---- scan-to-folder
    {"problem": "scan-folder-password-expired",
     "summary": "scan to network folder not working for anyone",
     "reason": "ricoh says authentication failed / cant connect to destination when scanning to \\\\fs01\\scans. was "
               "fine for months, nobody changed anything on the copier. svc acct isnt locked in aduc",
     "steps": [
         ("checked perms on the scans folder", "", "svc_scanner : Modify", "info"),
         ("power cycled the copier", "", "", "didnt_work"),
     ]},
    # ---- mapped-drives
    {"problem": "drives-red-x-network-not-ready",
     "summary": "network drives disconnected after boot",
     "reason": "since we moved the laptops to the new 802.1x ssid they show P: and S: as unavailable right after "
               "login. if the user waits a min and opens them they connect. running gpupdate after logon maps them "
               "fine. the docked/wired ones dont do it",
     "steps": []},
    {"problem": "drives-uac-enablelinkedconnections",
     "summary": "installer says cant find Q: drive",
     "reason": "accounting software update has to run from Q:\\updates. user can browse Q: in file explorer no "
               "problem. when the setup runs (uac prompt, i typed admin creds) it says path Q:\\updates not found. "
               "net use in an admin cmd shows no entries",
     "steps": [
         ("turned on always wait for the network at logon in the gpo", "", "", "didnt_work"),
     ]},
    # ---- file-share-slow
    {"problem": "share-slow-duplex-mismatch",
     "summary": "file transfers to server terrible",
     "reason": "copying to \\\\files from any pc crawls and sometimes stalls, fine last week. only change is the "
               "cabling guys replaced the switch in the rack thurs. the server port on the switch shows a bunch of "
               "errors/collisions in the counters",
     "steps": [
         ("swapped the patch cable for the server", "", "", "didnt_work"),
     ]},
    {"problem": "share-slow-raid-degraded",
     "summary": "everything slow on main server",
     "reason": "shares, the accounting app, even logging onto the server console takes forever, since maybe last "
               "tues. the server is beeping in the closet, i thought it was the ups. nothing new in update history",
     "steps": [
         ("checked task mgr on the server", "", "CPU 5%, memory 40%", "info"),
         ("disabled large send offload on the nic", 'Disable-NetAdapterLso -Name "Ethernet0" -IPv4 -IPv6', "",
          "didnt_work"),
     ]},
    # ---- vss-backup
    {"problem": "vss-stale-provider-veto",
     "summary": "snapshot errors on FS02 backup",
     "reason": "moved this server from backup exec to the veeam agent over the weekend. every run: failed to "
               "create snapshot, 0x80042306. system log has VSS errors around the job time",
     "steps": [
         ("made the shadow storage bigger on D", "vssadmin resize shadowstorage /for=D: /on=D: /maxsize=10%",
          "Successfully resized the shadow copy storage association", "didnt_work"),
     ]},
    # ---- backup-jobs
    {"problem": "backup-veeam-repo-full",
     "summary": "veeam failing, disk space",
     "reason": "all nightly jobs failed w/ 'There is not enough space on the disk'. repo drive on the backup box (6tb) "
               "is full. dont think retention changed. theres a big folder in there named after the old exchange "
               "server job we deleted last year",
     "steps": []},
    {"problem": "backup-datto-agent-repair",
     "summary": "datto backups failing on rebuilt server",
     "reason": "rebuilt SQL02 from scratch on new disks, kept the same name and ip, reinstalled the datto agent. "
               "siris portal says it cant communicate with the agent, mentions pairing/certificate",
     "steps": [
         ("opened the datto agent ports in windows firewall", "", "", "didnt_work"),
         ("uninstalled/reinstalled the datto windows agent again", "", "", "didnt_work"),
     ]},
    # ---- wifi-drops
    {"problem": "wifi-dhcp-scope-full",
     "summary": "new devices wont get internet on office wifi",
     "reason": "new hire laptop + 2 iphones say no internet, secured on OFFICE-STAFF. laptops that were already in use "
               "are fine. we had ~60 people in for a training week last week on the same ssid. ipconfig on the new "
               "laptop shows autoconfiguration ipv4 169.254.x.x",
     "steps": [
         ("updated the wifi driver on the new laptop", "", "", "didnt_work"),
     ]},
    # ---- windows-update
    {"problem": "wu-kb5034441-winre-too-small",
     "summary": "same update failing every month",
     "reason": "patch report: 14 pcs failed the 'Windows Recovery Environment' security update again, 0x80070643. the "
               "monthly cumulative installs ok. mostly the older dells that came with win10 and got upgraded",
     "steps": []},
    {"problem": "wu-softwaredistribution-0x80070002",
     "summary": "pc not updating",
     "reason": "one desktop at the dentist office is 3 months behind. windows update starts downloading then errors "
               "0x80070002. disk has 200gb free",
     "steps": [
         ("sfc", "sfc /scannow", "Windows Resource Protection did not find any integrity violations.", "info"),
         ("dism restorehealth", "DISM /Online /Cleanup-Image /RestoreHealth",
          "The restore operation completed successfully.", "didnt_work"),
     ]},
    # ---- bsod
    {"problem": "bsod-rst-storage-driver",
     "summary": "optiplexes freezing then bluescreen",
     "reason": "4 of the 7010s in accounting. freeze a few seconds then bsod, bugcheck 0x00000133 in the system log "
               "(event 1001). started after they took the 23h2 feature update last week. whocrashed mentions an intel "
               "storage driver",
     "steps": []},
    # ---- bitlocker
    {"problem": "bitlocker-recovery-bios-update",
     "summary": "laptop stuck on blue recovery screen",
     "reason": "user called from home, her hp says enter the recovery key for this drive. hp support assistant did a "
               "firmware thing when she shut down last night. its entra joined",
     "steps": [
         ("had her restart it a couple times", "", "", "didnt_work"),
     ]},
    {"problem": "bitlocker-silent-encryption-winre",
     "summary": "intune encryption failing on refurb batch",
     "reason": "8 refurb lenovos we set up with our own usb image. intune shows bitlocker error / not compliant. event "
               "viewer BitLocker-API 851, failed to enable silent encryption. tpm.msc says tpm is ready for use",
     "steps": [
         ("cleared the tpm and rebooted", "Clear-Tpm", "", "didnt_work"),
         ("sync from settings > accounts > work or school", "", "", "didnt_work"),
     ]},
    # ---- autopilot
    {"problem": "autopilot-0x80180014-stale-record",
     "summary": "autopilot fails on reused laptop",
     "reason": "laptop came back from a leaver, did an autopilot reset from intune. now oobe fails at device setup "
               "w/ 80180014. hardware hash + group tag look right in autopilot devices",
     "steps": []},
    # ---- teams-wont-start
    {"problem": "teams-webview2-missing",
     "summary": "teams wont load, blank",
     "reason": "3 pcs at the accounting office, new teams opens as an empty white window, nothing to click. the new "
               "outlook does the same, classic outlook ok. last week the rmm ran the cleanup/optimizer script on that "
               "site",
     "steps": [
         ("reset the teams app", "Get-AppxPackage MSTeams | Reset-AppxPackage", "", "didnt_work"),
     ]},
    {"problem": "teams-cache-corrupt",
     "summary": "teams hangs loading for one user",
     "reason": "opens, shows the logo and the dots forever, never gets to chats. her laptop lost power in the middle "
               "of an update tues. everything else fine, webview2 is in the apps list",
     "steps": []},
    # ---- teams-call-audio
    {"problem": "teams-dock-default-audio-device",
     "summary": "no sound in teams calls at desk",
     "reason": "user has a jabra usb headset plugged into the dell dock. in calls she hears nobody, they can hear her. "
               "undocked at the meeting table it works. sound icon says the output is the DELL P2422H (the monitor)",
     "steps": [
         ("updated the dock firmware", "", "", "didnt_work"),
         ("tested the headset on another pc", "", "works", "info"),
     ]},
    # ---- onedrive-sync
    {"problem": "onedrive-kfm-folder-redirection",
     "summary": "onedrive wont back up documents folder",
     "reason": "manage backup: desktop and pictures turn on, documents is greyed out w/ a message that the folder is "
               "managed by the org / redirected. properties > location on documents shows a \\\\server path. this pc "
               "is at the branch that used to have its own server",
     "steps": [
         ("reset onedrive", "%localappdata%\\Microsoft\\OneDrive\\onedrive.exe /reset", "", "didnt_work"),
     ]},
    # ---- sharepoint-access
    {"problem": "spo-site-external-sharing-off",
     "summary": "guest cant open sharepoint link",
     "reason": "sent the engineering firm a link to a folder on the Tenders site, they get an error. when i share from "
               "that site the only choice is people in your organization. sharing from my onedrive to them works",
     "steps": []},
    {"problem": "spo-unmanaged-device-limited",
     "summary": "user cant sync team files on home pc",
     "reason": "he bought a surface for home. in sharepoint he can open and edit in the browser but there is no "
               "Download in the menu and the Sync button does nothing. same account on his work laptop is fine",
     "steps": [
         ("checked hes in the site Members group (he is)", "", "", "info"),
         ("signed him out/in of office.com", "", "", "didnt_work"),
     ]},
    # ---- mail-not-received
    {"problem": "mail-mx-points-old-filter",
     "summary": "not getting any mail from outside",
     "reason": "whole company since this morning? my test from gmail never arrives, no bounce yet either. sending out "
               "works and internal fine. message trace shows nothing at all for my test. the accountant ended the "
               "old spam filtering contract end of last month",
     "steps": [
         ("looked at mail flow rules", "Get-TransportRule | ft Name,State", "(no rules)", "info"),
         ("checked quarantine", "", "nothing from today", "info"),
     ]},
    {"problem": "mail-malicious-inbox-rule",
     "summary": "emails from a customer disappearing",
     "reason": "office mgr says replies from one big client never show up. trace says Delivered to her mailbox. not in "
               "junk, deleted, archive. she also has sent items she doesnt remember sending and said owa on her "
               "phone looked different after she opened a 'shared document' link last week",
     "steps": []},
    # ---- outbound-deliverability
    {"problem": "spf-missing-third-party-sender",
     "summary": "customer statements bouncing",
     "reason": "the monthly statements that go out of xero (from accounts@ our domain) bounced for a bunch of "
               "customers, 550 5.7.1 rejected due to DMARC policy. emails from outlook by the same ppl go through. "
               "we moved dmarc from none to reject 3 weeks ago after the security audit",
     "steps": [
         ("enabled dkim for the domain", "Set-DkimSigningConfig -Identity example.com -Enabled $true", "",
          "didnt_work"),
     ]},
    # ---- vpn-connect-fails
    {"problem": "vpn-forticlient-7200-group",
     "summary": "vpn not working for one user",
     "reason": "lisa in hr (was at reception until last month) gets credential or sslvpn configuration is wrong "
               "(-7200). everybody else connects. her windows login works and mfa works for her email",
     "steps": []},
    {"problem": "vpn-sonicwall-ssl-cert-expired",
     "summary": "remote users cant connect netextender",
     "reason": "started overnight, nobody at home can get on. netextender shows a security warning about the server "
               "cert then disconnects. mobile connect on an iphone says the cert isnt valid. firmware not touched",
     "steps": [
         ("reinstalled netextender on one pc", "", "", "didnt_work"),
         ("checked users are in SSLVPN Services group", "", "all there", "info"),
     ]},
    # ---- vpn-connected-no-access
    {"problem": "vpn-split-tunnel-missing-subnet",
     "summary": "cant reach new server over vpn",
     "reason": "new file/app server is on the new vlan, 10.0.50.12. in the office everyone gets to it. on forticlient "
               "from home nothing, not even by ip. all the old servers work over the vpn",
     "steps": [
         ("added the vpn pool to the server firewall rule scope", "", "", "didnt_work"),
         ("tracert from a home laptop", "tracert -d 10.0.50.12",
          "  1    <1 ms    <1 ms    <1 ms  192.168.0.1\n  2    11 ms     9 ms    12 ms  100.64.0.1\n  3     *        *"
          "        *     Request timed out.", "info"),
     ]},
    # ---- site-vpn-down
    {"problem": "s2s-peer-ip-changed",
     "summary": "satellite office cant get to hq",
     "reason": "tunnel to the dental satellite office down since the weekend, they can browse fine. nothing changed at "
               "hq. satellite had an internet outage friday and the isp 'upgraded' their service",
     "steps": [
         ("reentered the psk both ends", "", "", "didnt_work"),
         ("ike debug at hq", "diagnose debug application ike -1",
          "ike 0:to-Satellite: negotiation timeout, deleting\nike 0:to-Satellite: could not send IKE Packet"
          "(SA_INIT):198.51.100.23:500->203.0.113.40:500", "info"),
     ]},
    # ---- rdp-cant-connect
    {"problem": "rdp-credssp-unpatched-server",
     "summary": "remote desktop error to one old server",
     "reason": "cant rdp to OLD-ACCT (2012 r2) from any of our laptops: 'An authentication error has occurred. The "
               "function requested is not supported'. rdp to every other server works. that box hasnt been updated "
               "since before i started",
     "steps": []},
    {"problem": "rdgw-certificate-expired",
     "summary": "home users cant remote in",
     "reason": "everyone connecting through remote.example.com gets an error that mentions the gateway server "
               "certificate. in the office rdp straight to the hosts is fine",
     "steps": [
         ("checked rds licensing, cals installed", "", "50 per user CALs, 31 issued", "info"),
         ("restarted the gateway service", "Restart-Service TSGateway", "", "didnt_work"),
     ]},
    # ---- kerberos-auth
    {"problem": "krb-duplicate-spn",
     "summary": "timesheet app prompting for login",
     "reason": "the intranet timesheet app (talks to sql01) now pops a login box then fails. pcs have kerberos event 4 "
               "KRB_AP_ERR_MODIFIED for MSSQLSvc/sql01.corp.example.com:1433. we swapped the sql service to the new "
               "gMSA-style account last week during the cleanup",
     "steps": [
         ("checked dns for sql01", "Resolve-DnsName sql01", "sql01.corp.example.com  A  10.0.10.21", "info"),
     ]},
    # ---- account-lockouts
    {"problem": "lockout-phone-activesync",
     "summary": "user locking out all the time",
     "reason": "tom in sales, locked 5-6 times a day since his pw reset last wed. lockout status tool says the bad pw "
               "comes from MAIL01 (our on prem exchange). he has an ipad at home too",
     "steps": []},
    {"problem": "lockout-disconnected-rdp-session",
     "summary": "locked out again after reset",
     "reason": "reset marias pw tues, 4 lockouts since. 4740 caller computer name is RDS02. she says she only used the "
               "terminal server for the old payroll program and we moved off that in feb",
     "steps": [
         ("checked her phone for an old mail account, none", "", "", "info"),
         ("looked for scheduled tasks running as her on RDS02", "Get-ScheduledTask | ? { $_.Principal.UserId "
          "-like '*maria*' }", "", "info"),
     ]},
    # ---- gpo-not-applying
    {"problem": "gpo-wmi-filter-windows10-only",
     "summary": "baseline settings not on new laptops",
     "reason": "the 12 new thinkpads (win 11 23h2) dont get the lock screen timeout or usb block. win10 desktops "
     "in the "
               "same Workstations OU get it. gpresult /h lists Baseline-Workstation under denied gpos, reason says "
               "something about a wmi filter",
     "steps": [
         ("gave authenticated users read on the gpo", "", "", "didnt_work"),
     ]},
    {"problem": "gpo-loopback-rds",
     "summary": "terminal server users can still get into settings",
     "reason": "made a policy to lock down the session hosts (no run, hide C:, no control panel) and linked it to the "
               "OU where RDSH01/02 live. the computer half of that gpo applies, none of the user stuff does. the "
               "users accts are in the Staff OU",
     "steps": []},
    # ---- outlook-search
    {"problem": "ol-search-wsearch-disabled",
     "summary": "outlook search barely works",
     "reason": "typing in search takes 20-30 sec and finds only a few emails. theres a line under the search results "
               "about search performance and windows search. indexing options says indexing is not running. this pc "
               "was one of the ones the old it guy 'optimized'",
     "steps": [
         ("tried rebuilding the index", "", "rebuild button is greyed out", "dead_end"),
     ]},
    # ---- shared-mailbox
    {"problem": "sm-automap-granted-to-group",
     "summary": "shared inbox not in outlook for 2 ppl",
     "reason": "the 2 new sales hires should have sales@ show up in outlook on their own. theyre in the 'Sales Team' "
               "mail enabled security group we use for the perms. they can open it by hand in owa. older staff "
               "have it in outlook",
     "steps": []},
    {"problem": "sm-calendar-free-busy-only",
     "summary": "team calendar shows no details",
     "reason": "the Service Schedule shared mailbox calendar. the techs added it in outlook but every appt is just a "
               "grey busy block, no customer names. the office mgr who set it up sees the subjects",
     "steps": [
         ("removed and re-added the calendar in outlook for one tech", "", "", "didnt_work"),
     ]},
    # ---- lob-database
    {"problem": "lob-sql-old-client-tls",
     "summary": "billing program wont connect to db",
     "reason": "all workstations since monday: [DBNETLIB][ConnectionOpen (SECDoClientHandshake()).]SSL Security "
               "error. the security team hardened the server over the weekend (turned off old protocols). sql "
               "service and browser both running",
     "steps": [
         ("set sql browser to automatic and restarted it", "Set-Service SQLBrowser -StartupType Automatic; "
          "Restart-Service SQLBrowser", "", "didnt_work"),
     ]},
    # ---- https-cert-warnings
    {"problem": "cert-missing-intermediate",
     "summary": "customers cant use booking site on phones",
     "reason": "website loads fine on my pc in edge and chrome. some customers on android get a security warning. "
               "ssllabs gives it a B w/ 'chain issues'. we renewed the cert ourselves last week in the host's cpanel",
     "steps": []},
    {"problem": "cert-ssl-inspection-ca-not-deployed",
     "summary": "new surfaces all sites 'your connection isnt private'",
     "reason": "the 4 new surfaces we set up with autopilot/intune. every https site incl google. at home they work. "
               "the older domain pcs in the office are fine",
     "steps": [
         ("checked date/time/timezone", "", "correct", "info"),
         ("cleared browser cache and ssl state", "", "", "didnt_work"),
     ]},
    # ---- voip-phones
    {"problem": "voip-nat-keepalive",
     "summary": "incoming calls not ringing",
     "reason": "callers say it rings then goes to voicemail, the desk phone never rang. few times a day, mostly after "
               "the phone sat quiet for a while. outgoing always works. new sonicwall went in last month",
     "steps": [
         ("rebooted the phones", "", "", "didnt_work"),
     ]},
    # ---- nas-access
    {"problem": "nas-smb1-only",
     "summary": "cant open the old synology from new laptops",
     "reason": "win 11 laptops get an error opening \\\\nas01, the details talk about SMB1 being unsafe. the win10 "
               "desktops still open it",
     "steps": [
         ("made a nas user and mapped w/ that instead of guest", "net use N: \\\\nas01\\public /user:nas01\\office *",
          "System error 53 has occurred.\n\nThe network path was not found.", "didnt_work"),
     ]},
    {"problem": "nas-domain-join-broken",
     "summary": "nas asking for password for everyone",
     "reason": "qnap shares pop a windows security box, typing corp\\user + pw just comes back. the qnap local admin "
               "login works. we demoted the old 2012 dc (DC-OLD) over the weekend",
     "steps": [
         ("cleared cred manager on 2 pcs", "", "", "didnt_work"),
         ("rebooted the nas", "", "", "didnt_work"),
     ]},
    # ---- user-profile-temp
    {"problem": "profile-disk-full",
     "summary": "all users temp profile on shared pc",
     "reason": "the warehouse shared pc. anyone who logs in gets 'we cant sign in to your account' and a blank temp "
               "desktop. it also records the security cameras to a local folder",
     "steps": []},
]


FRESH_NO_MATCH = [
    # ---- systems
    {   # cause: one workstation installed a newer QuickBooks year version, which wants to upgrade the company file
        "id": "fresh-nm-qb-version-mismatch", "domain": "systems",
        "summary": "qb says company file needs to be updated??",
        "reason": "front desk pcs open quickbooks and get a msg that the company file needs to be updated to a newer "
                  "version to continue. bookkeeper got a new laptop yesterday and installed qb from the intuit site "
                  "herself. db server manager running on the server",
        "steps": [
            ("rescanned the folder in qb database server manager", "", "", "didnt_work"),
            ("turned off host multi user access on the bookkeepers laptop", "", "", "didnt_work"),
        ],
    },
    {   # cause: the branch DC was powered off longer than the tombstone lifetime (replication error 8614)
        "id": "fresh-nm-dc-tombstone-8614", "domain": "systems",
        "summary": "old branch dc wont replicate after powering it back on",
        "reason": "the satellite office was closed since last spring and its dc was shut down. turned it back on "
        "for the "
                  "reopening, repadmin /showrepl shows 8614, something about time since last replication exceeded the "
                  "tombstone lifetime",
        "steps": [
            ("resynced its clock, was a few min off", "w32tm /resync /rediscover",
             "The command completed successfully.", "didnt_work"),
        ],
    },
    {   # cause: the user was added to the targeting group but hasn't logged off since, so her token lacks the group
        "id": "fresh-nm-drive-token-stale-group", "domain": "systems",
        "summary": "P drive not showing after adding user to group",
        "reason": "added jess to Accounting yesterday so she gets P: (item level targeting on that group). she never "
                  "shuts down, just locks the laptop. gpresult /r doesnt list Accounting under the security groups "
                  "she is a part of",
        "steps": [
            ("gpupdate /force", "gpupdate /force", "User Policy update has completed successfully.", "didnt_work"),
            ("changed the drive map action from create to replace", "", "", "didnt_work"),
        ],
    },
    {   # cause: the old Windows Server Backup schedule and the new agent snapshot at the same time (0x80042316)
        "id": "fresh-nm-vss-concurrent-snapshot", "domain": "systems",
        "summary": "nightly backup fails some nights",
        "reason": "FS01 datto backup at 9pm fails about every other night, 0x80042316 another shadow copy creation is "
                  "already in progress. the daytime ones are fine. the usb backup drive from the previous it guy is "
                  "still plugged in and blinks at night",
        "steps": [
            ("checked for leftover vss providers", "vssadmin list providers",
             "Provider name: 'Microsoft Software Shadow Copy provider 1.0'", "info"),
            ("resized shadow storage on D", "vssadmin resize shadowstorage /for=D: /on=D: /maxsize=15%",
             "Successfully resized the shadow copy storage association", "didnt_work"),
        ],
    },
    {   # cause: the practice database on SQL Server Express hit the 10 GB database size limit (error 1105)
        "id": "fresh-nm-sqlexpress-10gb-limit", "domain": "systems",
        "summary": "dental software errors saving appointments",
        "reason": "since this morning any save gives 'could not allocate space for object ... in database DentalDB "
                  "because the PRIMARY filegroup is full'. reading charts works. sql service + browser running. "
                  "server disk has 300gb free",
        "steps": [],
    },
    {   # cause: the GPO's status is "User configuration settings disabled"
        "id": "fresh-nm-gpo-user-settings-disabled", "domain": "systems",
        "summary": "wallpaper gpo not applying",
        "reason": "made a user config gpo for wallpaper + screensaver, linked to the Staff OU where the users are. "
                  "gpresult /h has it under denied gpos, reason 'Disabled (GPO)'. filtering is authenticated users, "
                  "no wmi filter",
        "steps": [
            ("turned on loopback processing (merge)", "", "", "didnt_work"),
        ],
    },
    # ---- m365
    {   # cause: the user's OST file reached its maximum size, so Outlook stopped syncing new items
        "id": "fresh-nm-ost-max-size", "domain": "m365",
        "summary": "outlook not getting new mail, owa has it",
        "reason": "cfo. new emails are in owa and on his phone but outlook desktop stops at yesterday 3pm, status bar "
                  "says all folders up to date. his mailbox is huge. dragging an email to a folder gives an error "
                  "that the .ost has reached its maximum size",
        "steps": [
            ("set the cached mode slider to all", "", "", "didnt_work"),
        ],
    },
    {   # cause: the user's UPN / primary address was changed after a name change; Office still signs in as the old UPN
        "id": "fresh-nm-upn-name-change", "domain": "m365",
        "summary": "office apps asking for pw with old email",
        "reason": "kate got married and we changed her name + email to kate.new@ on monday. outlook, teams and word "
                  "keep popping a sign in box w/ her OLD address kate.old@ filled in and it wont take her pw. owa "
                  "with the new address is fine",
        "steps": [
            ("cleared the office creds in credential manager", 'cmdkey /delete:"MicrosoftOffice16_Data:SSPI:'
             'kate.old@example.com"', "CMDKEY: Credential deleted successfully.", "didnt_work"),
        ],
    },
    {   # cause: Teams external access is set to allow only listed domains, and the client's domain isn't listed
        "id": "fresh-nm-teams-external-access", "domain": "m365",
        "summary": "cant teams chat with a client",
        "reason": "project mgr cant message people at one client in teams. search finds them but the chat says it "
                  "couldnt send / external people blocked. meetings by link work. chats with our other clients work",
        "steps": [],
    },
    {   # cause: the tenant only allows OneDrive sync on computers joined to listed AD domains; the new laptops are
        # Entra-only
        "id": "fresh-nm-onedrive-sync-domain-restriction", "domain": "m365",
        "summary": "onedrive wont sync on the new laptops",
        "reason": "the new entra joined laptops (not on the domain). onedrive sign in works then says this computer "
                  "isnt allowed to sync / org doesnt allow sync on this pc. old domain desktops sync fine. sharepoint "
                  "in the browser on the new laptops works incl downloads",
        "steps": [
            ("onedrive reset", "%localappdata%\\Microsoft\\OneDrive\\onedrive.exe /reset", "", "didnt_work"),
            ("turned on tls 1.2 in internet options (it was already on)", "", "", "didnt_work"),
        ],
    },
    {   # cause: senders use first.last@, which isn't a proxy address on the new mailbox, so Directory-Based Edge
        # Blocking rejects it
        "id": "fresh-nm-dbeb-missing-alias", "domain": "m365",
        "summary": "new hire not getting outside emails",
        "reason": "customers emailing her get a bounce 550 5.4.1 Recipient address rejected: Access denied. internal "
                  "emails to her arrive. customers say they use the address on her new business card",
        "steps": [
            ("checked mail flow rules", "Get-TransportRule | ft Name,State", "(3 rules, none mention her)", "info"),
        ],
    },
    # ---- network
    {   # cause: the SSID was switched to WPA3-only, which the older laptops and the label printer can't do
        "id": "fresh-nm-wifi-wpa3-only", "domain": "network",
        "summary": "older laptops cant connect to office wifi",
        "reason": "since the weekend the old latitudes (2017ish) and the zebra label printer say cant connect to this "
                  "network. new laptops and phones fine. the msp did a meraki 'security hardening' pass friday",
        "steps": [
            ("updated the intel wifi driver on one", "", "", "didnt_work"),
            ("looked at nps log", "", "nothing logged for those devices", "info"),
        ],
    },
    {   # cause: the SSL VPN tunnel address pool is too small for the number of users and runs out
        "id": "fresh-nm-vpn-pool-exhausted", "domain": "network",
        "summary": "forticlient drops at 98% for some ppl",
        "reason": "first 30ish people in the morning connect fine, after that anyone new gets to 98% and disconnects. "
                  "we onboarded 15 ppl from the acquisition this month. no -7200, the mfa push gets approved",
        "steps": [
            ("raised the remote auth timeout to 60", "config user setting / set remoteauthtimeout 60", "",
             "didnt_work"),
        ],
    },
    {   # cause: LLDP-MED isn't enabled on the new switch, so the phones never learn the voice VLAN
        "id": "fresh-nm-voip-no-lldp-voice-vlan", "domain": "network",
        "summary": "phones wont register after switch swap",
        "reason": "replaced the old procurve with a new switch last night. desk phones boot and get a 192.168.10.x "
                  "address (thats the pc vlan, should be 10.20.30.x) and show unregistered. pcs plugged in behind the "
                  "phones are fine",
        "steps": [
            ("checked option 66 on the voice scope, url is right", "", "", "info"),
            ("turned off sip alg on the firewall", "", "", "didnt_work"),
        ],
    },
    {   # cause: a rogue DHCP server (a consumer router plugged into the LAN) hands out wrong addresses
        "id": "fresh-nm-rogue-dhcp", "domain": "network",
        "summary": "random pcs no internet / cant get to server",
        "reason": "some pcs this morning cant reach S: or the internet. ipconfig on them shows 192.168.0.x with "
        "gateway "
                  "192.168.0.1, our lan is 10.1.1.x. others fine. dhcp scope on the dc only 40% used. sales guy "
                  "brought in a wifi box for his desk monday",
        "steps": [],
    },
    # ---- security
    {   # cause: the CA policy for registering security info only allows registration from the office location
        "id": "fresh-nm-mfa-registration-location", "domain": "security",
        "summary": "new hire cant set up authenticator",
        "reason": "remote new employee, first day. at aka.ms/mysecurityinfo she gets you cannot access this right now, "
                  "53003. cant do mfa setup so shes stuck. she's in ohio, not abroad. people in our office set up fine",
        "steps": [
            ("added her to the travel exclusion group", "", "", "didnt_work"),
        ],
    },
    {   # cause: the user's AD account has a "Log On To" restriction listing only her old PC
        "id": "fresh-nm-logon-to-restriction", "domain": "security",
        "summary": "user cant log into her new pc",
        "reason": "message says your account is configured to prevent you from using this pc, try another pc. she can "
                  "still log into her old desktop. pw works. other users can log into the new pc",
        "steps": [
            ("took the pc off the domain and rejoined it", "", "", "didnt_work"),
            ("checked if she was locked out", "Get-ADUser maria -Properties LockedOut", "LockedOut : False", "info"),
        ],
    },
    {   # cause: the internal-CA certificate for the intranet has only a Common Name and no Subject Alternative Name
        "id": "fresh-nm-cert-no-san", "domain": "security",
        "summary": "intranet site cert error in chrome",
        "reason": "https://intranet.corp.example.com shows NET::ERR_CERT_COMMON_NAME_INVALID in chrome and edge. "
        "cert is "
                  "from our own CA, valid till 2027, the name on it matches exactly. the old ie mode shortcut opens it "
                  "w/o error",
        "steps": [],
    },
    # ---- hardware
    {   # cause: the PCs got a PostScript driver for a PCL-only printer, so the raw PostScript prints as text
        "id": "fresh-nm-printer-wrong-pdl-driver", "domain": "hardware",
        "summary": "printer printing pages of random symbols",
        "reason": "new kyocera. jobs from 2 pcs come out as dozens of pages of gibberish starting %!PS-Adobe-3.0. the "
                  "other pcs print normal. the new guy added it on those 2 from the generic list",
        "steps": [
            ("cleared the queue + restarted spooler", "net stop spooler && del /q C:\\Windows\\System32\\spool\\"
             "PRINTERS\\* && net start spooler", "", "didnt_work"),
            ("switched the port from wsd to standard tcp/ip", "", "", "didnt_work"),
        ],
    },
    {   # cause: the copier's static DNS server is the retired DC, so it can't resolve smtp.office365.com
        "id": "fresh-nm-copier-dns-retired-dc", "domain": "hardware",
        "summary": "copier cant send email",
        "reason": "scan to email on the xerox fails since monday, log says smtp server connection failed / cannot "
                  "resolve host. no 535 or auth errors. we turned off the old dc (10.0.0.5) last friday. scan to "
                  "folder by ip still works",
        "steps": [],
    },
]
