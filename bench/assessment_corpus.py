"""A hard evaluation corpus for assessments: small-MSP problems in look-alike groups.

What it is. Each PROBLEM is one cause with one fix, written as a senior's resolution, with exactly three resolved
history sessions (three different techs, different wording and detail, 1-4 steps each, exactly one step "worked")
and one NEW escalation of the same problem written the way a junior writes (lowercase, abbreviations, typos,
pasted error text or event IDs, only steps that did not fix it). Problems come in GROUPS of 3-5 look-alikes that
share product words and symptoms and differ in the cause, the distinctive error code / event ID, or one key
detail; several members of a group share an error (e.g. FortiClient -7200, CA error 53000/53003, SMTP 535 5.7.139,
Kerberos KRB_AP_ERR_MODIFIED, temp-profile event 1511) and must be told apart by another clue. NO_MATCH holds
escalations whose cause is in no problem (the right answer is "no close match") but which reuse the products,
symptoms and even the fixes of the history, so a naive system is tempted.

How it was written. By hand (an LLM-assisted pass, no real tickets, no real companies or people: example.com,
corp.example.com, documentation IP ranges), from common MSP problem patterns across Microsoft 365 / Exchange Online
/ Teams / OneDrive / SharePoint, Entra ID / MFA / Conditional Access, AD / DNS / DHCP / GPO / Kerberos / time,
Windows Update and drivers, printers and copiers, FortiGate / SonicWall / Meraki VPNs, Wi-Fi, NAS / SMB, Veeam /
Datto / VSS, QuickBooks / Sage / SQL-backed practice software, certificates, RDS, Intune / Autopilot, BitLocker,
SPF / DKIM / DMARC and VoIP. Error texts, codes and commands follow the real products; file names, GUIDs, IPs and
some log lines are illustrative.

Counts. 154 problems in 39 groups (35 of 4, 3 of 3, 1 of 5) -> 462 resolved history sessions; 154 escalations
(103 with steps, 51 with summary + reason only); 28 NO_MATCH escalations. Split alternates dev / held_out inside
every group: 76 dev + 78 held_out problems; NO_MATCH 14 dev + 14 held_out. Domains: systems 51, m365 33,
network 29, security 21, hardware 20.

Ruled-out look-alikes. In 21 problems the junior already tried (didnt_work) the fix of another member of the same
group: outlook-vpn-full-tunnel, printer-offline-spooler-driver, printer-offline-snmp-status,
qb-h505-workstation-hosting, time-hyperv-integration, mfa-named-location-ip-changed, ca-hybrid-join-pending,
ol-prompt-wam-broker-plugin, ol-prompt-enableadal-zero, scan-email-security-defaults,
scan-folder-destination-renamed, share-slow-duplex-mismatch, wu-component-store-0x800f081f, bsod-rst-storage-driver,
bitlocker-recovery-dock-pxe, autopilot-0x80180018-license, spo-guest-wrong-account, mail-malicious-inbox-rule,
spf-too-many-lookups, vpn-split-tunnel-missing-subnet, voip-nat-keepalive.
"""
# Each problem: one cause with one fix. Problems come in look-alike GROUPS: the same product with
# different causes (e.g. Outlook on VPN: MTU vs stale credentials vs split-tunnel DNS vs ...), or
# the same symptom with different products/causes (e.g. "printer offline": DHCP lease vs WSD port vs
# spooler crash vs firmware sleep). A retrieval system must tell the members of a group apart.
PROBLEMS = [
    # ---------------------------------------------------------------- outlook-vpn
    {
        "id": "outlook-vpn-mtu", "group": "outlook-vpn", "domain": "network", "split": "dev",
        "resolution": "MTU mismatch on the AnyConnect tunnel: full-size packets were silently dropped, so Outlook "
                      "stalled on anything with an attachment. Set the tunnel adapter MTU to 1400.",
        "fix": ("Lowered the MTU on the AnyConnect adapter to 1400",
                'netsh interface ipv4 set subinterface "Cisco AnyConnect" mtu=1400 store=persistent'),
        "history": [
            {"summary": "Outlook disconnects for remote staff on the VPN", "steps": [
                ("Recreated the Outlook profile", "", "", "didnt_work"),
                ("Pinged Exchange Online with DF set and a full-size packet", "ping -f -l 1472 outlook.office365.com",
                 "Packet needs to be fragmented but DF set.", "info"),
                ("Lowered the MTU on the AnyConnect adapter to 1400",
                 'netsh interface ipv4 set subinterface "Cisco AnyConnect" mtu=1400 store=persistent', "Ok.", "worked"),
            ]},
            {"summary": "Large attachments hang in the Outbox when working from home on AnyConnect", "steps": [
                ("Checked the mailbox send limit", "Get-Mailbox jsmith | fl MaxSendSize",
                 "MaxSendSize : 35 MB (36,700,160 bytes)", "info"),
                ("Found the biggest packet that makes it through the tunnel", "ping -f -l 1360 outlook.office365.com",
                 "Reply from 52.97.146.2: bytes=1360 time=38ms TTL=114", "info"),
                ("Set the tunnel adapter MTU to 1400 and reconnected",
                 'netsh interface ipv4 set subinterface "Cisco AnyConnect" mtu=1400 store=persistent', "Ok.", "worked"),
            ]},
            {"summary": "Outlook stuck on 'Trying to connect' over VPN, fine in the office", "steps": [
                ("Tested HTTPS to Exchange Online", "Test-NetConnection outlook.office365.com -Port 443",
                 "TcpTestSucceeded : True", "info"),
                ("Dropped the MTU to 1400 in the AnyConnect group policy on the ASA",
                 "group-policy RemoteStaff attributes / anyconnect mtu 1400", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "outlook keeps saying trying to connect for wfh ppl",
            "reason": "small emails go out fine but anything w/ an attachment sits in the outbox forever. only on "
                      "anyconnect, in the office its fine",
            "steps": [
                ("rebuilt ol profile", "", "", "didnt_work"),
                ("turned off cached mode", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "outlook-vpn-full-tunnel", "group": "outlook-vpn", "domain": "network", "split": "held_out",
        "resolution": "Full-tunnel VPN hairpinned all Microsoft 365 traffic through the office's 50 Mbps line, which "
                      "saturated every morning. Enabled split tunnelling with the M365 Optimize ranges going direct.",
        "fix": ("Enabled split tunnelling on the SSL VPN portal so Microsoft 365 goes direct",
                'config vpn ssl web portal / edit "full-access" / set split-tunneling enable'),
        "history": [
            {"summary": "Outlook and Teams slow for everyone on the VPN in the mornings", "steps": [
                ("Checked WAN utilisation on the FortiGate during the slowdown", "get system performance status",
                 "Average network usage: 48903 / 49820 kbps in 1 minute", "info"),
                ("Switched the SSL VPN portal to split tunnelling, Microsoft 365 Optimize ranges routed locally",
                 'config vpn ssl web portal / edit "full-access" / set split-tunneling enable', "", "worked"),
            ]},
            {"summary": "Remote users' Outlook disconnects when lots of people are on FortiClient", "steps": [
                ("Restarted FortiClient on a test laptop", "", "", "didnt_work"),
                ("Traced the route to Exchange Online from home", "tracert -d outlook.office365.com",
                 "1  24 ms  10.212.134.1\n2  25 ms  192.168.10.1\n3  31 ms  203.0.113.1", "info"),
                ("Turned on split tunnel and excluded the M365 optimize endpoints from the VPN", "", "", "worked"),
            ]},
            {"summary": "Mailboxes go disconnected for home workers while the office line is maxed", "steps": [
                ("Enabled split tunnelling on the VPN portal so Exchange Online goes out the home connection",
                 'set split-tunneling-routing-address "M365-Optimize"', "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "ol + teams crawling for home users, esp 9-10am",
            "reason": "office internet graph is flat out at 50mb when it happens. ppl in the office are slow too but "
                      "less. everyone remote is on forticlient",
            "steps": [
                ("lowered mtu on the forticlient adapter to 1400",
                 'netsh interface ipv4 set subinterface "Fortinet SSL VPN Virtual Ethernet Adapter" mtu=1400 '
                 'store=persistent', "Ok.", "didnt_work"),
            ],
        },
    },
    {
        "id": "outlook-vpn-autodiscover-split-dns", "group": "outlook-vpn", "domain": "network", "split": "dev",
        "resolution": "Split-brain DNS: the internal example.com zone the VPN hands out had no autodiscover record, "
                      "so Outlook on the VPN could not find Exchange Online. Added an autodiscover CNAME internally.",
        "fix": ("Added an autodiscover CNAME to the internal DNS zone",
                "Add-DnsServerResourceRecordCName -ZoneName example.com -Name autodiscover "
                "-HostNameAlias autodiscover.outlook.com"),
        "history": [
            {"summary": "New Outlook profile won't set up while connected to the VPN", "steps": [
                ("Looked up autodiscover while connected", "nslookup autodiscover.example.com",
                 "*** dc01.corp.example.com can't find autodiscover.example.com: Non-existent domain", "info"),
                ("Created the autodiscover CNAME in the internal example.com zone",
                 "Add-DnsServerResourceRecordCName -ZoneName example.com -Name autodiscover "
                 "-HostNameAlias autodiscover.outlook.com", "", "worked"),
            ]},
            {"summary": "Outlook can't find the mailbox server for remote users on FortiClient", "steps": [
                ("Ran Test E-mail AutoConfiguration from the Outlook tray icon", "",
                 "Autodiscover to https://autodiscover.example.com/autodiscover/autodiscover.xml Failed (0x800C8203)",
                 "info"),
                ("Disconnected the VPN and retried: autodiscover succeeded", "", "", "info"),
                ("Added the missing autodiscover record to the split-brain zone on the DC",
                 "dnscmd dc01 /recordadd example.com autodiscover CNAME autodiscover.outlook.com",
                 "Command completed successfully.", "worked"),
            ]},
            {"summary": "Outlook setup says an encrypted connection is not available, only on VPN", "steps": [
                ("Tried manual server settings in the Outlook wizard", "", "", "didnt_work"),
                ("Pointed autodiscover.example.com at autodiscover.outlook.com in internal DNS", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant add mailbox for new hire on her laptop",
            "reason": "works from owa. outlook setup fails w/ 'an encrypted connection to your mail server is not "
                      "available'. she is on the vpn all day from home, never been in the office",
            "steps": [],
        },
    },
    {
        "id": "outlook-vpn-ssl-inspection", "group": "outlook-vpn", "domain": "network", "split": "held_out",
        "resolution": "Deep SSL inspection had been enabled on the SSL VPN firewall policy, so Outlook saw the "
                      "FortiGate's re-signed certificate and dropped. Set the policy back to certificate-inspection.",
        "fix": ("Changed the SSL VPN firewall policy from deep-inspection to certificate-inspection",
                "config firewall policy / edit 12 / set ssl-ssh-profile certificate-inspection"),
        "history": [
            {"summary": "Outlook certificate warning for remote staff over VPN", "steps": [
                ("Viewed the certificate Outlook complained about", "",
                 "Issued by: FortiGate CA FGT60F...\nThe name on the security certificate is invalid", "info"),
                ("Switched the VPN policy to certificate-inspection",
                 "config firewall policy / edit 12 / set ssl-ssh-profile certificate-inspection", "", "worked"),
            ]},
            {"summary": "Security alert pops up in Outlook when FortiClient is connected", "steps": [
                ("Had the user click Yes on the security alert", "", "", "dead_end"),
                ("Removed deep inspection from the ssl.root policy, went back to certificate inspection", "", "",
                 "worked"),
            ]},
            {"summary": "Outlook disconnected and cert error on the VPN since the firewall change", "steps": [
                ("Checked the VPN policy", "show firewall policy 12", 'set ssl-ssh-profile "deep-inspection"', "info"),
                ("Set the policy back to the certificate-inspection profile", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "outlook security alert on a few remote laptops",
            "reason": "popup says 'there is a problem with the proxy server's security certificate' then ol shows "
                      "disconnected. started this week, only when forticlient is connected",
            "steps": [
                ("rebuilt the outlook profile", "", "", "didnt_work"),
                ("checked split tunnel is on in the portal", "show vpn ssl web portal full-access",
                 "set split-tunneling enable", "info"),
            ],
        },
    },
    # ---------------------------------------------------------------- printer-offline
    {
        "id": "printer-offline-dhcp-lease", "group": "printer-offline", "domain": "hardware", "split": "held_out",
        "resolution": "The printer picked up a new DHCP lease so the Standard TCP/IP port pointed at a dead address. "
                      "Made a DHCP reservation for it.",
        "fix": ("Created a DHCP reservation for the printer at the port's address",
                "Add-DhcpServerv4Reservation -ScopeId 192.168.1.0 -IPAddress 192.168.1.50 "
                "-ClientId 00-17-c8-4a-12-9e -Name HP-M479"),
        "history": [
            {"summary": "Printer on the second floor shows offline on everyone's PC", "steps": [
                ("Power-cycled the printer", "", "", "didnt_work"),
                ("Printed a config page: printer is on .73, the port still points at .50", "",
                 "IPv4 Address: 192.168.1.73  Config By: DHCP", "info"),
                ("Reserved .50 for the printer's MAC and rebooted it",
                 "Add-DhcpServerv4Reservation -ScopeId 192.168.1.0 -IPAddress 192.168.1.50 "
                 "-ClientId 00-17-c8-4a-12-9e -Name HP-M479", "", "worked"),
            ]},
            {"summary": "Accounts copier goes offline every couple of weeks", "steps": [
                ("Pinged the port address", "ping 192.168.1.50", "Request timed out.", "info"),
                ("Found the copier in the DHCP leases under another address",
                 "Get-DhcpServerv4Lease -ScopeId 192.168.1.0 | ? HostName -like 'KM*'",
                 "192.168.1.88  KMC4A129E  Active", "info"),
                ("Added a DHCP reservation and pointed the port back at it", "", "", "worked"),
            ]},
            {"summary": "All print jobs stuck and printer 'offline' after the power cut", "steps": [
                ("Cleared the print queue", "", "", "didnt_work"),
                ("Gave the printer a reservation so it keeps the same IP", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "printer offline again upstairs",
            "reason": "nobody can print to the hp. printer screen says ready and shows 192.168.1.81, the port on the "
                      "print server is .50",
            "steps": [
                ("restarted spooler on print server", "net stop spooler && net start spooler",
                 "The Print Spooler service was started successfully.", "didnt_work"),
            ],
        },
    },
    {
        "id": "printer-offline-wsd-port", "group": "printer-offline", "domain": "hardware", "split": "dev",
        "resolution": "The printer was installed on a WSD port, which loses the device after sleep or reboot. "
                      "Replaced it with a Standard TCP/IP port on the printer's IP.",
        "fix": ("Replaced the WSD port with a Standard TCP/IP port",
                'Add-PrinterPort -Name IP_192.168.1.60 -PrinterHostAddress 192.168.1.60; '
                'Set-Printer -Name "Brother MFC-L8900" -PortName IP_192.168.1.60'),
        "history": [
            {"summary": "Brother printer offline on one laptop but prints from the others", "steps": [
                ("Checked which port the printer uses", 'Get-Printer "Brother MFC-L8900" | select PortName',
                 "PortName : WSD-5a1c2d3e-77b0-4c1a-9d0e-2f6a1b3c4d5e", "info"),
                ("Created a TCP/IP port and moved the printer to it",
                 'Add-PrinterPort -Name IP_192.168.1.60 -PrinterHostAddress 192.168.1.60; '
                 'Set-Printer -Name "Brother MFC-L8900" -PortName IP_192.168.1.60', "", "worked"),
            ]},
            {"summary": "Printer shows offline after every Windows restart until it's reinstalled", "steps": [
                ("Removed and re-added the printer: fine until the next reboot", "", "", "dead_end"),
                ("Switched from the WSD port to a Standard TCP/IP port by IP address", "", "", "worked"),
            ]},
            {"summary": "Printer auto-added by Windows keeps dropping to offline", "steps": [
                ("Noticed Network Discovery had auto-installed it on a WSD port", "", "", "info"),
                ("Deleted the WSD printer and added it back with a TCP/IP port", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "front desk pc cant print, says printer offline",
            "reason": "other pcs print fine to it. ip on the printer hasnt changed (checked config page). seems to "
                      "happen after the pc wakes from sleep",
            "steps": [
                ("ran printer troubleshooter", "msdt.exe /id PrinterDiagnostic",
                 "Printer is offline - Not fixed", "didnt_work"),
            ],
        },
    },
    {
        "id": "printer-offline-spooler-driver", "group": "printer-offline", "domain": "hardware",
        "split": "held_out",
        "resolution": "The Print Spooler on the print server kept crashing on an old Kyocera KX driver (event 7031, "
                      "faulting module in the driver), so every printer showed offline. Replaced the driver package.",
        "fix": ("Removed the crashing Kyocera driver package and installed the current KX driver",
                "pnputil /delete-driver oem42.inf /uninstall /force"),
        "history": [
            {"summary": "Every printer on the print server shows offline", "steps": [
                ("Checked the spooler", "Get-Service Spooler", "Status : Stopped", "info"),
                ("Read the Application log after the crash", "",
                 "Event 1000: Faulting application name: spoolsv.exe ... Faulting module name: KXPDrv3.dll", "info"),
                ("Removed the old Kyocera driver package and installed the current one",
                 "pnputil /delete-driver oem42.inf /uninstall /force", "Driver package deleted successfully.",
                 "worked"),
            ]},
            {"summary": "Print spooler keeps stopping, all printers offline", "steps": [
                ("Restarted the spooler", "net start spooler", "The Print Spooler service was started successfully.",
                 "dead_end"),
                ("Updated the Kyocera KX driver to the current release and deleted the old one", "", "", "worked"),
            ]},
            {"summary": "Printers offline for the whole office most mornings", "steps": [
                ("Set the spooler to restart on failure", "sc failure spooler reset= 86400 actions= restart/60000",
                 "[SC] ChangeServiceConfig2 SUCCESS", "dead_end"),
                ("Replaced the faulty copier driver on the print server", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "all printers offline again",
            "reason": "whole office cant print. spooler on PRINT01 is stopped again, i start it and it dies after "
                      "10-20 min. system log has 7031",
            "steps": [
                ("put the main copier on a dhcp reservation in case its ip moved", "", "", "didnt_work"),
                ("started spooler", "net start spooler", "The Print Spooler service was started successfully.",
                 "dead_end"),
            ],
        },
    },
    {
        "id": "printer-offline-deep-sleep", "group": "printer-offline", "domain": "hardware", "split": "dev",
        "resolution": "The printer's deep sleep (energy saver) shut its network interface; it only woke when someone "
                      "touched the panel. Turned off deep sleep in the embedded web server.",
        "fix": ("Turned off Deep Sleep in the printer's energy settings", ""),
        "history": [
            {"summary": "Printer offline first thing each morning, fine once someone presses a button", "steps": [
                ("Pinged the printer from the server at 8am", "ping 192.168.1.60", "Request timed out.", "info"),
                ("Disabled Deep Sleep under General > Energy Settings in the printer's web page", "", "", "worked"),
            ]},
            {"summary": "Reception Epson not reachable after lunch", "steps": [
                ("Checked the DHCP lease: address unchanged", "", "", "info"),
                ("Turned off Auto Power Off and set it to wake on network activity", "", "", "worked"),
            ]},
            {"summary": "Printer drops off the network whenever it sits idle", "steps": [
                ("Replaced the network cable", "", "", "didnt_work"),
                ("Set sleep mode to 'Sleep' instead of 'Deep Sleep' so the NIC stays up", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "reception printer offline, then works later?",
            "reason": "ping times out in the morning, then somebody walks up and taps the screen and its back. "
                      "same ip every time",
            "steps": [],
        },
    },
    {
        "id": "printer-offline-snmp-status", "group": "printer-offline", "domain": "hardware", "split": "held_out",
        "resolution": "SNMP status was enabled on the TCP/IP port but the copier's SNMP community had been changed "
                      "from 'public', so Windows marked it offline though it printed. Disabled SNMP status.",
        "fix": ("Disabled SNMP status on the printer port",
                "cscript %WINDIR%\\System32\\Printing_Admin_Scripts\\en-US\\prnport.vbs -t -r IP_192.168.1.60 -md"),
        "history": [
            {"summary": "Printer shows offline but the jobs actually print", "steps": [
                ("Pinged it", "ping 192.168.1.60", "Reply from 192.168.1.60: bytes=32 time<1ms TTL=64", "info"),
                ("Unticked 'SNMP Status Enabled' on the port", "", "", "worked"),
            ]},
            {"summary": "Copier offline in Windows after its web settings were hardened", "steps": [
                ("Saw the SNMP community on the copier was changed to a custom string", "", "", "info"),
                ("Disabled SNMP status on the printer port",
                 "cscript %WINDIR%\\System32\\Printing_Admin_Scripts\\en-US\\prnport.vbs -t -r IP_192.168.1.60 -md",
                 "Configured port IP_192.168.1.60", "worked"),
            ]},
            {"summary": "Printer status offline on every PC while the queue still prints", "steps": [
                ("Reinstalled the driver", "", "", "didnt_work"),
                ("Turned off SNMP status monitoring for the TCP/IP port", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "copier says offline in windows",
            "reason": "weird - if you print anyway it comes out. ping is fine. vendor tech was here tues changing "
                      "security stuff on it",
            "steps": [
                ("deleted and re added printer", "", "", "didnt_work"),
                ("switched it from the wsd port to a tcp/ip port", "", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- quickbooks-multiuser
    {
        "id": "qb-h202-firewall", "group": "quickbooks-multiuser", "domain": "systems", "split": "dev",
        "resolution": "Windows Firewall on the file server blocked the QuickBooks Database Server Manager ports after "
                      "an update. Opened 8019, 56728 and 55378-55382 for QBDBMgrN.",
        "fix": ("Allowed the QuickBooks Database Server Manager ports in Windows Firewall",
                'New-NetFirewallRule -DisplayName "QBDBMgrN" -Direction Inbound -Protocol TCP '
                '-LocalPort 8019,56728,55378-55382 -Action Allow'),
        "history": [
            {"summary": "QuickBooks H202 on all workstations", "steps": [
                ("Ran QuickBooks File Doctor", "", "", "didnt_work"),
                ("Tested a QB port from a workstation", "Test-NetConnection FS01 -Port 55378",
                 "WARNING: TCP connect to (192.168.1.10 : 55378) failed\nTcpTestSucceeded : False", "info"),
                ("Opened the QBDBMgrN ports on the server firewall",
                 'New-NetFirewallRule -DisplayName "QBDBMgrN" -Direction Inbound -Protocol TCP '
                 '-LocalPort 8019,56728,55378-55382 -Action Allow', "", "worked"),
            ]},
            {"summary": "Can't switch QuickBooks to multi-user mode after server patching", "steps": [
                ("Confirmed the database service is running on the server", "Get-Service QuickBooksDB*",
                 "Running  QuickBooksDB34  QuickBooksDB34", "info"),
                ("Added inbound firewall rules for 8019 and 55378-55382", "", "", "worked"),
            ]},
            {"summary": "Error H202 opening the company file from workstations", "steps": [
                ("Pinged the server by name", "ping FS01", "Reply from 192.168.1.10: bytes=32 time<1ms", "info"),
                ("Created firewall exceptions for QBDBMgrN.exe and its port range", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "qb h202 for everybody",
            "reason": "qb wont open the company file in multi user on any pc since last nights updates on the server. "
                      "the server itself opens it fine",
            "steps": [("ran file doctor", "", "", "didnt_work")],
        },
    },
    {
        "id": "qb-h505-workstation-hosting", "group": "quickbooks-multiuser", "domain": "systems",
        "split": "held_out",
        "resolution": "A workstation also had 'Host Multi-User Access' on after a QuickBooks reinstall, so clients "
                      "went to the wrong host (H202/H505). Turned hosting off on the workstation; only the "
                      "server hosts.",
        "fix": ("Turned off multi-user hosting on the workstation",
                "File > Utilities > Stop Hosting Multi-User Access"),
        "history": [
            {"summary": "H505 on workstations after one PC's QuickBooks was reinstalled", "steps": [
                ("Checked File > Utilities on each PC", "", "'Stop Hosting Multi-User Access' shown on BOOKKEEPER-PC",
                 "info"),
                ("Stopped hosting multi-user access on BOOKKEEPER-PC", "File > Utilities > Stop Hosting Multi-User "
                 "Access", "", "worked"),
            ]},
            {"summary": "QuickBooks multi-user error for everyone since the bookkeeper's reinstall", "steps": [
                ("Re-checked the server firewall rules for QB", "", "", "didnt_work"),
                ("Found the bookkeeper's PC set to host the company file", "", "", "info"),
                ("Disabled hosting on her PC", "", "", "worked"),
            ]},
            {"summary": "Company file 'in use' and H202 since a workstation was rebuilt", "steps": [
                ("Looked for the QB database service on the workstation",
                 "Get-Service -ComputerName ACCT-02 QuickBooksDB*", "Running  QuickBooksDB34", "info"),
                ("Turned hosting off on ACCT-02 so only the server hosts", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "quickbooks H202 / H505 on 3 pcs",
            "reason": "started after sarah reinstalled qb on her pc monday. the server has the qb ports open, checked",
            "steps": [
                ("added the qb port rules on the server firewall again",
                 'New-NetFirewallRule -DisplayName "QB" -Direction Inbound -Protocol TCP -LocalPort '
                 '8019,56728,55378-55382 -Action Allow', "", "didnt_work"),
            ],
        },
    },
    {
        "id": "qb-h202-stale-dns", "group": "quickbooks-multiuser", "domain": "systems", "split": "dev",
        "resolution": "Stale DNS A record: after the server migration the file server name still resolved to the old "
                      "server's IP for some clients, so QuickBooks hit the wrong host. Deleted the record, "
                      "flushed DNS.",
        "fix": ("Deleted the stale A record for the file server and flushed DNS on the clients",
                "Remove-DnsServerResourceRecord -ZoneName corp.example.com -RRType A -Name FS01 "
                "-RecordData 192.168.1.9 -Force; ipconfig /flushdns"),
        "history": [
            {"summary": "QuickBooks H202 after moving the company file to the new server", "steps": [
                ("Looked up the server name", "nslookup FS01",
                 "Name:    FS01.corp.example.com\nAddresses:  192.168.1.9\n          192.168.1.20", "info"),
                ("Removed the old .9 record and flushed DNS",
                 "Remove-DnsServerResourceRecord -ZoneName corp.example.com -RRType A -Name FS01 "
                 "-RecordData 192.168.1.9 -Force; ipconfig /flushdns", "", "worked"),
            ]},
            {"summary": "Some PCs get H202 and others are fine opening QB over the network", "steps": [
                ("Pinged the server from a failing PC", "ping FS01", "Reply from 192.168.1.9: bytes=32", "info"),
                ("Deleted the leftover DNS record pointing at the retired server", "", "", "worked"),
            ]},
            {"summary": "QuickBooks can't reach the server in multi-user mode since the migration", "steps": [
                ("Rescanned the folder in QuickBooks Database Server Manager", "", "", "didnt_work"),
                ("Cleaned up the duplicate A record in DNS and ran ipconfig /flushdns", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "h202 on half the pcs",
            "reason": "since we moved qb to the new server over the weekend. some pcs open it some dont. ping fs01 "
                      "from a bad pc replies from .9 ??",
            "steps": [("rescanned the folder in qb db server manager", "", "", "didnt_work")],
        },
    },
    {
        "id": "qb-6000-83-permissions", "group": "quickbooks-multiuser", "domain": "systems", "split": "held_out",
        "resolution": "After the data folder moved, QBDataServiceUser34 had no Full Control on it, so QuickBooks "
                      "returned -6000, -83. Granted the service account full control on the folder and share.",
        "fix": ("Granted QBDataServiceUser34 full control on the company file folder",
                'icacls "D:\\QBData" /grant "QBDataServiceUser34:(OI)(CI)F" /T'),
        "history": [
            {"summary": "QuickBooks error -6000, -83 opening the company file", "steps": [
                ("Verified the file opens locally on the server as admin", "", "", "info"),
                ("Granted the QBDataServiceUser account full control on QBData",
                 'icacls "D:\\QBData" /grant "QBDataServiceUser34:(OI)(CI)F" /T',
                 "processed file: D:\\QBData\nSuccessfully processed 14 files; Failed processing 0 files", "worked"),
            ]},
            {"summary": "-6000 -83 after moving the QuickBooks data to a new folder", "steps": [
                ("Ran File Doctor", "", "Unable to access the company file", "didnt_work"),
                ("Fixed NTFS permissions for QBDataServiceUser34 on the new folder", "", "", "worked"),
            ]},
            {"summary": "Can't open company file, error 6000 83", "steps": [
                ("Checked the share permissions", "Get-SmbShareAccess QBData", "Everyone  Allow  Read", "info"),
                ("Gave QBDataServiceUser34 full control on the share and folder",
                 "Grant-SmbShareAccess -Name QBData -AccountName QBDataServiceUser34 -AccessRight Full -Force", "",
                 "worked"),
            ]},
        ],
        "escalation": {
            "summary": "qb wont open company file, error -6000 -83",
            "reason": "we moved the QBData folder to the new D: volume yesterday. users can see the .qbw in explorer",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- dc-replication
    {
        "id": "dc-repl-rpc-ports-blocked", "group": "dc-replication", "domain": "systems", "split": "held_out",
        "resolution": "Replication to the branch DC failed with 1722 (RPC server unavailable): the site-to-site "
                      "policy allowed 135 but not the RPC dynamic ports. Allowed TCP 49152-65535 between the DCs.",
        "fix": ("Allowed the RPC dynamic port range between the DCs on the site-to-site policy",
                'config firewall service custom / edit "RPC-Dynamic" / set tcp-portrange 49152-65535'),
        "history": [
            {"summary": "Branch DC not replicating, repadmin shows 1722", "steps": [
                ("Ran showrepl on the branch DC", "repadmin /showrepl BR-DC01",
                 "Last attempt @ 2024-03-12 09:14:02 failed, result 1722 (0x6ba):\n    The RPC server is unavailable.",
                 "info"),
                ("Tested the endpoint mapper", "Test-NetConnection HQ-DC01 -Port 135", "TcpTestSucceeded : True",
                 "info"),
                ("Added TCP 49152-65535 between the DC subnets on the FortiGate",
                 'config firewall service custom / edit "RPC-Dynamic" / set tcp-portrange 49152-65535', "",
                 "worked"),
            ]},
            {"summary": "New users not showing up at the branch office", "steps": [
                ("Forced replication", "repadmin /syncall /AdeP",
                 "SyncAll reported the following errors:\nError issuing replication: 1722 (0x6ba):\n    The RPC "
                 "server is unavailable.",
                 "dead_end"),
                ("Checked the VPN policy: only 135, 389, 445 and 88 allowed", "", "", "info"),
                ("Opened the RPC high port range between the DCs", "", "", "worked"),
            ]},
            {"summary": "dcdiag replications test fails at the remote site", "steps": [
                ("Ran dcdiag", "dcdiag /test:replications /s:BR-DC01",
                 "[Replications Check,BR-DC01] A recent replication attempt failed: ... The RPC server is unavailable.",
                 "info"),
                ("Allowed high RPC ports across the site-to-site tunnel", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "password reset not working at branch",
            "reason": "reset a users pw at HQ, at the branch office it still only takes the old one an hour later. "
                      "repadmin on BR-DC01 shows errors (1722). tunnel is up, can ping",
            "steps": [
                ("forced replication", "repadmin /syncall /AdeP",
                 "Error issuing replication: 1722 (0x6ba): The RPC server is unavailable.", "didnt_work"),
            ],
        },
    },
    {
        "id": "dc-repl-time-skew", "group": "dc-replication", "domain": "systems", "split": "dev",
        "resolution": "The branch DC was free-running on its own CMOS clock and drifted 12 minutes, so replication "
                      "failed with 1398. Put it back on the domain hierarchy and resynced.",
        "fix": ("Pointed the branch DC back at the domain hierarchy and resynced its clock",
                "w32tm /config /syncfromflags:domhier /update && w32tm /resync /rediscover"),
        "history": [
            {"summary": "repadmin error 1398 at the branch", "steps": [
                ("Ran showrepl", "repadmin /showrepl",
                 "Last error: 1398 (0x576):\n    There is a time and/or date difference between the client and server.",
                 "info"),
                ("Checked the time source", "w32tm /query /source", "Local CMOS Clock", "info"),
                ("Set the DC back to domhier and resynced",
                 "w32tm /config /syncfromflags:domhier /update && w32tm /resync /rediscover",
                 "The command completed successfully.", "worked"),
            ]},
            {"summary": "Branch DC clock 12 minutes off and replication stopped", "steps": [
                ("Compared with the PDC", "w32tm /stripchart /computer:HQ-DC01 /samples:3 /dataonly",
                 "09:31:02, +721.3345s\n09:31:04, +721.3351s", "info"),
                ("Reconfigured the time service to sync from the domain hierarchy", "", "", "worked"),
            ]},
            {"summary": "Logon failures and replication errors at the remote site", "steps": [
                ("Users see a logon error", "",
                 "The system cannot log you on due to the following error: There is a time and/or date difference "
                 "between the client and server.", "info"),
                ("Fixed the time source on BR-DC01 (was Local CMOS Clock) and resynced", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "branch dc replication broken",
            "reason": "repadmin /showrepl says 1398. some branch users also get a weird error at logon",
            "steps": [
                ("forced sync", "repadmin /syncall /AdeP",
                 "CALLBACK MESSAGE: Error contacting server ... (network error): 1398 (0x576)", "didnt_work"),
            ],
        },
    },
    {
        "id": "dc-repl-usn-rollback", "group": "dc-replication", "domain": "systems", "split": "held_out",
        "resolution": "The branch DC was reverted to a Hyper-V checkpoint, causing a USN rollback (event 2095): "
                      "Netlogon paused and it stopped replicating. Force-demoted it, cleaned metadata, re-promoted.",
        "fix": ("Force-demoted the rolled-back DC, cleaned up its metadata and re-promoted it",
                "Uninstall-ADDSDomainController -ForceRemoval -DemoteOperationMasterRole; "
                "ntdsutil \"metadata cleanup\" \"remove selected server BR-DC01\""),
        "history": [
            {"summary": "Branch DC stopped replicating after it was restored from a snapshot", "steps": [
                ("Found event 2095 in the Directory Service log", "",
                 "Event 2095: ... the local domain controller detected that the USN ... has gone back (USN rollback)",
                 "info"),
                ("Checked the NTDS parameters",
                 'reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\Parameters /v "Dsa Not Writable"',
                 "Dsa Not Writable    REG_DWORD    0x4", "info"),
                ("Force-demoted, did metadata cleanup and re-promoted",
                 "Uninstall-ADDSDomainController -ForceRemoval -DemoteOperationMasterRole", "", "worked"),
            ]},
            {"summary": "Netlogon paused on the DC after a Hyper-V checkpoint revert", "steps": [
                ("Restarted Netlogon", "net start netlogon", "The Net Logon service was started successfully.",
                 "dead_end"),
                ("Demoted and re-promoted the DC after removing its metadata", "", "", "worked"),
            ]},
            {"summary": "Changes on the branch DC never reach HQ, event 2095", "steps": [
                ("Tried a full sync", "repadmin /syncall /AdeP", "", "didnt_work"),
                ("Rebuilt the DC: forced removal, metadata cleanup from HQ-DC01, promoted again", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "branch dc acting weird since we rolled it back",
            "reason": "dc got a bad update so we reverted the vm checkpoint from tuesday. now netlogon keeps going "
                      "paused and new accounts made there never show up at hq",
            "steps": [("restarted netlogon", "net start netlogon", "", "didnt_work")],
        },
    },
    {
        "id": "dc-sysvol-dfsr-dirty-shutdown", "group": "dc-replication", "domain": "systems", "split": "dev",
        "resolution": "DFSR stopped replicating SYSVOL on DC02 after a dirty shutdown (event 2213), so new GPOs never "
                      "reached it. Resumed replication with the WMI command from the event.",
        "fix": ("Resumed DFSR replication on the volume with the WMI call from event 2213",
                "wmic /namespace:\\\\root\\microsoftdfs path dfsrVolumeConfig where "
                "volumeGuid=\"6F1A2B3C-0D4E-11EE-9A2B-806E6F6E6963\" call ResumeReplication"),
        "history": [
            {"summary": "New GPO not applying at one site, SYSVOL differs between DCs", "steps": [
                ("Compared the Policies folder on both DCs", "dir \\\\DC02\\SYSVOL\\corp.example.com\\Policies",
                 "{6AC1786C-016F-11D2-945F-00C04FB984F9} missing", "info"),
                ("Found DFSR event 2213 on DC02", "",
                 "The DFS Replication service stopped replication on volume C:. This occurs when a DFSR JET database "
                 "is not shut down cleanly", "info"),
                ("Ran the ResumeReplication WMI call from the event",
                 "wmic /namespace:\\\\root\\microsoftdfs path dfsrVolumeConfig where "
                 "volumeGuid=\"6F1A2B3C-0D4E-11EE-9A2B-806E6F6E6963\" call ResumeReplication",
                 "Method execution successful.", "worked"),
            ]},
            {"summary": "Logon scripts missing on the second DC after a power outage", "steps": [
                ("gpupdate on a client", "gpupdate /force", "", "didnt_work"),
                ("Resumed DFSR replication as event 2213 describes", "", "", "worked"),
            ]},
            {"summary": "dcdiag DFSR event errors after the UPS failure", "steps": [
                ("Ran the DFSR event test", "dcdiag /test:dfsrevent",
                 "There are warning or error events within the last 24 hours after the SYSVOL has been shared.",
                 "info"),
                ("Resumed replication on the volume with wmic dfsrVolumeConfig", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "gpo changes not showing up on about half the pcs",
            "reason": "made a drive map gpo yesterday, pcs that log on against DC02 dont get it. DC02 went down hard "
                      "in the storm last week. repadmin /showrepl is clean, no errors",
            "steps": [
                ("gpupdate /force on one of the pcs", "gpupdate /force",
                 "User Policy update has completed successfully.", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- time-drift
    {
        "id": "time-pdc-local-cmos", "group": "time-drift", "domain": "systems", "split": "dev",
        "resolution": "The PDC emulator had no external source and ran on its own CMOS clock, so the whole domain "
                      "drifted. Configured it as a reliable source syncing from pool.ntp.org.",
        "fix": ("Configured the PDC emulator to sync from an external NTP pool",
                'w32tm /config /manualpeerlist:"0.pool.ntp.org 1.pool.ntp.org" /syncfromflags:manual '
                '/reliable:yes /update'),
        "history": [
            {"summary": "All PC clocks are 4 minutes fast", "steps": [
                ("Checked the time source on the PDC", "w32tm /query /source", "Local CMOS Clock", "info"),
                ("Set a manual peer list on the PDC and restarted w32time",
                 'w32tm /config /manualpeerlist:"0.pool.ntp.org 1.pool.ntp.org" /syncfromflags:manual '
                 '/reliable:yes /update', "The command completed successfully.", "worked"),
            ]},
            {"summary": "Office clocks wrong, users late for Teams meetings", "steps": [
                ("Resynced a workstation", "w32tm /resync", "The command completed successfully.", "didnt_work"),
                ("Found the PDC had no upstream; gave it pool.ntp.org as peer", "", "", "worked"),
            ]},
            {"summary": "Domain time slowly drifting", "steps": [
                ("Monitored the DCs", "w32tm /monitor",
                 "DC01.corp.example.com *** PDC ***\n    NTP: +0.0000000s offset from DC01\n        RefID: 'LOCL'",
                 "info"),
                ("Made the PDC a reliable time source syncing from external NTP", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "clocks on all pcs are off by like 5 min",
            "reason": "every pc AND the server show the same wrong time, my phone is right. resync on my pc says "
                      "completed but its still wrong",
            "steps": [("w32tm /resync", "w32tm /resync", "The command completed successfully.", "didnt_work")],
        },
    },
    {
        "id": "time-hyperv-integration", "group": "time-drift", "domain": "systems", "split": "held_out",
        "resolution": "The DC VM took its time from the Hyper-V host through the Time Synchronization integration "
                      "service and the host clock was wrong; time jumped after host reboots. Disabled that service.",
        "fix": ("Disabled the Hyper-V time synchronization integration service for the DC VM",
                'Disable-VMIntegrationService -VMName DC01 -Name "Time Synchronization"'),
        "history": [
            {"summary": "Domain time jumps after the Hyper-V host reboots", "steps": [
                ("Checked the source on the DC", "w32tm /query /source", "VM IC Time Synchronization Provider", "info"),
                ("Disabled the time sync integration service",
                 'Disable-VMIntegrationService -VMName DC01 -Name "Time Synchronization"', "", "worked"),
            ]},
            {"summary": "Kerberos errors after Hyper-V host maintenance", "steps": [
                ("Looked at the DC's time config", "w32tm /query /status",
                 "Source: VM IC Time Synchronization Provider\nLast Successful Sync Time: ...", "info"),
                ("Unticked Time synchronization in the VM's Integration Services settings", "", "", "worked"),
            ]},
            {"summary": "DC keeps resetting to the host's wrong time", "steps": [
                ("Set a manual peer list on the DC",
                 'w32tm /config /manualpeerlist:"pool.ntp.org" /syncfromflags:manual /update', "", "didnt_work"),
                ("Turned off the Hyper-V time sync for DC01 so NTP takes over", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "time on the domain wrong after hyperv host patched",
            "reason": "after the host rebooted sunday all clocks are 1 hr off. w32tm /query /source on the dc says VM "
                      "IC Time Synchronization Provider",
            "steps": [
                ("set pool.ntp.org as peer on the dc",
                 'w32tm /config /manualpeerlist:"0.pool.ntp.org" /syncfromflags:manual /reliable:yes /update',
                 "The command completed successfully.", "didnt_work"),
            ],
        },
    },
    {
        "id": "time-ntp-udp123-blocked", "group": "time-drift", "domain": "systems", "split": "dev",
        "resolution": "The new SonicWall blocked outbound UDP 123, so the PDC couldn't reach its NTP peers "
                      "(0x800705B4) and fell back to the local clock. Allowed NTP outbound from the DC.",
        "fix": ("Allowed outbound UDP 123 from the PDC on the SonicWall",
                "Access rule LAN > WAN, source DC01, service NTP (UDP 123), allow"),
        "history": [
            {"summary": "w32tm error 0x800705B4 on the PDC", "steps": [
                ("Tried a resync", "w32tm /resync /rediscover",
                 "The computer did not resync because no time data was available.", "info"),
                ("Stripchart to the pool", "w32tm /stripchart /computer:0.pool.ntp.org /samples:3",
                 "Tracking 0.pool.ntp.org [162.159.200.1:123].\n09:12:01, error: 0x800705B4", "info"),
                ("Added a LAN-to-WAN access rule for NTP from the DC", "", "", "worked"),
            ]},
            {"summary": "Domain time drifting since the firewall was replaced", "steps": [
                ("Packet capture on the SonicWall showed UDP 123 dropped", "", "", "info"),
                ("Created an outbound NTP allow rule", "", "", "worked"),
            ]},
            {"summary": "PDC can't reach external time servers", "steps": [
                ("Checked peers", "w32tm /query /peers",
                 "Peer: 0.pool.ntp.org,0x8\nState: Pending\nTime Remaining: 898.1s", "info"),
                ("Opened UDP 123 outbound on the firewall for the PDC", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "time drifting again on the domain",
            "reason": "we swapped to the new sonicwall last month. dc has pool.ntp.org set but w32tm /query /status "
                      "says Source: Local CMOS Clock",
            "steps": [
                ("stripchart to the pool", "w32tm /stripchart /computer:0.pool.ntp.org /samples:3",
                 "error: 0x800705B4", "info"),
            ],
        },
    },
    {
        "id": "time-gpo-ntp-client-type", "group": "time-drift", "domain": "systems", "split": "held_out",
        "resolution": "An old 'Time Settings' GPO set the NTP client Type=NTP with time.windows.com, so workstations "
                      "ignored the domain hierarchy and drifted. Set Type back to NT5DS in the GPO.",
        "fix": ("Changed the Windows Time GPO to NT5DS so clients sync from the domain",
                'Set-GPRegistryValue -Name "Time Settings" -Key "HKLM\\Software\\Policies\\Microsoft\\W32Time\\'
                'Parameters" -ValueName Type -Type String -Value NT5DS'),
        "history": [
            {"summary": "Some PCs a few minutes off from the DC", "steps": [
                ("Checked the source on a bad PC", "w32tm /query /source", "time.windows.com,0x9", "info"),
                ("Found the old 'Time Settings' GPO in gpresult", "gpresult /h gp.html", "", "info"),
                ("Set the GPO's NTP client Type to NT5DS",
                 'Set-GPRegistryValue -Name "Time Settings" -Key "HKLM\\Software\\Policies\\Microsoft\\W32Time\\'
                 'Parameters" -ValueName Type -Type String -Value NT5DS', "", "worked"),
            ]},
            {"summary": "Laptops failing Kerberos with clock skew", "steps": [
                ("Purged tickets", "klist purge", "Ticket(s) purged!", "didnt_work"),
                ("Found a GPO forcing time.windows.com; changed the NtpClient policy back to NT5DS", "", "", "worked"),
            ]},
            {"summary": "Workstations not syncing with domain time", "steps": [
                ("Dumped the time config", "w32tm /query /configuration",
                 "Type: NTP (Policy)\nNtpServer: time.windows.com,0x9 (Policy)", "info"),
                ("Fixed the GPO: Type NT5DS and removed NtpServer", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "a few pcs have wrong time, dc is fine",
            "reason": "dc time matches the internet. the bad pcs show time.windows.com as their source. its the "
                      "older pcs in the Accounting OU",
            "steps": [
                ("forced resync", "w32tm /resync /force",
                 "The computer did not resync because no time data was available.", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- mfa-prompts
    {
        "id": "mfa-loop-stale-tokens", "group": "mfa-prompts", "domain": "security", "split": "held_out",
        "resolution": "After the password reset the user's apps kept stale refresh tokens and looped MFA prompts "
                      "(AADSTS50133). Revoked all sign-in sessions in Entra ID.",
        "fix": ("Revoked all of the user's sign-in sessions in Entra ID",
                "Revoke-MgUserSignInSession -UserId user@example.com"),
        "history": [
            {"summary": "User gets endless MFA prompts in Teams after a password change", "steps": [
                ("Had the user re-register the Authenticator app", "", "", "didnt_work"),
                ("Checked the sign-in logs", "",
                 "AADSTS50133: Session is invalid due to expiration or recent password change.", "info"),
                ("Revoked the user's sessions", "Revoke-MgUserSignInSession -UserId user@example.com",
                 "Value : True", "worked"),
            ]},
            {"summary": "MFA approvals requested all day in Outlook since the reset", "steps": [
                ("Cleared Credential Manager", "", "", "didnt_work"),
                ("Revoked the refresh tokens and had the user sign in once everywhere", "", "", "worked"),
            ]},
            {"summary": "Authenticator keeps asking to approve after a password change", "steps": [
                ("Clicked 'Revoke sessions' on the user's Entra ID page", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user getting mfa prompt over and over",
            "reason": "since we reset her pw monday. prompts come from outlook and teams on her laptop, she approves "
                      "and it asks again 5 min later. sign in log shows 50133",
            "steps": [],
        },
    },
    {
        "id": "mfa-named-location-ip-changed", "group": "mfa-prompts", "domain": "security", "split": "dev",
        "resolution": "The ISP changed the office's public IP so the trusted named location no longer matched and "
                      "everyone in the office got MFA on every sign-in. Updated the named location.",
        "fix": ("Updated the office named location with the new public IP",
                "Update-MgIdentityConditionalAccessNamedLocation -NamedLocationId $id -BodyParameter $newRanges"),
        "history": [
            {"summary": "Everyone in the office suddenly prompted for MFA", "steps": [
                ("Checked a sign-in in the logs", "",
                 "IP address: 198.51.100.17\nNamed location: (none)\nRequire MFA off-site: Success", "info"),
                ("Added the new WAN IP to the 'Office' named location",
                 "Update-MgIdentityConditionalAccessNamedLocation -NamedLocationId $id -BodyParameter $newRanges", "",
                 "worked"),
            ]},
            {"summary": "MFA on every login at HQ since the ISP upgrade", "steps": [
                ("Looked up the WAN IP on the firewall", "", "WAN1: 203.0.113.42/29", "info"),
                ("Replaced the old IP in the trusted location", "", "", "worked"),
            ]},
            {"summary": "Staff in the office get Authenticator prompts all day", "steps": [
                ("Revoked one user's sessions", "", "", "didnt_work"),
                ("Corrected the trusted IP range in Conditional Access named locations", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "whole office getting mfa prompts",
            "reason": "started this morning, everyone not just one person. ISP swapped our modem yesterday afternoon",
            "steps": [
                ("revoked sessions for 2 users", "Revoke-MgUserSignInSession -UserId amy@example.com", "Value : True",
                 "didnt_work"),
            ],
        },
    },
    {
        "id": "mfa-fatigue-compromised-password", "group": "mfa-prompts", "domain": "security", "split": "held_out",
        "resolution": "The user's password was compromised and an attacker was spamming push requests (MFA fatigue, "
                      "500121 from abroad). Reset the password and forced a change at next sign-in.",
        "fix": ("Reset the compromised password and forced a change at next sign-in",
                "Update-MgUser -UserId user@example.com -PasswordProfile @{ForceChangePasswordNextSignIn=$true; "
                "Password=$newPw}"),
        "history": [
            {"summary": "User getting random MFA push requests at night", "steps": [
                ("Checked the sign-in logs", "",
                 "Failure 500121: Authentication failed during strong authentication request.\nLocation: RU",
                 "info"),
                ("Reset the password and forced a change",
                 "Update-MgUser -UserId user@example.com -PasswordProfile @{ForceChangePasswordNextSignIn=$true; "
                 "Password=$newPw}", "", "worked"),
            ]},
            {"summary": "Authenticator prompts she didn't trigger", "steps": [
                ("Saw correct-password sign-ins from an overseas IP", "", "", "info"),
                ("Changed her password since the attacker had it", "", "", "worked"),
            ]},
            {"summary": "Flood of MFA approvals on his phone", "steps": [
                ("Had the user deny them and report fraud", "", "", "info"),
                ("Reset the password, the prompts stopped", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user keeps getting mfa prompts on phone",
            "reason": "she gets like 20 prompts at 2am while asleep. sign in logs show 500121 from an ip in another "
                      "country",
            "steps": [
                ("told her to deny them all", "", "", "info"),
            ],
        },
    },
    {
        "id": "mfa-new-phone-old-method", "group": "mfa-prompts", "domain": "security", "split": "dev",
        "resolution": "The user replaced their phone and the Authenticator registration stayed on the old device, so "
                      "pushes went there. Deleted the old method and required re-registration.",
        "fix": ("Deleted the old Authenticator method and required MFA re-registration",
                "Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId user@example.com "
                "-MicrosoftAuthenticatorAuthenticationMethodId $oldId"),
        "history": [
            {"summary": "User not getting the MFA prompt on a new phone", "steps": [
                ("Listed the auth methods", "Get-MgUserAuthenticationMethod -UserId user@example.com",
                 "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod  DisplayName: iPhone 11", "info"),
                ("Removed the old device and had the user register again at aka.ms/mysecurityinfo",
                 "Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId user@example.com "
                 "-MicrosoftAuthenticatorAuthenticationMethodId $oldId", "", "worked"),
            ]},
            {"summary": "MFA notification goes to the old phone", "steps": [
                ("Clicked 'Require re-register multifactor authentication' in Entra ID", "", "", "worked"),
            ]},
            {"summary": "Can't approve sign-in, the prompt never shows up", "steps": [
                ("Reinstalled Authenticator on the new phone", "", "", "didnt_work"),
                ("Deleted the stale Authenticator registration so the user could set up the new phone", "", "",
                 "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user cant sign in, no mfa notification",
            "reason": "he got a new iphone over the weekend, authenticator is installed but shows no accounts. "
                      "login says 'we've sent a notification to your mobile device' and nothing comes",
            "steps": [("reinstalled authenticator", "", "", "didnt_work")],
        },
    },
    # ---------------------------------------------------------------- ca-blocked
    {
        "id": "ca-noncompliant-bitlocker", "group": "ca-blocked", "domain": "security", "split": "dev",
        "resolution": "The laptop was non-compliant because BitLocker was off, and Conditional Access requires a "
                      "compliant device (53000). Enabled BitLocker and synced compliance.",
        "fix": ("Enabled BitLocker and forced an Intune sync so the device reported compliant",
                "manage-bde -on C: -RecoveryPassword -SkipHardwareTest"),
        "history": [
            {"summary": "Laptop blocked from Outlook and Teams: 'You can't get there from here'", "steps": [
                ("Checked the sign-in logs", "",
                 "53000: Device is not in required device state: compliant.", "info"),
                ("Intune shows 'Require BitLocker: Not compliant'", "", "", "info"),
                ("Turned on BitLocker and synced", "manage-bde -on C: -RecoveryPassword -SkipHardwareTest",
                 "Volume C: is now being encrypted.", "worked"),
            ]},
            {"summary": "User can't get into M365 on a new laptop, compliance error", "steps": [
                ("Company Portal 'Check access'", "", "Require BitLocker - Not compliant", "info"),
                ("Enabled drive encryption and resynced", "", "", "worked"),
            ]},
            {"summary": "53000 error on one laptop", "steps": [
                ("Left and re-registered the device", "dsregcmd /leave", "", "didnt_work"),
                ("Encrypted the drive with BitLocker, device went compliant", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user blocked from office on her laptop",
            "reason": "error says this device does not meet your organizations compliance requirements. code 53000. "
                      "device shows in intune, last check in today",
            "steps": [("synced in company portal", "", "", "didnt_work")],
        },
    },
    {
        "id": "ca-hybrid-join-pending", "group": "ca-blocked", "domain": "security", "split": "held_out",
        "resolution": "The PCs' OU wasn't in the Entra Connect sync scope, so hybrid join stayed 'Pending' and the "
                      "policy requiring a hybrid-joined device blocked them (53000). Added the OU and re-joined.",
        "fix": ("Added the computers' OU to Entra Connect sync and re-ran the hybrid join",
                "Start-ADSyncSyncCycle -PolicyType Delta; dsregcmd /join"),
        "history": [
            {"summary": "Domain PC blocked by Conditional Access, device shows Pending", "steps": [
                ("Checked join state", "dsregcmd /status",
                 "AzureAdJoined : NO\nDomainJoined : YES\nAzureAdPrt : NO", "info"),
                ("Added the OU to the Entra Connect scope, synced and joined",
                 "Start-ADSyncSyncCycle -PolicyType Delta; dsregcmd /join", "", "worked"),
            ]},
            {"summary": "New PCs in the Laptops OU can't use Teams, 53000", "steps": [
                ("Checked the device in Entra: Registered = Pending", "", "", "info"),
                ("Included the OU in sync, ran a delta and dsregcmd /join", "", "", "worked"),
            ]},
            {"summary": "Desktops moved to a new OU lost Microsoft 365 access", "steps": [
                ("Looked at the device in Intune", "", "Compliance: Not evaluated", "info"),
                ("Re-added the OU to the AAD Connect OU filtering", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new pcs cant open outlook/teams",
            "reason": "error 53000 device not in required device state. these are domain joined not intune. dsregcmd "
                      "says AzureAdJoined NO",
            "steps": [("turned on bitlocker on one of them", "manage-bde -on C:", "", "didnt_work")],
        },
    },
    {
        "id": "ca-country-block-travel", "group": "ca-blocked", "domain": "security", "split": "dev",
        "resolution": "The travelling user was blocked by the 'block outside home country' policy (53003). Added them "
                      "to the travel exclusion group for the trip.",
        "fix": ("Added the user to the travel exclusion group for the trip",
                "New-MgGroupMember -GroupId $travelGroupId -DirectoryObjectId $userId"),
        "history": [
            {"summary": "User abroad can't sign in to Outlook", "steps": [
                ("Checked the sign-in logs", "",
                 "53003: Access has been blocked by Conditional Access policies.\nPolicy: Block non-US\nLocation: MX",
                 "info"),
                ("Added the user to the travel exception group",
                 "New-MgGroupMember -GroupId $travelGroupId -DirectoryObjectId $userId", "", "worked"),
            ]},
            {"summary": "Sales rep at a conference in Canada blocked from email", "steps": [
                ("Excluded him from the geo policy through the travel group until he's back", "", "", "worked"),
            ]},
            {"summary": "'You cannot access this right now' while travelling", "steps": [
                ("Reset the password", "", "", "didnt_work"),
                ("Temporarily excluded the user from the geo-blocking policy", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant login to email 'you cannot access this right now'",
            "reason": "user is on vacation in portugal and needs email for a client thing. error code 53003",
            "steps": [],
        },
    },
    {
        "id": "ca-approved-app-native-mail", "group": "ca-blocked", "domain": "security", "split": "held_out",
        "resolution": "The mobile policy requires an app-protection client (53005) and the user was using the built-in "
                      "iOS Mail app. Set them up in Outlook for iOS.",
        "fix": ("Set the user up in Outlook for iOS instead of the built-in Mail app", ""),
        "history": [
            {"summary": "iPhone mail app can't connect to work email", "steps": [
                ("Checked the sign-in logs", "",
                 "53005: Application needs to enforce Intune protection policies.\nApplication: iOS Accounts", "info"),
                ("Installed Outlook mobile and added the account", "", "", "worked"),
            ]},
            {"summary": "Can't add work account to Samsung Email", "steps": [
                ("Moved the user to the Outlook app, which the policy allows", "", "", "worked"),
            ]},
            {"summary": "Phone email stopped after the new CA policy went live", "steps": [
                ("Removed and re-added the account in iOS Mail", "", "", "didnt_work"),
                ("Installed Outlook for iOS and signed in there", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "users phone email not working",
            "reason": "hes using the apple mail app. says 'you cant get there from here'. sign-in log says 53005 "
                      "something about intune protection policies",
            "steps": [("deleted and readded the account on the phone", "", "", "didnt_work")],
        },
    },
    # ---------------------------------------------------------------- outlook-password-prompt
    {
        "id": "ol-prompt-cached-credentials", "group": "outlook-password-prompt", "domain": "m365",
        "split": "held_out",
        "resolution": "Stale cached credentials after the password change: Outlook kept replaying the old password. "
                      "Removed the MicrosoftOffice16 entries from Credential Manager.",
        "fix": ("Cleared the cached Office credentials in Credential Manager",
                'cmdkey /delete:"MicrosoftOffice16_Data:SSPI:user@example.com"'),
        "history": [
            {"summary": "Outlook keeps asking for the password after a password change", "steps": [
                ("Re-entered the new password in the prompt", "", "", "didnt_work"),
                ("Deleted the MicrosoftOffice16 credentials",
                 'cmdkey /delete:"MicrosoftOffice16_Data:SSPI:user@example.com"',
                 "CMDKEY: Credential deleted successfully.", "worked"),
            ]},
            {"summary": "Password prompt loops in Outlook since the reset", "steps": [
                ("Listed stored credentials", "cmdkey /list",
                 "Target: LegacyGeneric:target=MicrosoftOffice16_Data:SSPI:user@example.com\nType: Generic", "info"),
                ("Removed the stored Office credentials", "", "", "worked"),
            ]},
            {"summary": "Outlook credential box won't go away after changing password", "steps": [
                ("Removed the Office entries in Windows Credential Manager and restarted Outlook", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "ol asking for password nonstop",
            "reason": "he changed his pw friday. teams is fine. outlook prompts, he types the new pw, it comes back",
            "steps": [],
        },
    },
    {
        "id": "ol-prompt-wam-broker-plugin", "group": "outlook-password-prompt", "domain": "m365", "split": "dev",
        "resolution": "The AAD Broker plugin (WAM) was broken, so Office apps could not get a token and showed a blank "
                      "sign-in window / error 1001. Re-registered the BrokerPlugin package.",
        "fix": ("Re-registered the Microsoft.AAD.BrokerPlugin package",
                'Add-AppxPackage -Register "$env:windir\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\'
                'Appxmanifest.xml" -DisableDevelopmentMode -ForceApplicationShutdown'),
        "history": [
            {"summary": "Outlook sign-in window blank and keeps prompting", "steps": [
                ("Checked the AAD operational log", "",
                 "Event 1098: Error: 0xCAA5001C Token broker operation failed", "info"),
                ("Re-registered the BrokerPlugin",
                 'Add-AppxPackage -Register "$env:windir\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\'
                 'Appxmanifest.xml" -DisableDevelopmentMode -ForceApplicationShutdown', "", "worked"),
            ]},
            {"summary": "All Office apps prompting, sign-in window is white", "steps": [
                ("Cleared Credential Manager", "", "", "didnt_work"),
                ("Re-registered AAD.BrokerPlugin with Add-AppxPackage", "", "", "worked"),
            ]},
            {"summary": "'Something went wrong [1001]' signing in to Outlook", "steps": [
                ("Repaired Office (quick repair)", "", "", "didnt_work"),
                ("Re-registered the WAM broker plugin for the user", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "outlook/teams/onedrive all want sign in, window is blank white",
            "reason": "when it shows anything its 'something went wrong 1001'. user did NOT change his pw",
            "steps": [
                ("removed the office creds from credential manager",
                 'cmdkey /delete:"MicrosoftOffice16_Data:SSPI:user@example.com"',
                 "CMDKEY: Credential deleted successfully.", "didnt_work"),
            ],
        },
    },
    {
        "id": "ol-prompt-enableadal-zero", "group": "outlook-password-prompt", "domain": "m365",
        "split": "held_out",
        "resolution": "A leftover EnableADAL=0 registry value forced Outlook onto basic auth, which Exchange Online "
                      "rejects, so it looped on the old grey password box. Deleted the value.",
        "fix": ("Removed the EnableADAL=0 registry value so Outlook uses modern auth",
                'reg delete "HKCU\\Software\\Microsoft\\Office\\16.0\\Common\\Identity" /v EnableADAL /f'),
        "history": [
            {"summary": "Outlook shows the old-style password box that never accepts", "steps": [
                ("Checked the Identity key", 'reg query "HKCU\\Software\\Microsoft\\Office\\16.0\\Common\\Identity"',
                 "EnableADAL    REG_DWORD    0x0", "info"),
                ("Deleted the value",
                 'reg delete "HKCU\\Software\\Microsoft\\Office\\16.0\\Common\\Identity" /v EnableADAL /f',
                 "The operation completed successfully.", "worked"),
            ]},
            {"summary": "Windows Security password prompt loop in Outlook", "steps": [
                ("Cleared the cached credentials", "", "", "didnt_work"),
                ("Removed EnableADAL 0 from the Office Identity key", "", "", "worked"),
            ]},
            {"summary": "One PC's Outlook won't authenticate since the Exchange migration", "steps": [
                ("Removed the old migration registry setting that disabled modern auth", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "outlook asks for pw in the old gray windows security box",
            "reason": "not the normal microsoft sign in page. pw is right, works in owa. this pc is from the old "
                      "exchange 2010 days",
            "steps": [("cleared cred manager", "cmdkey /list", "* NONE *", "didnt_work")],
        },
    },
    {
        "id": "ol-prompt-stale-automapped-mailbox", "group": "outlook-password-prompt", "domain": "m365",
        "split": "dev",
        "resolution": "The user's Full Access to a former employee's mailbox was removed but the automapped mailbox "
                      "stayed in the profile, so Outlook prompted for it. Re-granted with AutoMapping off, then "
                      "removed.",
        "fix": ("Removed the stale automapping so the mailbox dropped out of the profile",
                "Add-MailboxPermission -Identity former@example.com -User user@example.com -AccessRights FullAccess "
                "-AutoMapping $false; Remove-MailboxPermission -Identity former@example.com -User user@example.com "
                "-AccessRights FullAccess"),
        "history": [
            {"summary": "Outlook password prompt for a mailbox that isn't hers", "steps": [
                ("Read the address in the prompt", "", "Enter password for former.staff@example.com", "info"),
                ("Re-added the permission with automapping off and removed it again",
                 "Add-MailboxPermission -Identity former@example.com -User user@example.com -AccessRights "
                 "FullAccess -AutoMapping $false", "", "worked"),
            ]},
            {"summary": "Credential prompt in Outlook after access to an ex-employee's mailbox was pulled", "steps": [
                ("Checked the mailbox permissions", "Get-MailboxPermission former@example.com",
                 "(no entry for user@example.com)", "info"),
                ("Cleared the automapping (msExchDelegateListLink) so Outlook stopped opening it", "", "", "worked"),
            ]},
            {"summary": "Outlook keeps asking for credentials for someone else's account", "steps": [
                ("Created a new Outlook profile", "", "", "didnt_work"),
                ("Removed the leftover automapped mailbox via PowerShell", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "outlook keeps popping a password box",
            "reason": "the box has someone elses email in it, the guy who left in march. her own mailbox works fine "
                      "and sends/receives",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- scan-to-email
    {
        "id": "scan-email-smtp-auth-disabled", "group": "scan-to-email", "domain": "hardware", "split": "dev",
        "resolution": "SMTP AUTH client submission was disabled for the scanner mailbox (535 5.7.139 "
                      "SmtpClientAuthentication is disabled). Enabled authenticated SMTP for that one mailbox.",
        "fix": ("Enabled authenticated SMTP on the scanner mailbox",
                "Set-CASMailbox -Identity scanner@example.com -SmtpClientAuthenticationDisabled $false"),
        "history": [
            {"summary": "Scanner-to-email fails on the copier", "steps": [
                ("Checked the copier's SMTP log", "",
                 "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox",
                 "info"),
                ("Turned on SMTP AUTH for the scanner mailbox",
                 "Set-CASMailbox -Identity scanner@example.com -SmtpClientAuthenticationDisabled $false", "",
                 "worked"),
            ]},
            {"summary": "Copier can't send scans to email anymore", "steps": [
                ("Re-entered the copier's email password", "", "", "didnt_work"),
                ("Checked the mailbox", "Get-CASMailbox scanner@example.com | fl SmtpClientAuthenticationDisabled",
                 "SmtpClientAuthenticationDisabled : True", "info"),
                ("Allowed authenticated SMTP submission for the scanner account", "", "", "worked"),
            ]},
            {"summary": "Scan to email from the Ricoh gives an authentication error", "steps": [
                ("Enabled Authenticated SMTP for scanner@ in the M365 admin center (Mail > Manage email apps)", "",
                 "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "scan to email broken on the big copier",
            "reason": "it was working last month. error on the copier job log: 535 5.7.139 ... "
                      "SmtpClientAuthentication "
                      "is disabled. the scanner acct has no mfa, its excluded",
            "steps": [
                ("reset scanner@ pw and re-typed it on the copier", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "scan-email-tls10-firmware", "group": "scan-to-email", "domain": "hardware", "split": "held_out",
        "resolution": "The copier only spoke TLS 1.0 and Exchange Online rejected it (421 4.7.66). Updated the "
                      "copier firmware so it negotiates TLS 1.2.",
        "fix": ("Updated the copier firmware and enabled TLS 1.2 for SMTP", ""),
        "history": [
            {"summary": "Scan to email fails with a TLS error on the old copier", "steps": [
                ("Read the copier's send log", "",
                 "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.",
                 "info"),
                ("Flashed the latest firmware and ticked TLS 1.2 in the SMTP security settings", "", "", "worked"),
            ]},
            {"summary": "Multifunction printer stopped emailing scans, credentials are right", "steps": [
                ("Tested the account with the SMTP AUTH test in PowerShell", "", "250 2.6.0 Queued mail for delivery",
                 "info"),
                ("Updated the MFP firmware so it supports TLS 1.2", "", "", "worked"),
            ]},
            {"summary": "Old Sharp MFP can't send to Office 365 SMTP", "steps": [
                ("Tried port 25 instead of 587", "", "", "didnt_work"),
                ("Applied the firmware update that adds TLS 1.2", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "old sharp copier scan to email not working",
            "reason": "job log says 421 4.7.66. the account and pw work fine from my laptop w/ Send-MailMessage",
            "steps": [
                ("rebooted the copier", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "scan-email-security-defaults", "group": "scan-to-email", "domain": "hardware", "split": "dev",
        "resolution": "Security defaults were switched on for the tenant and block SMTP AUTH, so the copier's login "
                      "failed (535 5.7.139 ... security defaults policy). Moved the copier to a connector relay.",
        "fix": ("Moved the copier from SMTP AUTH to relay through an inbound connector for the office IP",
                'New-InboundConnector -Name "Copier relay" -ConnectorType OnPremises '
                "-SenderIPAddresses 203.0.113.42 -RequireTls $true"),
        "history": [
            {"summary": "Copier scan to email stopped the day security defaults were turned on", "steps": [
                ("Read the copier log", "",
                 "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults "
                 "policy.", "info"),
                ("Created a connector for the office IP and pointed the copier at the MX endpoint on 25",
                 'New-InboundConnector -Name "Copier relay" -ConnectorType OnPremises '
                 "-SenderIPAddresses 203.0.113.42 -RequireTls $true", "", "worked"),
            ]},
            {"summary": "MFP authentication failure sending scans, account not locked", "steps": [
                ("Checked the sign-in log for the scanner account", "",
                 "Client app: Authenticated SMTP  Status: Failure  Blocked by security defaults", "info"),
                ("Set up SMTP relay with a connector so the copier no longer logs in", "", "", "worked"),
            ]},
            {"summary": "Scan to email auth error after tenant security hardening", "steps": [
                ("Enabled SMTP AUTH on the mailbox", "", "", "didnt_work"),
                ("Switched the copier to relay via an on-prem type connector by IP", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "scans not emailing since tuesday",
            "reason": "copier says authentication error. 535 5.7.139 and something about security defaults. we turned "
                      "on security defaults tuesday for the cyber insurance form",
            "steps": [
                ("enabled smtp auth for scanner@",
                 "Set-CASMailbox -Identity scanner@example.com -SmtpClientAuthenticationDisabled $false", "",
                 "didnt_work"),
            ],
        },
    },
    {
        "id": "scan-email-relay-ip-changed", "group": "scan-to-email", "domain": "hardware", "split": "held_out",
        "resolution": "The copier relayed through an inbound connector trusted by the office's public IP; the ISP "
                      "changed it, so Exchange Online refused relay (550 5.7.64). Updated the connector's IP.",
        "fix": ("Updated the relay connector with the office's new public IP",
                'Set-InboundConnector -Identity "Copier relay" -SenderIPAddresses 198.51.100.17'),
        "history": [
            {"summary": "Copier scan to email stopped after the internet upgrade", "steps": [
                ("Read the copier log", "", "550 5.7.64 TenantAttribution; Relay Access Denied", "info"),
                ("Updated the connector's sender IP",
                 'Set-InboundConnector -Identity "Copier relay" -SenderIPAddresses 198.51.100.17', "", "worked"),
            ]},
            {"summary": "Scans to external addresses bounce with relay access denied", "steps": [
                ("Checked the connector", 'Get-InboundConnector "Copier relay" | fl SenderIPAddresses',
                 "SenderIPAddresses : {203.0.113.42}", "info"),
                ("Replaced the old public IP with the new one", "", "", "worked"),
            ]},
            {"summary": "MFP relay to Exchange Online refused", "steps": [
                ("Re-entered the copier's SMTP server (example-com.mail.protection.outlook.com)", "", "",
                 "didnt_work"),
                ("Put the new WAN IP on the relay connector", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "scan to email fails for outside addresses",
            "reason": "internal ones seem ok?? copier log says 550 5.7.64 TenantAttribution. nothing changed on the "
                      "copier. isp moved us to fiber last week",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- scan-to-folder
    {
        "id": "scan-folder-smb1-only", "group": "scan-to-folder", "domain": "hardware", "split": "held_out",
        "resolution": "The copier only spoke SMB1 and the new file server has SMB1 removed (SMBServer audit event "
                      "3000). Updated the copier firmware and set its SMB client to SMB 2/3.",
        "fix": ("Updated the copier firmware and switched its SMB client to SMB 2/3", ""),
        "history": [
            {"summary": "Scan to folder fails since the file server was replaced", "steps": [
                ("Turned on SMB1 access auditing", "Set-SmbServerConfiguration -AuditSmb1Access $true -Force", "",
                 "info"),
                ("Read the audit log", "",
                 "Event 3000 SMBServer/Audit: SMB1 access. Client Address: 192.168.1.45", "info"),
                ("Updated the copier firmware and set SMB to version 2/3 in its network settings", "", "", "worked"),
            ]},
            {"summary": "Copier can't save scans to the shared folder on the new Windows 11 PC", "steps": [
                ("Checked the share permissions", "", "", "didnt_work"),
                ("Enabled SMB2/3 on the copier after a firmware update; it was SMB1 only", "", "", "worked"),
            ]},
            {"summary": "Scan to SMB: 'Connection to the PC failed' after server upgrade", "steps": [
                ("Checked SMB1 on the server", "Get-WindowsOptionalFeature -Online -FeatureName SMB1Protocol",
                 "State : Disabled", "info"),
                ("Upgraded the MFP firmware to one that supports SMB 2.0+", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "scanning to the scans share broke",
            "reason": "happened right after we migrated to FS02 (server 2022). copier says connection to pc failed. "
                      "same user/pw works from a pc",
            "steps": [
                ("checked share + ntfs perms for svc-scan, it has full control", "", "", "info"),
            ],
        },
    },
    {
        "id": "scan-folder-password-expired", "group": "scan-to-folder", "domain": "hardware", "split": "dev",
        "resolution": "The domain account the copier uses for scan-to-folder had its password expire (4625, "
                      "0xC0000071). Reset it and set it to never expire.",
        "fix": ("Reset the scan account's password and set it to never expire",
                "Set-ADAccountPassword svc-scan -Reset; Set-ADUser svc-scan -PasswordNeverExpires $true"),
        "history": [
            {"summary": "Scan to folder fails with an authentication error", "steps": [
                ("Checked failed logons on the DC", "",
                 "Event 4625: Account Name: svc-scan  Status: 0xC000006E  Sub Status: 0xC0000071", "info"),
                ("Reset the password, set it to never expire, re-entered it on the copier",
                 "Set-ADAccountPassword svc-scan -Reset; Set-ADUser svc-scan -PasswordNeverExpires $true", "",
                 "worked"),
            ]},
            {"summary": "Copier can't log on to the scans share any more", "steps": [
                ("Checked the account", "Get-ADUser svc-scan -Properties PasswordExpired | select PasswordExpired",
                 "PasswordExpired : True", "info"),
                ("Gave svc-scan a new password with no expiry and updated the address book", "", "", "worked"),
            ]},
            {"summary": "Scans to network folder stopped for all users", "steps": [
                ("Rebooted the copier", "", "", "didnt_work"),
                ("The scanning account's password had expired; reset it and set never expires", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "nobody can scan to folder",
            "reason": "copier says login failed/authentication error on every scan. worked fine for 3 months. dc shows "
                      "4625 for svc-scan with sub status 0xC0000071",
            "steps": [("rebooted the copier", "", "", "didnt_work")],
        },
    },
    {
        "id": "scan-folder-smb-signing-required", "group": "scan-to-folder", "domain": "hardware",
        "split": "held_out",
        "resolution": "Windows 11 24H2 requires SMB signing by default and the copier didn't sign, so scan-to-folder "
                      "to that PC failed. Enabled SMB signing in the copier's SMB client settings.",
        "fix": ("Enabled SMB signing in the copier's SMB client settings", ""),
        "history": [
            {"summary": "Scan to folder on the reception PC stopped after the 24H2 update", "steps": [
                ("Checked the PC's SMB server config", "Get-SmbServerConfiguration | fl RequireSecuritySignature",
                 "RequireSecuritySignature : True", "info"),
                ("Turned on SMB signing in the copier's network > SMB settings", "", "", "worked"),
            ]},
            {"summary": "Copier can't write scans to a Windows 11 share, fine to the old PC", "steps": [
                ("Confirmed the copier already uses SMB 3.0", "", "", "info"),
                ("Enabled 'SMB signing: required' on the copier", "", "", "worked"),
            ]},
            {"summary": "Scan to SMB fails after the PC upgraded to 24H2", "steps": [
                ("Re-created the share", "", "", "didnt_work"),
                ("Set the MFP to sign SMB traffic", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "scan to folder on front desk pc not working",
            "reason": "pc did the 24H2 feature update last night. copier already does smb 3 (we updated firmware last "
                      "year for smb1). creds are fine, they work from another pc",
            "steps": [
                ("recreated the scans share and reset perms", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "scan-folder-destination-renamed", "group": "scan-to-folder", "domain": "hardware", "split": "dev",
        "resolution": "The user's PC was replaced and renamed, but the copier's address book still pointed at "
                      "\\\\OLDPC\\Scans. Updated the address-book destinations to the new host.",
        "fix": ("Updated the copier's address-book scan paths to the new PC name", ""),
        "history": [
            {"summary": "Scan to my PC stopped working after I got a new computer", "steps": [
                ("Looked at the destination in the copier's address book", "", "Path: \\\\ACCT-PC04\\Scans", "info"),
                ("Changed the destination to the new PC's name and share", "", "", "worked"),
            ]},
            {"summary": "Copier says path not found for two staff members", "steps": [
                ("Checked the names", "nslookup ACCT-PC04", "*** can't find ACCT-PC04: Non-existent domain", "info"),
                ("Edited the address book entries to point at the replacement PCs", "", "", "worked"),
            ]},
            {"summary": "Scan to folder fails for the users who got new laptops", "steps": [
                ("Re-shared the Scans folder", "", "", "didnt_work"),
                ("Updated the SMB destinations on the copier to the new host names", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "scan to folder fails for jen only",
            "reason": "everyone else can scan to their pc. jen got her new laptop thursday, we made the scans share "
                      "on it same as before",
            "steps": [
                ("set svc-scan password to never expire and re-entered it on copier", "", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- mapped-drives
    {
        "id": "drives-red-x-network-not-ready", "group": "mapped-drives", "domain": "systems", "split": "dev",
        "resolution": "Fast logon optimisation let users log on before the network was up, so the drive-map GPO "
                      "failed and drives showed a red X. Enabled 'Always wait for the network at startup and logon'.",
        "fix": ("Enabled 'Always wait for the network at computer startup and logon' in the GPO",
                'Set-GPRegistryValue -Name "Workstation Settings" -Key "HKLM\\Software\\Policies\\Microsoft\\'
                'Windows NT\\CurrentVersion\\Winlogon" -ValueName SyncForegroundPolicy -Type DWord -Value 1'),
        "history": [
            {"summary": "Mapped drives show red X at logon, open when double-clicked", "steps": [
                ("Checked the group policy operational log", "",
                 "Event 4098: The user 'S:' preference item ... failed with error code '0x80070035 The network path "
                 "was not found.'", "info"),
                ("Enabled 'Always wait for the network' in the workstation GPO",
                 'Set-GPRegistryValue -Name "Workstation Settings" -Key "HKLM\\Software\\Policies\\Microsoft\\'
                 'Windows NT\\CurrentVersion\\Winlogon" -ValueName SyncForegroundPolicy -Type DWord -Value 1', "",
                 "worked"),
            ]},
            {"summary": "'Could not reconnect all network drives' every morning", "steps": [
                ("Re-mapped the drives by hand", "", "", "dead_end"),
                ("Turned on 'Always wait for the network at computer startup and logon'", "", "", "worked"),
            ]},
            {"summary": "Drive mappings missing on Wi-Fi laptops until gpupdate", "steps": [
                ("Ran gpupdate after logon, drives appeared", "gpupdate /force", "", "info"),
                ("Set the policy to wait for the network at logon", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "drives have red x in the morning",
            "reason": "if they click it it opens. gpresult shows the drive map gpo applied. mostly the laptops "
                      "on wifi. "
                      "event 4098 0x80070035 network path not found",
            "steps": [("remapped S: manually", "net use S: \\\\fs01\\shared /persistent:yes",
                       "The command completed successfully.", "dead_end")],
        },
    },
    {
        "id": "drives-gpp-create-action", "group": "mapped-drives", "domain": "systems", "split": "held_out",
        "resolution": "The drive-map preference used the 'Create' action, which never changes an existing mapping, so "
                      "after the share moved users kept S: on the old server. Changed the action to 'Replace'.",
        "fix": ("Changed the drive map preference action from Create to Replace", ""),
        "history": [
            {"summary": "S: drive still points at the old server after the migration", "steps": [
                ("Checked the mapping on a PC", "net use",
                 "OK           S:        \\\\OLDFS\\Shared          Microsoft Windows Network", "info"),
                ("Changed the GPP drive map item from Create to Replace", "", "", "worked"),
            ]},
            {"summary": "Mapped drive goes to the wrong share for existing users, new users fine", "steps": [
                ("gpupdate /force", "gpupdate /force", "Computer Policy update has completed successfully.",
                 "didnt_work"),
                ("Set the drive mapping action to Replace so it rewrites the old path", "", "", "worked"),
            ]},
            {"summary": "Drive letter won't update to the new file server path", "steps": [
                ("Found the preference item was Action: Create", "", "", "info"),
                ("Switched it to Replace and had users log off and on", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "S drive still opening the old server",
            "reason": "we moved the share to FS02 and edited the gpo path. new hires get the right one. older users "
                      "still land on OLDFS. net use shows \\\\OLDFS\\Shared",
            "steps": [
                ("gpupdate /force + reboot", "gpupdate /force", "User Policy update has completed successfully.",
                 "didnt_work"),
            ],
        },
    },
    {
        "id": "drives-uac-enablelinkedconnections", "group": "mapped-drives", "domain": "systems", "split": "dev",
        "resolution": "With UAC, elevated processes run with a separate token that doesn't see the user's mapped "
                      "drives, so the installer couldn't find S:. Set EnableLinkedConnections=1.",
        "fix": ("Set EnableLinkedConnections so elevated apps see the mapped drives",
                "reg add HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System "
                "/v EnableLinkedConnections /t REG_DWORD /d 1 /f"),
        "history": [
            {"summary": "Mapped drive missing when running the app as administrator", "steps": [
                ("Ran 'net use' from an elevated prompt", "net use", "There are no entries in the list.", "info"),
                ("Added EnableLinkedConnections and rebooted",
                 "reg add HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System "
                 "/v EnableLinkedConnections /t REG_DWORD /d 1 /f", "The operation completed successfully.",
                 "worked"),
            ]},
            {"summary": "Software update can't find the S: drive, path not found", "steps": [
                ("Confirmed S: works in Explorer", "", "", "info"),
                ("Set EnableLinkedConnections=1 so the elevated token shares drive mappings", "", "", "worked"),
            ]},
            {"summary": "Drive letters not visible in the elevated command prompt", "steps": [
                ("Re-mapped the drive as admin", "", "", "dead_end"),
                ("Enabled linked connections in the registry", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "dental imaging update cant see the X: drive",
            "reason": "x: is there in explorer. when the updater runs (it asks for admin) it says X:\\ not found. "
                      "drive map is fine at logon, no red x",
            "steps": [
                ("remapped X: as the user", "net use X: \\\\fs01\\imaging /persistent:yes",
                 "The command completed successfully.", "didnt_work"),
            ],
        },
    },
    {
        "id": "drives-1219-multiple-credentials", "group": "mapped-drives", "domain": "systems", "split": "held_out",
        "resolution": "The user had one connection to the NAS by name with saved credentials and another by IP with "
                      "different ones, so mapping failed with error 1219. Removed all connections, remapped once.",
        "fix": ("Deleted the existing connections to the NAS and remapped with one set of credentials",
                "net use * /delete /y && net use Z: \\\\nas01\\share /user:NAS01\\jsmith /persistent:yes"),
        "history": [
            {"summary": "Can't map the NAS drive, multiple connections error", "steps": [
                ("Tried to map it", "net use Z: \\\\nas01\\share",
                 "System error 1219 has occurred.\nMultiple connections to a server or shared resource by the "
                 "same user, "
                 "using more than one user name, are not allowed.", "info"),
                ("Removed all connections and mapped once",
                 "net use * /delete /y && net use Z: \\\\nas01\\share /user:NAS01\\jsmith /persistent:yes",
                 "The command completed successfully.", "worked"),
            ]},
            {"summary": "Z: drive won't reconnect to the Synology, error 1219", "steps": [
                ("Listed connections", "net use",
                 "Unavailable  Z:  \\\\nas01\\share\nOK               \\\\192.168.1.20\\IPC$", "info"),
                ("Deleted the IPC$ connection and the old mapping, remapped with the NAS user", "", "", "worked"),
            ]},
            {"summary": "Second share on the NAS won't map with different login", "steps": [
                ("Cleared the connections with net use * /delete and mapped both shares with the same account", "",
                 "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "nas drive wont map",
            "reason": "user needs Z: for the synology. getting error 1219 when mapping. she also opens photos on it "
                      "by ip from a shortcut",
            "steps": [
                ("removed the nas creds in credential manager", "", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- file-share-slow
    {
        "id": "share-slow-lso-nic-driver", "group": "file-share-slow", "domain": "network", "split": "held_out",
        "resolution": "The cumulative update re-enabled Large Send Offload on a NIC with an old driver, and SMB "
                      "transfers crawled. Updated the NIC driver and disabled LSO.",
        "fix": ("Updated the NIC driver and disabled Large Send Offload",
                'Disable-NetAdapterLso -Name "Ethernet0" -IPv4 -IPv6'),
        "history": [
            {"summary": "File share slow since Patch Tuesday", "steps": [
                ("Checked disk latency on the file server", "", "Avg. Disk sec/Read 0.004", "info"),
                ("Looked at the adapter offloads", 'Get-NetAdapterLso -Name "Ethernet0"',
                 "Name       Version  V1IPv4Enabled  IPv4Enabled  IPv6Enabled\nEthernet0  ...      True           True "
                 "        True", "info"),
                ("Updated the driver and turned LSO off", 'Disable-NetAdapterLso -Name "Ethernet0" -IPv4 -IPv6', "",
                 "worked"),
            ]},
            {"summary": "Copying files from the server crawls after updates", "steps": [
                ("Checked SMB signing settings", "", "", "didnt_work"),
                ("Disabled Large Send Offload v2 in the NIC's advanced properties and updated the Intel driver", "",
                 "", "worked"),
            ]},
            {"summary": "Mapped drives very slow after the monthly patches, server only", "steps": [
                ("Measured a copy", "robocopy \\\\fs01\\test C:\\temp big.iso", "Speed : 3.112 MegaBytes/min.",
                 "info"),
                ("Turned off LSO on the server NIC", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "shared drive super slow today",
            "reason": "opening excel files off S: takes a minute, copying a 1gb file says 2 hours. server got patched "
                      "sunday night. cpu/disk on the server look idle",
            "steps": [],
        },
    },
    {
        "id": "share-slow-duplex-mismatch", "group": "file-share-slow", "domain": "network", "split": "dev",
        "resolution": "The switch port for the file server was hard-set to 100/full while the NIC auto-negotiated to "
                      "half duplex, causing late collisions. Set both to auto-negotiate.",
        "fix": ("Set the switch port back to auto speed/duplex to match the server NIC",
                "interface gi1/0/12 / speed auto / duplex auto"),
        "history": [
            {"summary": "File server transfers slow and erratic for everyone", "steps": [
                ("Checked link speed", "Get-NetAdapter | select Name, LinkSpeed, FullDuplex",
                 "Ethernet0  100 Mbps  False", "info"),
                ("Checked the switch port", "show interfaces gi1/0/12",
                 "Full-duplex, 100Mb/s\n  3421 late collision, 0 deferred", "info"),
                ("Set the port to auto/auto", "interface gi1/0/12 / speed auto / duplex auto", "", "worked"),
            ]},
            {"summary": "Network share slow after the switch was swapped", "steps": [
                ("Updated the NIC driver", "", "", "didnt_work"),
                ("Removed the forced 100/full on the switch port so both sides negotiate", "", "", "worked"),
            ]},
            {"summary": "Server copies stall, CRC errors on the switch", "steps": [
                ("Saw CRC and late collisions on the server port", "show interface counters errors",
                 "Gi1/0/12  Align-Err 0  FCS-Err 8812  Late-Col 3421", "info"),
                ("Fixed the duplex mismatch by setting auto negotiation on both ends", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "file server slow since the new switch went in",
            "reason": "everyone says S: drive is sluggish. task manager on the server shows the nic at 100 mbps?? "
                      "patches are current",
            "steps": [
                ("disabled large send offload on the server nic", 'Disable-NetAdapterLso -Name "Ethernet0" -IPv4 -IPv6',
                 "", "didnt_work"),
            ],
        },
    },
    {
        "id": "share-slow-dfs-wrong-site", "group": "file-share-slow", "domain": "network", "split": "held_out",
        "resolution": "The new office subnet wasn't in AD Sites and Services, so DFS gave HQ clients a referral to "
                      "the branch file server across the WAN. Added the subnet to the HQ site.",
        "fix": ("Added the missing subnet to the HQ site in AD Sites and Services",
                'New-ADReplicationSubnet -Name "10.20.30.0/24" -Site "HQ"'),
        "history": [
            {"summary": "DFS shares slow for the new floor only", "steps": [
                ("Checked the active DFS target", "dfsutil /pktinfo",
                 "\\\\corp.example.com\\files\\shared\n  [1] \\\\BR-FS01\\shared  ACTIVE TARGETSET", "info"),
                ("Checked the site", "nltest /dsgetsite", "Default-First-Site-Name", "info"),
                ("Added the floor's subnet to the HQ site", 'New-ADReplicationSubnet -Name "10.20.30.0/24" -Site "HQ"',
                 "", "worked"),
            ]},
            {"summary": "HQ users opening files from the branch server over the VPN", "steps": [
                ("Cleared the DFS referral cache", "dfsutil cache referral flush", "", "didnt_work"),
                ("Created the subnet object for the new VLAN and tied it to the HQ site", "", "", "worked"),
            ]},
            {"summary": "Namespace share slow on the new VLAN", "steps": [
                ("Saw clients referred to the remote target in the DFS tab of the folder properties", "", "", "info"),
                ("Defined the VLAN subnet in Sites and Services", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "S drive slow for the 3rd floor people",
            "reason": "only the ppl on the new vlan we added last month. the DFS tab on the folder says the active "
                      "target is BR-FS01 (thats the branch office)",
            "steps": [
                ("flushed dfs cache", "dfsutil cache referral flush", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "share-slow-raid-degraded", "group": "file-share-slow", "domain": "hardware", "split": "dev",
        "resolution": "A disk in the file server's RAID 5 had failed and the array ran degraded with huge read "
                      "latency. Replaced the failed drive and let the rebuild finish.",
        "fix": ("Replaced the failed drive in the RAID 5 array and let it rebuild",
                "perccli /c0/e32/s3 show rebuild"),
        "history": [
            {"summary": "Everything on the file server is slow, opening folders takes ages", "steps": [
                ("Checked disk latency", "Get-Counter '\\PhysicalDisk(*)\\Avg. Disk sec/Read'",
                 "\\\\fs01\\physicaldisk(0 d:)\\avg. disk sec/read : 0.412", "info"),
                ("iDRAC showed Physical Disk 0:1:3 failed, virtual disk degraded", "", "", "info"),
                ("Hot-swapped the failed drive and let the rebuild complete", "perccli /c0/e32/s3 show rebuild",
                 "Progress% 100  Status Not in progress", "worked"),
            ]},
            {"summary": "Shared drive sluggish for a week, server beeping", "steps": [
                ("Rebooted the server", "", "", "didnt_work"),
                ("Replaced the dead disk in the array", "", "", "worked"),
            ]},
            {"summary": "File server slow, event 'virtual disk degraded'", "steps": [
                ("Read the System log", "", "Event 129: Reset to device, \\Device\\RaidPort0, was issued.", "info"),
                ("Swapped the failed drive, array rebuilt to optimal", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "server slow, users complaining about S drive",
            "reason": "slow for everybody incl. on the server console. disk latency in resource monitor is like 400ms. "
                      "there is an amber light on the front of the server",
            "steps": [
                ("checked nic speed, its 1gbps full", "Get-NetAdapter | select Name, LinkSpeed",
                 "Ethernet0  1 Gbps", "info"),
            ],
        },
    },
    # ---------------------------------------------------------------- vss-backup
    {
        "id": "vss-shadow-storage-too-small", "group": "vss-backup", "domain": "systems", "split": "dev",
        "resolution": "Shadow storage on D: was capped at 320 MB so the snapshot couldn't be created "
                      "(0x8004231f). Resized shadow storage.",
        "fix": ("Resized the shadow storage for the data volume",
                "vssadmin resize shadowstorage /for=D: /on=D: /maxsize=15%"),
        "history": [
            {"summary": "Backup job fails with VSS error 0x8004231f", "steps": [
                ("Listed shadow storage", "vssadmin list shadowstorage",
                 "Used Shadow Copy Storage space: 318 MB\nMaximum Shadow Copy Storage space: 320 MB (0%)", "info"),
                ("Raised the limit to 15%", "vssadmin resize shadowstorage /for=D: /on=D: /maxsize=15%",
                 "Successfully resized the shadow copy storage association", "worked"),
            ]},
            {"summary": "Nightly backup fails, insufficient storage for the shadow copy", "steps": [
                ("Re-ran the job", "", "", "didnt_work"),
                ("Increased the shadow copy storage limit on D:", "", "", "worked"),
            ]},
            {"summary": "Veeam agent: snapshot failed, insufficient storage available", "steps": [
                ("Checked free space on D: (400 GB free)", "", "", "info"),
                ("Raised the shadow storage maximum with vssadmin resize", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "backup failed again on FS01",
            "reason": "error 0x8004231f insufficient storage to create the shadow copy. D has 400gb free so not "
                      "really full??",
            "steps": [
                ("rebooted the server", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "vss-sqlwriter-failed", "group": "vss-backup", "domain": "systems", "split": "held_out",
        "resolution": "The SqlServerWriter was stuck in a failed state (non-retryable error), so application-aware "
                      "backups failed. Restarted the SQL Server VSS Writer service.",
        "fix": ("Restarted the SQL Server VSS Writer service", "Restart-Service SQLWriter"),
        "history": [
            {"summary": "Veeam job fails on the SQL server with a writer error", "steps": [
                ("Listed writers", "vssadmin list writers",
                 "Writer name: 'SqlServerWriter'\n   State: [8] Failed\n   Last error: Non-retryable error", "info"),
                ("Restarted the SQL VSS writer", "Restart-Service SQLWriter", "", "worked"),
            ]},
            {"summary": "Backup of the practice management server fails, VSS writer in failed state", "steps": [
                ("Rebooted the backup proxy", "", "", "didnt_work"),
                ("Restarted 'SQL Server VSS Writer' service; writer back to Stable", "", "", "worked"),
            ]},
            {"summary": "Application-aware processing failed on SQL01", "steps": [
                ("Veeam log", "",
                 "Failed to prepare guest for hot backup. Error: VSSControl: -2147212529 Backup job failed. "
                 "Writer 'SqlServerWriter' is failed at 'VSS_WS_FAILED_AT_PREPARE_SNAPSHOT'", "info"),
                ("Bounced the SQLWriter service", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "backup failed on SQL01 last 2 nights",
            "reason": "veeam says failed to prepare guest for hot backup, something about SqlServerWriter. other vms "
                      "backed up fine",
            "steps": [
                ("rebooted the veeam server", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "vss-stale-provider-veto", "group": "vss-backup", "domain": "systems", "split": "dev",
        "resolution": "A VSS hardware/software provider left behind by a removed backup product vetoed every "
                      "snapshot (0x80042306). Removed the stale provider.",
        "fix": ("Removed the stale third-party VSS provider left by the old backup product",
                "reg delete HKLM\\SYSTEM\\CurrentControlSet\\Services\\VSS\\Providers\\"
                "{3e02620c-e180-44f3-b154-2473646e4cb8} /f"),
        "history": [
            {"summary": "Snapshots fail with provider veto since switching backup vendors", "steps": [
                ("Listed providers", "vssadmin list providers",
                 "Provider name: 'Microsoft Software Shadow Copy provider 1.0'\nProvider name: 'StorageCraft Volume "
                 "Snapshot Provider'", "info"),
                ("Removed the leftover provider's registry key and restarted VSS",
                 "reg delete HKLM\\SYSTEM\\CurrentControlSet\\Services\\VSS\\Providers\\"
                 "{3e02620c-e180-44f3-b154-2473646e4cb8} /f", "The operation completed successfully.", "worked"),
            ]},
            {"summary": "Backup job fails with VSS error 0x80042306", "steps": [
                ("System log", "",
                 "Event 12293: Volume Shadow Copy Service error: Error calling a routine on a Shadow Copy Provider",
                 "info"),
                ("Uninstalled the remnants of the old backup agent and its VSS provider", "", "", "worked"),
            ]},
            {"summary": "Datto agent can't take snapshots, provider vetoed", "steps": [
                ("Restarted the VSS service", "net stop vss && net start vss", "", "didnt_work"),
                ("Deleted the old vendor's VSS provider entry", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new backup agent cant snapshot the server",
            "reason": "0x80042306 every time. we took the server off the old backup vendor last week and put datto on "
                      "it. event 12293 in system log",
            "steps": [("restarted vss", "net stop vss && net start vss", "", "didnt_work")],
        },
    },
    {
        "id": "vss-system-reserved-full", "group": "vss-backup", "domain": "systems", "split": "held_out",
        "resolution": "The 100 MB System Reserved partition had too little free space for its own shadow copy, so "
                      "bare-metal backups failed (0x80780119). Put its shadow storage on C:.",
        "fix": ("Moved the System Reserved partition's shadow storage onto C:",
                "vssadmin add shadowstorage /for=\\\\?\\Volume{8a1b2c3d-0000-0000-0000-100000000000}\\ /on=C: "
                "/maxsize=2GB"),
        "history": [
            {"summary": "Windows Server Backup fails with 0x80780119", "steps": [
                ("Checked the system reserved volume", "mountvol",
                 "\\\\?\\Volume{8a1b2c3d-0000-0000-0000-100000000000}\\  *** NO MOUNT POINTS ***", "info"),
                ("Added shadow storage for it on C:",
                 "vssadmin add shadowstorage /for=\\\\?\\Volume{8a1b2c3d-0000-0000-0000-100000000000}\\ /on=C: "
                 "/maxsize=2GB", "Successfully added the shadow copy storage association", "worked"),
            ]},
            {"summary": "Bare-metal backup fails: not enough disk space for the shadow copy", "steps": [
                ("Freed space on C:", "", "", "didnt_work"),
                ("Pointed the System Reserved shadow storage at C: with vssadmin add shadowstorage", "", "",
                 "worked"),
            ]},
            {"summary": "Veeam agent system state snapshot fails on the 100MB partition", "steps": [
                ("Checked free space on the hidden partition", "", "Free: 31 MB of 100 MB", "info"),
                ("Allocated its shadow storage on the C: volume", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "windows server backup bare metal failing",
            "reason": "file level backup of D is fine. bare metal/system state fails with 0x80780119 'not enough disk "
                      "space to create the volume shadow copy'. C has 80gb free",
            "steps": [
                ("freed up 20gb on C", "", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- backup-jobs
    {
        "id": "backup-veeam-repo-full", "group": "backup-jobs", "domain": "systems", "split": "held_out",
        "resolution": "The Veeam repository filled up because an orphaned chain from a deleted job was still on "
                      "disk. Deleted the orphaned backups from disk.",
        "fix": ("Deleted the orphaned backup chain from the repository",
                'Get-VBRBackup -Name "OLD-FS01 Backup" | Remove-VBRBackup -FromDisk -Confirm:$false'),
        "history": [
            {"summary": "Veeam job failed: not enough space on the disk", "steps": [
                ("Read the job log", "",
                 "Error: There is not enough space on the disk. Failed to write data to the file "
                 "[E:\\Backups\\FS01\\FS01D2024-03-12T220012.vib].", "info"),
                ("Found an old job's chain under Backups > Disk (Orphaned)", "", "1.9 TB", "info"),
                ("Deleted it from disk",
                 'Get-VBRBackup -Name "OLD-FS01 Backup" | Remove-VBRBackup -FromDisk -Confirm:$false', "", "worked"),
            ]},
            {"summary": "Backup repository out of space, all jobs failing", "steps": [
                ("Ran a manual retention", "", "", "didnt_work"),
                ("Removed orphaned restore points from the deleted job", "", "", "worked"),
            ]},
            {"summary": "Nightly Veeam backup fails, E: drive full", "steps": [
                ("Deleted the backups of the decommissioned server that were still on the repo", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "all veeam jobs red this morning",
            "reason": "error not enough space on the disk writing the .vib. repo E: is 0 bytes free. retention is 14 "
                      "and hasnt changed. we retired OLD-FS01 last quarter",
            "steps": [],
        },
    },
    {
        "id": "backup-veeam-guest-credentials", "group": "backup-jobs", "domain": "systems", "split": "dev",
        "resolution": "The domain admin account used for Veeam guest processing had its password changed, so "
                      "application-aware processing failed with access denied. Updated the stored credentials.",
        "fix": ("Updated the guest processing account's password in Veeam's Credentials Manager",
                'Get-VBRCredentials -Name "CORP\\svc-veeam" | Set-VBRCredentials -Password $newPw'),
        "history": [
            {"summary": "Veeam: failed to connect to guest OS, access denied", "steps": [
                ("Read the job log", "",
                 "Failed to connect to guest OS via RPC. Access is denied. Code: 0x80070005", "info"),
                ("Updated the password in Credentials Manager",
                 'Get-VBRCredentials -Name "CORP\\svc-veeam" | Set-VBRCredentials -Password $newPw', "", "worked"),
            ]},
            {"summary": "Application-aware processing fails on every VM since Friday", "steps": [
                ("Tested credentials from the job's guest processing page", "", "Access is denied", "info"),
                ("Entered the new password for the backup service account in Veeam", "", "", "worked"),
            ]},
            {"summary": "Guest indexing and VSS failing on all jobs", "steps": [
                ("Rebooted the Veeam server", "", "", "didnt_work"),
                ("The service account password had been rotated; updated it in Veeam", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "veeam warnings on every job",
            "reason": "jobs finish with warning, 'failed to connect to guest os via rpc access is denied 0x80070005'. "
                      "security audit made us rotate all the service acct pws thursday",
            "steps": [
                ("checked vssadmin list writers on a vm, all stable", "vssadmin list writers", "State: [1] Stable",
                 "info"),
            ],
        },
    },
    {
        "id": "backup-cloud-connect-port-blocked", "group": "backup-jobs", "domain": "network", "split": "held_out",
        "resolution": "The new firewall blocked outbound TCP 6180, so the offsite backup copy job couldn't reach the "
                      "service provider's Cloud Connect gateway. Allowed 6180 outbound from the Veeam server.",
        "fix": ("Allowed outbound TCP 6180 from the Veeam server to the cloud gateway",
                'config firewall policy / edit 30 / set service "VEEAM-6180"'),
        "history": [
            {"summary": "Offsite backup copy job failing since the firewall swap", "steps": [
                ("Read the job log", "",
                 "Failed to connect to the cloud gateway cc.provider.example.net:6180. No connection could be made "
                 "because the target machine actively refused it", "info"),
                ("Tested the port", "Test-NetConnection cc.provider.example.net -Port 6180",
                 "TcpTestSucceeded : False", "info"),
                ("Allowed 6180 outbound for the Veeam server", 'config firewall policy / edit 30 / set service '
                 '"VEEAM-6180"', "", "worked"),
            ]},
            {"summary": "Cloud Connect backup copy can't reach the provider", "steps": [
                ("Re-entered the tenant credentials", "", "", "didnt_work"),
                ("Opened TCP 6180 outbound on the new firewall", "", "", "worked"),
            ]},
            {"summary": "Veeam offsite copy: gateway unreachable", "steps": [
                ("Added a firewall rule for the Cloud Connect port", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "offsite copy failed 3 days",
            "reason": "local backups are green. the copy to the cloud provider fails 'failed to connect to the cloud "
                      "gateway'. new meraki mx went in saturday",
            "steps": [
                ("updated the provider creds in veeam", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "backup-datto-agent-repair", "group": "backup-jobs", "domain": "systems", "split": "dev",
        "resolution": "The server was rebuilt with the same name, so the Datto agent's identity no longer matched the "
                      "pairing on the appliance and backups failed. Removed and re-paired the agent.",
        "fix": ("Removed the agent from the Datto appliance and re-paired it", ""),
        "history": [
            {"summary": "Datto backups failing after the server was rebuilt", "steps": [
                ("Checked the appliance", "", "Agent is not paired with this device (certificate mismatch)", "info"),
                ("Removed the protected machine from the appliance and paired the agent again", "", "", "worked"),
            ]},
            {"summary": "SIRIS can't talk to the agent on APP01", "steps": [
                ("Restarted the Datto agent services", "Restart-Service DattoBackupAgent", "", "didnt_work"),
                ("Re-paired the agent from the SIRIS UI", "", "", "worked"),
            ]},
            {"summary": "Datto backup errors since reinstalling Windows on the server", "steps": [
                ("Deleted the old pairing and re-added the agent", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "datto says agent error on APP01",
            "reason": "we reinstalled windows on APP01 last week (same name/ip) and reinstalled the datto agent. "
                      "appliance says certificate mismatch",
            "steps": [
                ("restarted the agent service", "Restart-Service DattoBackupAgent", "", "didnt_work"),
                ("rebooted APP01", "", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- wifi-drops
    {
        "id": "wifi-co-channel-interference", "group": "wifi-drops", "domain": "network", "split": "dev",
        "resolution": "A neighbour's access point on the same channel swamped the meeting-room AP. Moved the AP to a "
                      "clear 5 GHz channel and lowered its power.",
        "fix": ("Moved the access point to a clear channel and lowered its transmit power", ""),
        "history": [
            {"summary": "Wi-Fi drops in the meeting room", "steps": [
                ("Scanned the air", "netsh wlan show networks mode=bssid",
                 "SSID 4 : NeighbourCorp\n    Channel : 36\n    Signal : 88%", "info"),
                ("Moved our AP from 36 to 149 and dropped power to medium", "", "", "worked"),
            ]},
            {"summary": "Wireless keeps disconnecting in the conference room", "steps": [
                ("Updated the laptop's wireless driver", "", "", "didnt_work"),
                ("Changed the AP channel to avoid the next-door network", "", "", "worked"),
            ]},
            {"summary": "Laptops lose Wi-Fi in the boardroom during calls", "steps": [
                ("Meraki dashboard RF: channel utilization 87% (non-wifi/other networks)", "", "", "info"),
                ("Set the AP to a manual channel with low utilisation", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "wifi in conf room bad again",
            "reason": "every device in that room, phones too. rest of the office fine. new tenant moved in next door "
                      "last month",
            "steps": [
                ("forgot and rejoined the network on a laptop", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "wifi-intel-ax-driver", "group": "wifi-drops", "domain": "network", "split": "held_out",
        "resolution": "The Intel AX201 driver shipped on the laptops had a firmware reset bug; only those laptops "
                      "dropped. Updated the Intel Wi-Fi driver.",
        "fix": ("Updated the Intel Wi-Fi driver on the affected laptops",
                "pnputil /add-driver Netwtw10.inf /install"),
        "history": [
            {"summary": "Only the new laptops drop Wi-Fi several times an hour", "steps": [
                ("System log", "", "Netwtw10 event 5002: Intel(R) Wi-Fi 6 AX201 160MHz : Has been reset", "info"),
                ("Installed the current Intel driver", "pnputil /add-driver Netwtw10.inf /install",
                 "Driver package added successfully.", "worked"),
            ]},
            {"summary": "Laptops disconnect from Wi-Fi, desktops on Wi-Fi fine", "steps": [
                ("Moved the AP channel", "", "", "didnt_work"),
                ("Updated the AX201 driver from Intel's package", "", "", "worked"),
            ]},
            {"summary": "Wireless cuts out on the Latitude batch", "steps": [
                ("Disabled power saving on the adapter", "", "", "dead_end"),
                ("Upgraded the Intel wireless driver", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "wifi dropping on laptops",
            "reason": "only the 10 new latitudes, all over the office. phones and the old laptops fine. netwtw10 "
                      "errors in event log",
            "steps": [
                ("forgot + rejoined the wifi on 2 laptops", "", "", "didnt_work"),
                ("turned off 'allow computer to turn off this device'", '', '', 'dead_end'),
            ],
        },
    },
    {
        "id": "wifi-dhcp-scope-full", "group": "wifi-drops", "domain": "network", "split": "dev",
        "resolution": "The Wi-Fi VLAN's DHCP scope was 100% full with 8-day leases, so new devices got APIPA "
                      "addresses ('connected, no internet'). Shortened leases and widened the scope.",
        "fix": ("Shortened the lease time and widened the Wi-Fi DHCP scope",
                "Set-DhcpServerv4Scope -ScopeId 10.10.20.0 -LeaseDuration 08:00:00 -EndRange 10.10.21.254"),
        "history": [
            {"summary": "Phones and laptops get 169.254 addresses on Wi-Fi", "steps": [
                ("DHCP server log", "",
                 "Event 1020: Scope, 10.10.20.0, is 100 percent full with only 0 IP addresses remaining.", "info"),
                ("Cut the lease to 8 hours and expanded the range",
                 "Set-DhcpServerv4Scope -ScopeId 10.10.20.0 -LeaseDuration 08:00:00 -EndRange 10.10.21.254", "",
                 "worked"),
            ]},
            {"summary": "Wi-Fi says connected, no internet for new devices", "steps": [
                ("Checked the client", "ipconfig", "Autoconfiguration IPv4 Address. . : 169.254.33.7", "info"),
                ("Shortened the DHCP lease and enlarged the scope", "", "", "worked"),
            ]},
            {"summary": "Staff Wi-Fi can't get IPs after lunch", "steps": [
                ("Rebooted the AP", "", "", "didnt_work"),
                ("Freed up the scope by reducing lease duration and widening it", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "wifi connected no internet",
            "reason": "happens after like 11am, the early people are fine. ipconfig on a bad one shows 169.254.x.x",
            "steps": [
                ("rebooted the ap", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "wifi-nps-cert-expired", "group": "wifi-drops", "domain": "network", "split": "held_out",
        "resolution": "The NPS server certificate used for PEAP on the corporate SSID expired, so every client refused "
                      "to authenticate. Renewed the certificate and selected it in the NPS policy.",
        "fix": ("Renewed the NPS server certificate and selected it in the PEAP settings",
                "certreq -enroll -machine -q RASAndIASServer"),
        "history": [
            {"summary": "Nobody can join the corporate Wi-Fi, guest works", "steps": [
                ("Checked the NPS cert", "certutil -store my",
                 "Subject: CN=NPS01.corp.example.com\nNotAfter: 3/10/2024 9:02 AM", "info"),
                ("Enrolled a new cert and picked it in the PEAP properties",
                 "certreq -enroll -machine -q RASAndIASServer", "", "worked"),
            ]},
            {"summary": "'Can't connect to this network' on the staff SSID for everyone", "steps": [
                ("Forgot the network on a laptop", "", "", "didnt_work"),
                ("NPS event 6273 for every attempt", "", "Reason Code: 22 ... EAP type cannot be processed", "info"),
                ("Renewed the NPS server certificate", "", "", "worked"),
            ]},
            {"summary": "802.1X Wi-Fi logins failing company-wide this morning", "steps": [
                ("Issued a new server cert from the CA and updated the network policy", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "nobody can get on CORP wifi",
            "reason": "started this morning for everyone. GUEST ssid works fine. nps01 event log full of 6273",
            "steps": [
                ("rebooted the aps", "", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- windows-update
    {
        "id": "wu-kb5034441-winre-too-small", "group": "windows-update", "domain": "systems", "split": "held_out",
        "resolution": "KB5034441 (WinRE update) failed with 0x80070643 because the recovery partition was too small. "
                      "Shrank C: and rebuilt a larger WinRE partition.",
        "fix": ("Resized the recovery partition so the WinRE update fits",
                "reagentc /disable; diskpart (shrink C: by 250 MB, recreate recovery partition); reagentc /enable"),
        "history": [
            {"summary": "Security update fails with 0x80070643 every month", "steps": [
                ("Checked WinRE", "reagentc /info",
                 "Windows RE status: Enabled\nWindows RE location: \\\\?\\GLOBALROOT\\device\\harddisk0\\partition4"
                 "\\Recovery\\WindowsRE", "info"),
                ("Saw the recovery partition was 529 MB with 50 MB free", "", "", "info"),
                ("Disabled WinRE, shrank C:, recreated a bigger recovery partition, re-enabled",
                 "reagentc /disable; diskpart (shrink C: by 250 MB, recreate recovery partition); reagentc /enable",
                 "REAGENTC.EXE: Operation Successful.", "worked"),
            ]},
            {"summary": "KB5034441 won't install, 0x80070643", "steps": [
                ("Ran the Windows Update troubleshooter", "", "", "didnt_work"),
                ("Extended the WinRE partition following KB5028997", "", "", "worked"),
            ]},
            {"summary": "Windows Recovery Environment update keeps failing", "steps": [
                ("Resized the Recovery partition by 250 MB", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "update keeps failing on a bunch of pcs",
            "reason": "0x80070643 on the same update every night. the cumulative update installs fine, its the other "
                      "one. pcs are fine otherwise",
            "steps": [
                ("ran the windows update troubleshooter", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "wu-component-store-0x800f081f", "group": "windows-update", "domain": "systems", "split": "dev",
        "resolution": "The component store was corrupt and DISM couldn't find source files (0x800f081f), so the "
                      "cumulative update failed. Repaired it with DISM using the install.wim from matching media.",
        "fix": ("Repaired the component store with DISM using a matching install.wim as source",
                "DISM /Online /Cleanup-Image /RestoreHealth /Source:WIM:E:\\sources\\install.wim:6 /LimitAccess"),
        "history": [
            {"summary": "Cumulative update fails with 0x800f081f", "steps": [
                ("Plain DISM", "DISM /Online /Cleanup-Image /RestoreHealth",
                 "Error: 0x800f081f\nThe source files could not be found.", "info"),
                ("Mounted the matching ISO and used install.wim as source",
                 "DISM /Online /Cleanup-Image /RestoreHealth /Source:WIM:E:\\sources\\install.wim:6 /LimitAccess",
                 "The restore operation completed successfully.", "worked"),
            ]},
            {"summary": "Update fails at 100% and rolls back, CBS log shows corruption", "steps": [
                ("sfc", "sfc /scannow",
                 "Windows Resource Protection found corrupt files but was unable to fix some of them.", "info"),
                ("Ran DISM RestoreHealth with a WIM source from the same build", "", "", "worked"),
            ]},
            {"summary": "Windows 10 update 0x800f081f on one PC", "steps": [
                ("Reset SoftwareDistribution", "", "", "didnt_work"),
                ("Fixed the component store with DISM and a local install.wim", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "pc wont take the monthly update",
            "reason": "fails and rolls back. sfc says found corrupt files but was unable to fix some. dism "
                      "restorehealth fails with 0x800f081f",
            "steps": [
                ("cleared the softwaredistribution folder", "net stop wuauserv && ren "
                                                            "C:\\Windows\\SoftwareDistribution "
                 "SD.old && net start wuauserv", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "wu-stale-wsus-gpo", "group": "windows-update", "domain": "systems", "split": "held_out",
        "resolution": "An old GPO still pointed clients at the decommissioned WSUS server, so scans failed "
                      "(0x8024401c). Unlinked the WSUS GPO so clients use Windows Update for Business.",
        "fix": ("Unlinked the old WSUS GPO so clients stop looking for the retired server",
                'Remove-GPLink -Name "WSUS Clients" -Target "OU=Workstations,DC=corp,DC=example,DC=com"'),
        "history": [
            {"summary": "Windows Update scan fails with 0x8024401c on all workstations", "steps": [
                ("Checked the policy key", "reg query HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate",
                 "WUServer    REG_SZ    http://wsus01:8530", "info"),
                ("Unlinked the WSUS GPO and ran gpupdate",
                 'Remove-GPLink -Name "WSUS Clients" -Target "OU=Workstations,DC=corp,DC=example,DC=com"', "",
                 "worked"),
            ]},
            {"summary": "PCs haven't installed updates in two months", "steps": [
                ("WindowsUpdate.log", "Get-WindowsUpdateLog",
                 "SLS: ... WS error: There was an error communicating with the endpoint at 'http://wsus01:8530'",
                 "info"),
                ("Removed the old WSUS policy", "", "", "worked"),
            ]},
            {"summary": "Updates error 0x80244022 since the WSUS server was retired", "steps": [
                ("Reset the update components", "", "", "didnt_work"),
                ("Disabled the GPO that set WUServer", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "updates not installing on workstations",
            "reason": "0x8024401c when you click check for updates. patch report shows nothing installed since "
                      "january. we shut down WSUS01 in january",
            "steps": [
                ("ran the update troubleshooter on 2 pcs", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "wu-softwaredistribution-0x80070002", "group": "windows-update", "domain": "systems", "split": "dev",
        "resolution": "The Windows Update download cache was corrupt (0x80070002, files not found). Stopped the update "
                      "services and renamed SoftwareDistribution and catroot2.",
        "fix": ("Reset the Windows Update components and cleared SoftwareDistribution",
                "net stop wuauserv & net stop bits & net stop cryptsvc & ren C:\\Windows\\SoftwareDistribution "
                "SD.old & ren C:\\Windows\\System32\\catroot2 cr2.old & net start wuauserv"),
        "history": [
            {"summary": "Windows updates fail with 0x80070002", "steps": [
                ("Ran the Windows Update troubleshooter", "", "", "didnt_work"),
                ("Renamed SoftwareDistribution and catroot2 after stopping the services",
                 "net stop wuauserv & net stop bits & net stop cryptsvc & ren C:\\Windows\\SoftwareDistribution "
                 "SD.old & ren C:\\Windows\\System32\\catroot2 cr2.old & net start wuauserv", "", "worked"),
            ]},
            {"summary": "Update stuck downloading at 0% then fails", "steps": [
                ("Rebooted twice", "", "", "didnt_work"),
                ("Cleared the SoftwareDistribution download folder", "", "", "worked"),
            ]},
            {"summary": "Cumulative update error 0x80070002 on a laptop", "steps": [
                ("Checked the CBS log, no corruption found", "", "", "info"),
                ("Reset the update cache folders", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "laptop updates failing",
            "reason": "error 0x80070002 on the cumulative. downloads to 0% forever. sfc found nothing",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- bsod
    {
        "id": "bsod-graphics-driver-tdr", "group": "bsod", "domain": "hardware", "split": "dev",
        "resolution": "Windows Update replaced the OEM NVIDIA driver with a newer generic one and the laptops hit "
                      "VIDEO_TDR_FAILURE (0x116, nvlddmkm.sys). Rolled back to the OEM driver, blocked driver updates.",
        "fix": ("Rolled back to the OEM graphics driver and excluded drivers from Windows Update",
                "reg add HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate /v "
                "ExcludeWUDriversInQualityUpdate "
                "/t REG_DWORD /d 1 /f"),
        "history": [
            {"summary": "Blue screen VIDEO_TDR_FAILURE on the design laptops", "steps": [
                ("Analysed the minidump", "kd> !analyze -v",
                 "BUGCHECK_CODE: 116\nIMAGE_NAME: nvlddmkm.sys", "info"),
                ("Rolled back to the OEM driver and stopped WU offering drivers",
                 "reg add HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate /v "
                 "ExcludeWUDriversInQualityUpdate /t REG_DWORD /d 1 /f", "", "worked"),
            ]},
            {"summary": "Laptop crashes when plugging in the second monitor since updates", "steps": [
                ("Ran memory diagnostic: no errors", "mdsched.exe", "", "info"),
                ("Reinstalled the Dell-supplied NVIDIA driver and blocked driver updates via policy", "", "", "worked"),
            ]},
            {"summary": "BSOD 0x116 after Windows Update pushed a display driver", "steps": [
                ("Reinstalled Windows updates", "", "", "didnt_work"),
                ("Device Manager > Roll Back Driver on the NVIDIA adapter, then excluded WU drivers", "", "",
                 "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cad laptops bluescreening",
            "reason": "3 of the precision laptops. screen freezes then blue screen, happens more w/ external monitors. "
                      "whocrashed says nvlddmkm.sys. started after last weeks updates",
            "steps": [
                ("ran sfc", "sfc /scannow", "Windows Resource Protection did not find any integrity violations.",
                 "didnt_work"),
            ],
        },
    },
    {
        "id": "bsod-rst-storage-driver", "group": "bsod", "domain": "hardware", "split": "held_out",
        "resolution": "An old Intel RST storage driver (iaStorAC.sys) caused DPC_WATCHDOG_VIOLATION (0x133) after the "
                      "feature update. Installed the current Intel RST driver.",
        "fix": ("Updated the Intel Rapid Storage Technology driver", "pnputil /add-driver iaStorAC.inf /install"),
        "history": [
            {"summary": "DPC_WATCHDOG_VIOLATION blue screens since the feature update", "steps": [
                ("Analysed the dump", "kd> !analyze -v",
                 "BUGCHECK_CODE: 133\nDPC_TIMEOUT_TYPE: DPC_QUEUE_EXECUTION_TIMEOUT_EXCEEDED\nIMAGE_NAME: iaStorAC.sys",
                 "info"),
                ("Installed the current RST driver", "pnputil /add-driver iaStorAC.inf /install",
                 "Driver package added successfully.", "worked"),
            ]},
            {"summary": "Desktop freezes then blue screens 0x133", "steps": [
                ("Rolled back the graphics driver", "", "", "didnt_work"),
                ("Updated the Intel RST storage driver from the OEM site", "", "", "worked"),
            ]},
            {"summary": "Random BSODs on the OptiPlex batch after 23H2", "steps": [
                ("chkdsk clean, SMART healthy", "chkdsk C: /scan", "Windows has scanned the file system and found no "
                 "problems.", "info"),
                ("Upgraded the storage controller (iaStorAC) driver", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "pcs blue screen randomly, optiplex ones",
            "reason": "dpc watchdog violation. after the 23h2 upgrade. disk checks fine. minidump says iaStorAC.sys",
            "steps": [
                ("rolled back the display driver and blocked driver updates", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "bsod-bad-memory-dimm", "group": "bsod", "domain": "hardware", "split": "dev",
        "resolution": "A failing memory module caused random MEMORY_MANAGEMENT / PFN_LIST_CORRUPT blue screens with "
                      "different drivers blamed each time. Replaced the faulty DIMM.",
        "fix": ("Replaced the faulty memory module", ""),
        "history": [
            {"summary": "Random blue screens with different codes each time", "steps": [
                ("Checked dumps", "", "0x1A MEMORY_MANAGEMENT\n0x4E PFN_LIST_CORRUPT\n0x50 PAGE_FAULT_IN_NONPAGED_AREA",
                 "info"),
                ("Ran Windows Memory Diagnostic", "mdsched.exe",
                 "MemoryDiagnostics-Results event 1202: hardware problems were detected", "info"),
                ("Replaced the failing DIMM in slot 2", "", "", "worked"),
            ]},
            {"summary": "PC crashes with MEMORY_MANAGEMENT, sometimes won't boot", "steps": [
                ("Updated all drivers", "", "", "didnt_work"),
                ("Swapped the RAM stick that failed memtest86", "", "", "worked"),
            ]},
            {"summary": "Workstation BSOD a few times a week, different drivers each time", "steps": [
                ("Reinstalled Windows", "", "", "dead_end"),
                ("Tested each module, replaced the bad one", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "reception pc blue screens",
            "reason": "like 3x a week. codes are different every time (1a, 50, 4e). sometimes it also just reboots. "
                      "happened before and after updates",
            "steps": [
                ("updated graphics + chipset drivers", "", "", "didnt_work"),
                ("sfc /scannow", "sfc /scannow", "Windows Resource Protection did not find any integrity violations.",
                 "info"),
            ],
        },
    },
    {
        "id": "bsod-bios-sata-mode-reset", "group": "bsod", "domain": "hardware", "split": "held_out",
        "resolution": "The BIOS update reset SATA operation from 'RAID On' to AHCI, so Windows couldn't load its "
                      "storage driver and crashed with INACCESSIBLE_BOOT_DEVICE (0x7B). Set SATA mode back to RAID On.",
        "fix": ("Set SATA operation back to 'RAID On' in the BIOS", ""),
        "history": [
            {"summary": "INACCESSIBLE_BOOT_DEVICE after the BIOS update", "steps": [
                ("Ran startup repair", "", "", "didnt_work"),
                ("Checked BIOS storage settings", "", "SATA Operation: AHCI", "info"),
                ("Changed SATA operation back to RAID On", "", "", "worked"),
            ]},
            {"summary": "Laptop blue screens 0x7B on boot after firmware update", "steps": [
                ("Booted WinRE, drive visible", "diskpart > list vol", "Volume 1  C  NTFS  Partition  237 GB  Healthy",
                 "info"),
                ("Set the disk controller mode back to RAID in the BIOS", "", "", "worked"),
            ]},
            {"summary": "Boot loop with inaccessible boot device after the Dell BIOS flash", "steps": [
                ("Reverted the SATA mode the BIOS defaults had changed", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "laptop wont boot blue screen",
            "reason": "INACCESSIBLE_BOOT_DEVICE every boot. dell command update ran last night (bios + drivers). "
                      "bitlocker didnt even ask for key",
            "steps": [
                ("startup repair", "", "Startup Repair couldn't repair your PC", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- bitlocker
    {
        "id": "bitlocker-recovery-bios-update", "group": "bitlocker", "domain": "security", "split": "held_out",
        "resolution": "A BIOS update was pushed without suspending BitLocker, so the TPM measurements changed and the "
                      "laptop asked for its recovery key. Unlocked with the key from Entra ID and re-sealed the TPM.",
        "fix": ("Unlocked with the recovery key from Entra ID and re-sealed the TPM protector",
                "manage-bde -protectors -disable C: -RebootCount 1"),
        "history": [
            {"summary": "Laptop asks for BitLocker recovery key after BIOS update", "steps": [
                ("Found the key ID on the recovery screen, looked it up in Entra ID", "",
                 "Recovery key ID: 4A1B2C3D", "info"),
                ("Unlocked, then suspended for one reboot to reseal",
                 "manage-bde -protectors -disable C: -RebootCount 1", "Key protectors are disabled for volume C:.",
                 "worked"),
            ]},
            {"summary": "BitLocker recovery screen on several Dells after Dell Command Update", "steps": [
                ("Checked the update log: BIOS 1.17.0 installed overnight", "", "", "info"),
                ("Entered the recovery keys and re-sealed by suspend/resume of BitLocker", "", "", "worked"),
            ]},
            {"summary": "Recovery key prompt once after firmware update", "steps": [
                ("Unlocked with the Entra key and resealed the TPM with a suspend for one restart", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "laptop asking for bitlocker key",
            "reason": "user rebooted this morning for updates, it installed a bios update and now wants the 48 digit "
                      "key. she has no idea what that is",
            "steps": [],
        },
    },
    {
        "id": "bitlocker-recovery-dock-pxe", "group": "bitlocker", "domain": "security", "split": "dev",
        "resolution": "The laptops asked for the recovery key whenever they booted on the USB-C dock because UEFI "
                      "network (PXE) boot via the dock's NIC was first in the boot order. Disabled PXE boot.",
        "fix": ("Disabled UEFI network/PXE boot in the BIOS so the dock's NIC doesn't change the boot path", ""),
        "history": [
            {"summary": "BitLocker recovery every time the laptop boots on the dock", "steps": [
                ("Boots fine off the dock", "", "", "info"),
                ("Saw 'UEFI: Realtek USB NIC (IPv4)' first in the boot sequence", "", "", "info"),
                ("Turned off UEFI network stack and removed PXE entries", "", "", "worked"),
            ]},
            {"summary": "Recovery key prompt at cold boot in the office, never at home", "steps": [
                ("Suspended and resumed BitLocker", "manage-bde -protectors -disable C: -RebootCount 1", "",
                 "dead_end"),
                ("Disabled PXE boot through the dock in BIOS", "", "", "worked"),
            ]},
            {"summary": "Docked laptops keep going into BitLocker recovery", "steps": [
                ("Moved Windows Boot Manager above network boot and disabled the UEFI network stack", "", "",
                 "worked"),
            ]},
        ],
        "escalation": {
            "summary": "bitlocker key needed AGAIN on dans laptop",
            "reason": "3rd time this week. only when he boots it at his desk on the dock, at home never. we put the "
                      "key in and suspend/resume and it comes back",
            "steps": [
                ("suspended bitlocker 1 reboot to reseal", "manage-bde -protectors -disable C: -RebootCount 1",
                 "Key protectors are disabled for volume C:.", "didnt_work"),
            ],
        },
    },
    {
        "id": "bitlocker-silent-encryption-winre", "group": "bitlocker", "domain": "security", "split": "held_out",
        "resolution": "Intune silent encryption failed because WinRE was disabled on the image (event 851). Enabled "
                      "WinRE so BitLocker could encrypt.",
        "fix": ("Re-enabled the Windows Recovery Environment", "reagentc /enable"),
        "history": [
            {"summary": "Intune BitLocker policy error, drive not encrypting", "steps": [
                ("BitLocker-API log", "",
                 "Event 851: Failed to enable Silent Encryption. Error: WinRE is not configured.", "info"),
                ("Enabled WinRE", "reagentc /enable", "REAGENTC.EXE: Operation Successful.", "worked"),
            ]},
            {"summary": "New PCs non-compliant, BitLocker never starts", "steps": [
                ("Checked WinRE", "reagentc /info", "Windows RE status: Disabled", "info"),
                ("Turned WinRE back on; encryption started within the hour", "", "", "worked"),
            ]},
            {"summary": "Silent encryption fails on the refurbished laptops", "steps": [
                ("Synced the device", "", "", "didnt_work"),
                ("reagentc /enable, then BitLocker kicked off", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new laptops not encrypting",
            "reason": "intune says bitlocker error on the 5 we imaged with the old usb. bitlocker-api event 851 "
                      "on them",
            "steps": [
                ("synced from company portal", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "bitlocker-key-not-escrowed", "group": "bitlocker", "domain": "security", "split": "dev",
        "resolution": "The drive was encrypted before the device joined Entra ID, so no recovery key was ever escrowed "
                      "(event 846). Backed the recovery protector up to Entra ID.",
        "fix": ("Backed up the BitLocker recovery password to Entra ID",
                "BackupToAAD-BitLockerKeyProtector -MountPoint C: -KeyProtectorId $rp.KeyProtectorId"),
        "history": [
            {"summary": "No BitLocker recovery key in Entra for an encrypted laptop", "steps": [
                ("BitLocker-API log", "",
                 "Event 846: Failed to backup BitLocker Drive Encryption recovery information for volume C: to your "
                 "Azure AD.", "info"),
                ("Pushed the key to Entra ID",
                 "BackupToAAD-BitLockerKeyProtector -MountPoint C: -KeyProtectorId $rp.KeyProtectorId", "", "worked"),
            ]},
            {"summary": "Intune shows encrypted but recovery key missing", "steps": [
                ("Listed protectors", "manage-bde -protectors -get C:",
                 "Numerical Password:\n  ID: {6D2B...}\nTPM:\n  ID: {A1C4...}", "info"),
                ("Escrowed the numerical password to Entra with BackupToAAD-BitLockerKeyProtector", "", "", "worked"),
            ]},
            {"summary": "Recovery key never uploaded for laptops encrypted at the shop", "steps": [
                ("Ran a remediation script that backs the recovery password up to Entra ID", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant find bitlocker key for a laptop",
            "reason": "its not locked yet but audit found 6 laptops that show encrypted w/ no key in entra. they were "
                      "encrypted by the vendor before we enrolled them. event 846 on one",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- autopilot
    {
        "id": "autopilot-hash-not-imported", "group": "autopilot", "domain": "systems", "split": "dev",
        "resolution": "The hardware hash was never uploaded, so the PC ran plain consumer OOBE with no company "
                      "branding. Uploaded the hash and assigned the profile.",
        "fix": ("Uploaded the hardware hash to Autopilot",
                "Install-Script Get-WindowsAutopilotInfo; Get-WindowsAutopilotInfo -Online -GroupTag Staff"),
        "history": [
            {"summary": "New laptop shows normal Windows setup, no company sign-in page", "steps": [
                ("Searched Autopilot devices for the serial", "", "No devices found", "info"),
                ("Uploaded the hash from OOBE (Shift+F10)",
                 "Install-Script Get-WindowsAutopilotInfo; Get-WindowsAutopilotInfo -Online -GroupTag Staff",
                 "Waiting for 1 of 1 to be imported ... All devices imported", "worked"),
            ]},
            {"summary": "Autopilot not kicking in on a PC bought from a retailer", "steps": [
                ("Reset the PC", "", "", "didnt_work"),
                ("Imported the hardware hash and waited for the profile to assign", "", "", "worked"),
            ]},
            {"summary": "Laptop skips the Autopilot experience", "steps": [
                ("Uploaded its hash with Get-WindowsAutopilotInfo -Online", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new laptop not doing the autopilot thing",
            "reason": "just asks for region/keyboard then 'sign in with microsoft' like a home pc. no company logo. we "
                      "bought it from the store down the street since vendor was backordered",
            "steps": [
                ("reset it from settings", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "autopilot-0x80180014-stale-record", "group": "autopilot", "domain": "systems", "split": "held_out",
        "resolution": "The reset laptop still had its old Intune device record, so enrolment failed with "
                      "0x80180014. Deleted the stale Intune record and re-ran OOBE.",
        "fix": ("Deleted the device's stale Intune record and retried enrolment",
                "Remove-MgDeviceManagementManagedDevice -ManagedDeviceId $oldId"),
        "history": [
            {"summary": "Autopilot fails with 0x80180014 on a re-used laptop", "steps": [
                ("Found the old record under Devices with last check-in 4 months ago", "", "", "info"),
                ("Deleted it and restarted OOBE", "Remove-MgDeviceManagementManagedDevice -ManagedDeviceId $oldId", "",
                 "worked"),
            ]},
            {"summary": "Hand-me-down laptop: 'Something went wrong' 0x80180014", "steps": [
                ("Re-imported the hash", "", "", "didnt_work"),
                ("Removed the previous user's Intune object for the serial", "", "", "worked"),
            ]},
            {"summary": "Enrolment error 80180014 after Autopilot reset", "steps": [
                ("Deleted the leftover managed device entry in Intune", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "autopilot error on the laptop from the girl that left",
            "reason": "wiped it for the new guy. oobe says something went wrong 0x80180014. hash is in autopilot with "
                      "the right profile",
            "steps": [
                ("reset the laptop again from the recovery menu", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "autopilot-esp-app-detection", "group": "autopilot", "domain": "systems", "split": "dev",
        "resolution": "The Enrollment Status Page timed out (0x800705b4) because a required Win32 app had a wrong "
                      "detection rule and kept reinstalling. Fixed the app's detection rule.",
        "fix": ("Fixed the Win32 app's detection rule so ESP sees it as installed", ""),
        "history": [
            {"summary": "Autopilot stuck on 'Apps (Identifying)' then 0x800705b4", "steps": [
                ("IME log", "",
                 "[Win32App] Detection rule for app 'PDF Reader' not detected after install. Exit code 0",
                 "info"),
                ("Corrected the detection rule to the real install path / version", "", "", "worked"),
            ]},
            {"summary": "Enrollment Status Page times out installing apps", "steps": [
                ("Increased the ESP timeout to 120 minutes", "", "", "didnt_work"),
                ("Fixed the detection on the PDF reader package", "", "", "worked"),
            ]},
            {"summary": "ESP error 0x800705b4 on every new device", "steps": [
                ("Removed the app from the blocking list, saw it loop installing in the IME log", "", "", "info"),
                ("Fixed its detection method and put it back as required", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "autopilot times out at apps step",
            "reason": "0x800705b4 after an hour on 'Apps (Identifying)'. every new laptop this week. IME log shows the "
                      "same app installing over and over, exit code 0",
            "steps": [],
        },
    },
    {
        "id": "autopilot-0x80180018-license", "group": "autopilot", "domain": "systems", "split": "held_out",
        "resolution": "The user had no Intune licence, so MDM enrolment failed with 0x80180018. Assigned the licence "
                      "(Business Premium) and retried.",
        "fix": ("Assigned the user an Intune-capable licence",
                "Set-MgUserLicense -UserId newhire@example.com -AddLicenses @{SkuId=$bpSku} -RemoveLicenses @()"),
        "history": [
            {"summary": "New hire's laptop won't enrol, 0x80180018", "steps": [
                ("Checked licences", "Get-MgUserLicenseDetail -UserId newhire@example.com", "O365_BUSINESS_ESSENTIALS",
                 "info"),
                ("Assigned Business Premium",
                 "Set-MgUserLicense -UserId newhire@example.com -AddLicenses @{SkuId=$bpSku} -RemoveLicenses @()",
                 "", "worked"),
            ]},
            {"summary": "MDM enrolment error 80180018 for one user", "steps": [
                ("Reset the device", "", "", "didnt_work"),
                ("Gave the user an Intune licence", "", "", "worked"),
            ]},
            {"summary": "Autopilot fails at device setup for a contractor", "steps": [
                ("Assigned the EMS/Intune licence and retried OOBE", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "autopilot error for new person",
            "reason": "0x80180018 when she signs in during oobe. another user signs in fine on the same laptop",
            "steps": [
                ("deleted the laptop from intune devices", "Remove-MgDeviceManagementManagedDevice -ManagedDeviceId "
                 "$id", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- teams-wont-start
    {
        "id": "teams-webview2-missing", "group": "teams-wont-start", "domain": "m365", "split": "held_out",
        "resolution": "The WebView2 runtime had been removed by a cleanup script, so new Teams opened to a blank "
                      "window. Reinstalled the WebView2 Evergreen runtime.",
        "fix": ("Reinstalled the Microsoft Edge WebView2 runtime",
                "MicrosoftEdgeWebView2RuntimeInstallerX64.exe /silent /install"),
        "history": [
            {"summary": "New Teams opens to a blank window", "steps": [
                ("Checked installed apps", 'Get-ItemProperty HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\EdgeUpdate\\'
                 'Clients\\* | ? name -like "*WebView2*"', "(nothing returned)", "info"),
                ("Installed the WebView2 runtime", "MicrosoftEdgeWebView2RuntimeInstallerX64.exe /silent /install", "",
                 "worked"),
            ]},
            {"summary": "Teams says it can't find WebView2", "steps": [
                ("Cleared the Teams cache", "", "", "didnt_work"),
                ("Reinstalled WebView2 Evergreen", "", "", "worked"),
            ]},
            {"summary": "Teams and new Outlook won't start after the debloat script", "steps": [
                ("Put back the WebView2 runtime the script had removed", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "teams is just a white box",
            "reason": "new outlook also wont open. we ran the debloat script on these pcs last week",
            "steps": [
                ("reinstalled teams", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "teams-appx-sideloading-blocked", "group": "teams-wont-start", "domain": "m365", "split": "dev",
        "resolution": "A hardening GPO disabled trusted-app installs, so the new Teams MSIX failed with 0x80073CFF. "
                      "Set AllowAllTrustedApps=1 in the GPO.",
        "fix": ("Allowed trusted app installs (AllowAllTrustedApps=1) in the hardening GPO",
                'Set-GPRegistryValue -Name "Workstation Hardening" -Key "HKLM\\Software\\Policies\\Microsoft\\Windows\\'
                'Appx" -ValueName AllowAllTrustedApps -Type DWord -Value 1'),
        "history": [
            {"summary": "New Teams won't install on domain PCs", "steps": [
                ("Ran the bootstrapper", "teamsbootstrapper.exe -p",
                 '"errorCode": "0x80073CFF", "message": "...you need either a Windows developer license or a '
                 'sideloading-enabled system"', "info"),
                ("Set AllowAllTrustedApps to 1 in the GPO",
                 'Set-GPRegistryValue -Name "Workstation Hardening" -Key "HKLM\\Software\\Policies\\Microsoft\\'
                 'Windows\\Appx" -ValueName AllowAllTrustedApps -Type DWord -Value 1', "", "worked"),
            ]},
            {"summary": "Teams install fails 0x80073CFF", "steps": [
                ("Cleared the cache", "", "", "didnt_work"),
                ("Enabled 'Allow all trusted apps to install' in group policy", "", "", "worked"),
            ]},
            {"summary": "Teams (work or school) missing after the classic Teams retirement", "steps": [
                ("Found the Appx policy blocking MSIX installs, allowed trusted apps", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant install new teams on domain pcs",
            "reason": "bootstrapper fails w/ 0x80073CFF. works on the non domain laptop. classic teams stopped "
                      "working so users have nothing",
            "steps": [
                ("ran the bootstrapper as admin", "teamsbootstrapper.exe -p", '"errorCode": "0x80073CFF"',
                 "didnt_work"),
            ],
        },
    },
    {
        "id": "teams-cache-corrupt", "group": "teams-wont-start", "domain": "m365", "split": "held_out",
        "resolution": "The new Teams local cache was corrupt after an interrupted update; it hung on the loading "
                      "screen. Reset the MSTeams app package (clears the cache).",
        "fix": ("Reset the MSTeams app package to clear its cache", "Get-AppxPackage MSTeams | Reset-AppxPackage"),
        "history": [
            {"summary": "Teams stuck on the loading screen", "steps": [
                ("Reinstalled Teams", "", "", "didnt_work"),
                ("Reset the app package", "Get-AppxPackage MSTeams | Reset-AppxPackage", "", "worked"),
            ]},
            {"summary": "Microsoft Teams won't open, spins forever", "steps": [
                ("Deleted %localappdata%\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache", "", "", "worked"),
            ]},
            {"summary": "Teams crashes right after sign-in since update", "steps": [
                ("WebView2 present and current", "", "", "info"),
                ("Cleared the Teams cache by resetting the app in Settings > Apps", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "teams spinning on purple screen",
            "reason": "one user. pc restarted mid update yesterday. outlook and edge are fine",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- teams-call-audio
    {
        "id": "teams-udp-3478-blocked", "group": "teams-call-audio", "domain": "m365", "split": "dev",
        "resolution": "The firewall blocked outbound UDP 3478-3481, so Teams media fell back to TCP/443 and calls were "
                      "choppy and dropped. Allowed UDP 3478-3481 to the Teams media ranges.",
        "fix": ("Allowed outbound UDP 3478-3481 for Teams media",
                'config firewall policy / edit 5 / set service "TEAMS-UDP-3478-3481"'),
        "history": [
            {"summary": "Teams calls choppy in the office, fine at home", "steps": [
                ("Call health during a call", "", "Network: Transport: TCP  Round trip: 310 ms  Packet loss: 4.2%",
                 "info"),
                ("Allowed UDP 3478-3481 outbound", 'config firewall policy / edit 5 / set service '
                 '"TEAMS-UDP-3478-3481"', "", "worked"),
            ]},
            {"summary": "Teams calls drop after a minute in the office", "steps": [
                ("Tested UDP with the Microsoft connectivity tool", "",
                 "UDP 3478 to 52.112.x.x: blocked", "info"),
                ("Opened the Teams UDP ports on the firewall", "", "", "worked"),
            ]},
            {"summary": "Robotic audio on every office Teams meeting since the new firewall", "steps": [
                ("Replaced a headset", "", "", "didnt_work"),
                ("Created the Teams media UDP rule", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "teams meetings breaking up for everyone in the office",
            "reason": "video freezes, audio cuts. at home same ppl are fine. call health says transport TCP",
            "steps": [
                ("tried wired instead of wifi", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "teams-bluetooth-hands-free", "group": "teams-call-audio", "domain": "m365", "split": "held_out",
        "resolution": "The Bluetooth headset was paired to the laptop's own Bluetooth, so using its mic switched it to "
                      "the low-quality Hands-Free profile. Paired it to its USB dongle instead.",
        "fix": ("Connected the headset through its USB dongle instead of the laptop's Bluetooth", ""),
        "history": [
            {"summary": "Teams audio sounds like a phone line from the 90s", "steps": [
                ("Sound settings showed 'Headset (Hands-Free AG Audio)'", "", "", "info"),
                ("Switched to the headset's USB dongle, selected it in Teams", "", "", "worked"),
            ]},
            {"summary": "Music fine but Teams calls muffled on wireless headset", "steps": [
                ("Updated the Bluetooth driver", "", "", "didnt_work"),
                ("Paired the headset with its USB receiver instead of laptop Bluetooth", "", "", "worked"),
            ]},
            {"summary": "Headset goes tinny as soon as a Teams call starts", "steps": [
                ("Used the Jabra Link dongle instead of built-in Bluetooth", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "users headset sounds bad in teams",
            "reason": "spotify sounds great, as soon as a call starts everything is tinny and other ppl say she sounds "
                      "muffled. its bluetooth",
            "steps": [
                ("updated the bluetooth driver", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "teams-dock-default-audio-device", "group": "teams-call-audio", "domain": "m365", "split": "dev",
        "resolution": "After docking, Windows and Teams switched the speaker to the monitor's DisplayPort audio "
                      "(no speakers), so calls were silent. Set the headset as the Teams/Windows device.",
        "fix": ("Set the headset as the speaker and mic in Teams and as the Windows default device", ""),
        "history": [
            {"summary": "Can't hear anything in Teams calls when docked", "steps": [
                ("Teams device settings showed speaker 'DELL P2422H (NVIDIA High Definition Audio)'", "", "", "info"),
                ("Picked the headset in Teams and as default communications device", "", "", "worked"),
            ]},
            {"summary": "No audio in Teams at the desk, works undocked", "steps": [
                ("Reinstalled the audio driver", "", "", "didnt_work"),
                ("Changed Teams speaker from the monitor to the headset", "", "", "worked"),
            ]},
            {"summary": "Teams call silent after plugging into the dock", "steps": [
                ("Set the default playback device back to the USB headset", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user cant hear people in teams",
            "reason": "only at her desk. when she takes the laptop to the meeting room its fine. no error, just "
                      "silence",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- onedrive-sync
    {
        "id": "onedrive-0x8004de40-tls", "group": "onedrive-sync", "domain": "m365", "split": "held_out",
        "resolution": "An old hardening tool had turned TLS 1.2 off in the user's Internet settings, so OneDrive "
                      "couldn't connect (0x8004de40). Re-enabled TLS 1.2.",
        "fix": ("Re-enabled TLS 1.2 in the Internet settings",
                'reg add "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings" /v SecureProtocols '
                "/t REG_DWORD /d 0xA80 /f"),
        "history": [
            {"summary": "OneDrive error 0x8004de40 signing in", "steps": [
                ("Checked Internet Options > Advanced: TLS 1.2 unticked", "", "", "info"),
                ("Set SecureProtocols back to include TLS 1.2",
                 'reg add "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings" /v SecureProtocols '
                 "/t REG_DWORD /d 0xA80 /f", "The operation completed successfully.", "worked"),
            ]},
            {"summary": "'There was a problem connecting to OneDrive' on one PC", "steps": [
                ("Reset OneDrive", "%localappdata%\\Microsoft\\OneDrive\\onedrive.exe /reset", "", "didnt_work"),
                ("Ticked 'Use TLS 1.2' in Internet Properties", "", "", "worked"),
            ]},
            {"summary": "OneDrive can't connect, internet otherwise fine", "steps": [
                ("Turned TLS 1.2 back on that a security script had disabled", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "onedrive wont sign in on one pc",
            "reason": "error code 0x8004de40. browser works fine, owa fine. pc is one of the old ones from the "
                      "accounting dept",
            "steps": [
                ("onedrive reset", "%localappdata%\\Microsoft\\OneDrive\\onedrive.exe /reset", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "onedrive-kfm-folder-redirection", "group": "onedrive-sync", "domain": "m365", "split": "dev",
        "resolution": "Known Folder Move failed because an old Folder Redirection GPO still redirected Documents to "
                      "the file server. Removed the redirection policy and re-ran KFM.",
        "fix": ("Removed the old Folder Redirection GPO so Known Folder Move can take over",
                'Remove-GPLink -Name "Folder Redirection" -Target "OU=Staff,DC=corp,DC=example,DC=com"'),
        "history": [
            {"summary": "OneDrive can't back up Documents, folder redirected", "steps": [
                ("OneDrive backup page", "", "Documents: This folder has been redirected by your "
                                             "administrator", "info"),
                ("Unlinked the Folder Redirection GPO and moved the files back locally",
                 'Remove-GPLink -Name "Folder Redirection" -Target "OU=Staff,DC=corp,DC=example,DC=com"', "",
                 "worked"),
            ]},
            {"summary": "Known Folder Move policy not applying for some users", "steps": [
                ("gpresult showed 'Folder Redirection' still applied", "gpresult /r", "", "info"),
                ("Removed the redirection policy, KFM completed", "", "", "worked"),
            ]},
            {"summary": "Desktop and Documents not syncing to OneDrive", "steps": [
                ("Signed out and into OneDrive", "", "", "didnt_work"),
                ("Retired the old folder redirection GPO", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "onedrive backup of documents not working",
            "reason": "says folder redirected by administrator. documents path is \\\\fs01\\users$\\name\\documents. "
                      "desktop backs up fine",
            "steps": [],
        },
    },
    {
        "id": "onedrive-library-required-checkout", "group": "onedrive-sync", "domain": "m365", "split": "held_out",
        "resolution": "The synced SharePoint library had 'Require Check Out' on, so OneDrive uploads were blocked "
                      "and files synced read-only. Turned Require Check Out off in the library settings.",
        "fix": ("Turned off 'Require documents to be checked out' in the library's versioning settings", ""),
        "history": [
            {"summary": "Synced SharePoint files are read-only and won't upload", "steps": [
                ("OneDrive activity", "", "Upload blocked: This file needs to be checked out", "info"),
                ("Set 'Require Check Out' to No in Library settings > Versioning", "", "", "worked"),
            ]},
            {"summary": "OneDrive sync error on the Projects library", "steps": [
                ("Reset OneDrive", "", "", "didnt_work"),
                ("Disabled required check-out on the library", "", "", "worked"),
            ]},
            {"summary": "Can't save to the synced Contracts library", "steps": [
                ("Removed the check-out requirement from the library versioning settings", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "shared library files read only when synced",
            "reason": "only the Policies library. other libraries on the same site sync fine. onedrive says upload "
                      "blocked, something about checked out",
            "steps": [
                ("reset onedrive", "%localappdata%\\Microsoft\\OneDrive\\onedrive.exe /reset", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "onedrive-path-too-long", "group": "onedrive-sync", "domain": "m365", "split": "dev",
        "resolution": "Files in a deeply nested project folder exceeded the 400-character path limit, so OneDrive "
                      "stopped syncing them. Shortened the folder structure.",
        "fix": ("Shortened the folder path below the OneDrive path limit", ""),
        "history": [
            {"summary": "OneDrive sync error on the project folder", "steps": [
                ("Sync issues view", "", "The file name or path is too long", "info"),
                ("Renamed the top folders to shorter names", "", "", "worked"),
            ]},
            {"summary": "Files won't sync to OneDrive, red cross on a subfolder", "steps": [
                ("Signed out and back in", "", "", "didnt_work"),
                ("Flattened the nested folders so paths were under 400 characters", "", "", "worked"),
            ]},
            {"summary": "OneDrive keeps showing sync pending for the archive folder", "steps": [
                ("Found paths over 400 characters with a script", "(Get-ChildItem -Recurse).FullName | ? Length "
                                                                  "-gt 400",
                 "C:\\Users\\jsmith\\OneDrive - Example\\Clients\\2019\\...", "info"),
                ("Shortened the folder names", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "some files never sync in onedrive",
            "reason": "just the old client archive folder, its folders inside folders inside folders. onedrive says "
                      "name or path too long on them",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- sharepoint-access
    {
        "id": "spo-site-external-sharing-off", "group": "sharepoint-access", "domain": "m365", "split": "dev",
        "resolution": "External sharing was turned off at the site level (tenant allowed it), so guests couldn't "
                      "open links to the project site. Enabled guest sharing on that site.",
        "fix": ("Enabled external sharing for existing and new guests on the site",
                "Set-SPOSite -Identity https://example.sharepoint.com/sites/Projects "
                "-SharingCapability ExternalUserSharingOnly"),
        "history": [
            {"summary": "Client can't open the SharePoint link we sent", "steps": [
                ("Checked the site", "Get-SPOSite https://example.sharepoint.com/sites/Projects | select "
                 "SharingCapability", "SharingCapability : Disabled", "info"),
                ("Turned on guest sharing for the site",
                 "Set-SPOSite -Identity https://example.sharepoint.com/sites/Projects "
                 "-SharingCapability ExternalUserSharingOnly", "", "worked"),
            ]},
            {"summary": "Share button only offers people in the organisation", "steps": [
                ("Tenant sharing is set to 'New and existing guests'", "", "", "info"),
                ("Raised the site's external sharing setting to match", "", "", "worked"),
            ]},
            {"summary": "Guest access denied on one team site only", "steps": [
                ("Re-sent the invitation", "", "", "didnt_work"),
                ("Changed the site's sharing from 'Only people in your organization' to guests", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant share the Projects site with the architect",
            "reason": "sharing box says it cant be shared outside the org, but we share from the Marketing site to "
                      "outside ppl all the time",
            "steps": [],
        },
    },
    {
        "id": "spo-guest-wrong-account", "group": "sharepoint-access", "domain": "m365", "split": "held_out",
        "resolution": "The guest was invited at one address but signed in with a different Microsoft account, so "
                      "SharePoint said the user can't be found in the directory. Deleted the guest and re-invited.",
        "fix": ("Removed the guest account and re-invited the correct address",
                "Remove-MgUser -UserId $guestId; New-MgInvitation -InvitedUserEmailAddress partner@vendor.example "
                "-InviteRedirectUrl https://example.sharepoint.com/sites/Projects"),
        "history": [
            {"summary": "Guest gets 'can't be found in the directory' opening a shared folder", "steps": [
                ("Error text", "",
                 "We're sorry, but j.doe@gmail.example can't be found in the example.sharepoint.com directory.",
                 "info"),
                ("Deleted the guest and re-invited the address they actually use",
                 "Remove-MgUser -UserId $guestId; New-MgInvitation -InvitedUserEmailAddress partner@vendor.example "
                 "-InviteRedirectUrl https://example.sharepoint.com/sites/Projects", "", "worked"),
            ]},
            {"summary": "External partner signed in with personal account, access denied", "steps": [
                ("Had them clear cookies and use InPrivate", "", "", "didnt_work"),
                ("Reset the guest's redemption status and re-sent the invite to the right email", "", "", "worked"),
            ]},
            {"summary": "Vendor can't open files, SharePoint says user not in directory", "steps": [
                ("Removed the stale guest object and invited them fresh", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "outside accountant cant get into the shared folder",
            "reason": "error says her gmail cant be found in our directory. we invited her work email though. site "
                      "sharing is on, others outside can get in",
            "steps": [
                ("turned on external sharing on the site (was already on)", "Set-SPOSite -Identity "
                 "https://example.sharepoint.com/sites/Projects -SharingCapability ExternalUserSharingOnly", "",
                 "didnt_work"),
            ],
        },
    },
    {
        "id": "spo-unmanaged-device-limited", "group": "sharepoint-access", "domain": "m365", "split": "dev",
        "resolution": "The unmanaged-device policy gave the user's personal laptop browser-only access, so "
                      "download, print and sync were blocked. Enrolled the laptop in Intune so it counts as managed.",
        "fix": ("Enrolled the laptop in Intune so SharePoint treats it as managed", ""),
        "history": [
            {"summary": "User can view SharePoint files but can't download or sync", "steps": [
                ("Banner in SharePoint", "",
                 "Your organization doesn't allow you to download, print, or sync using this device.", "info"),
                ("Enrolled the laptop via Access work or school > Enroll only in device management", "", "", "worked"),
            ]},
            {"summary": "Sync button greyed out in SharePoint on home PC", "steps": [
                ("Reinstalled OneDrive", "", "", "didnt_work"),
                ("Joined the device to Intune so the limited-access policy no longer applies", "", "", "worked"),
            ]},
            {"summary": "Browser-only SharePoint access on a new laptop", "steps": [
                ("Registered and enrolled the device, compliance green, full access restored", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user cant download from sharepoint",
            "reason": "banner says org doesnt allow download print or sync on this device. its his own laptop, he "
                      "opens the site in chrome. on his work desktop it works",
            "steps": [
                ("reset onedrive", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "spo-folder-broken-inheritance", "group": "sharepoint-access", "domain": "m365", "split": "held_out",
        "resolution": "A folder in the library had unique permissions from an old share, so new team members got "
                      "'You need permission to access this item' on it only. Restored inheritance.",
        "fix": ("Deleted the folder's unique permissions so it inherits from the library", ""),
        "history": [
            {"summary": "New team member denied on one folder, rest of the site fine", "steps": [
                ("Manage access on the folder", "", "This folder has unique permissions", "info"),
                ("Clicked 'Delete unique permissions' to inherit from the library", "", "", "worked"),
            ]},
            {"summary": "'You need permission to access this item' on the HR Forms folder", "steps": [
                ("Added the user to the site Members group (already there)", "", "", "didnt_work"),
                ("Restored permission inheritance on the folder", "", "", "worked"),
            ]},
            {"summary": "Access denied on a subfolder after adding staff to the Team", "steps": [
                ("Re-inherited permissions on the subfolder", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new hire cant open one folder in the team site",
            "reason": "she can open everything else in the Documents library. just 'Client Contracts' gives you need "
                      "permission. she's in the Members group",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- mail-not-received
    {
        "id": "mail-transport-rule-blocking", "group": "mail-not-received", "domain": "m365", "split": "held_out",
        "resolution": "An old mail flow rule rejected external mail to the finance distribution group. Disabled the "
                      "rule.",
        "fix": ("Disabled the old transport rule blocking external mail",
                'Disable-TransportRule -Identity "Block external to Finance"'),
        "history": [
            {"summary": "External email not arriving for the finance group", "steps": [
                ("Message trace", "Get-MessageTrace -RecipientAddress finance@example.com -StartDate (Get-Date)."
                 "AddDays(-2) -EndDate (Get-Date)", "Status: Failed", "info"),
                ("Trace detail showed the transport rule", "", "Transport rule: 'Block external to Finance', action "
                 "RejectMessage", "info"),
                ("Disabled it", 'Disable-TransportRule -Identity "Block external to Finance"', "", "worked"),
            ]},
            {"summary": "Vendors' invoices bounce from the accounts group", "steps": [
                ("Checked the quarantine", "", "", "didnt_work"),
                ("Turned off the old mail flow rule that rejected outside senders", "", "", "worked"),
            ]},
            {"summary": "Nobody in finance gets emails from outside", "steps": [
                ("Deleted the transport rule left from a phishing incident", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "finance not getting outside emails",
            "reason": "vendors say they get a bounce 550 5.7.1 delivery not authorized. internal mail to finance@ "
                      "works. quarantine is empty",
            "steps": [],
        },
    },
    {
        "id": "mail-mx-points-old-filter", "group": "mail-not-received", "domain": "m365", "split": "dev",
        "resolution": "After the third-party spam filter subscription was cancelled, the MX record still pointed at "
                      "it, so inbound mail never reached Exchange Online. Pointed MX at Exchange Online Protection.",
        "fix": ("Pointed the MX record at Exchange Online Protection",
                "MX 0 example-com.mail.protection.outlook.com"),
        "history": [
            {"summary": "No inbound email for the whole company since Monday", "steps": [
                ("Message trace shows nothing from outside at all", "", "", "info"),
                ("Looked up MX", "nslookup -type=mx example.com",
                 "example.com  MX preference = 10, mail exchanger = mx1.oldfilter.example.net", "info"),
                ("Changed MX to EOP", "MX 0 example-com.mail.protection.outlook.com", "", "worked"),
            ]},
            {"summary": "External senders get timeouts mailing us", "steps": [
                ("Checked connectors in EXO", "", "", "didnt_work"),
                ("Updated the MX at the registrar to the Microsoft endpoint", "", "", "worked"),
            ]},
            {"summary": "Inbound mail stopped after cancelling the spam filter service", "steps": [
                ("Replaced the old filtering MX with example-com.mail.protection.outlook.com", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "no external emails coming in for anyone",
            "reason": "internal mail fine, sending out fine. message trace doesnt show any of the missing emails at "
                      "all. we cancelled the old spam filter last month to save money",
            "steps": [
                ("looked at transport rules, nothing blocking", "Get-TransportRule", "(2 rules, both disabled)",
                 "info"),
            ],
        },
    },
    {
        "id": "mail-mailbox-quota-full", "group": "mail-not-received", "domain": "m365", "split": "held_out",
        "resolution": "The user's 50 GB mailbox was full and senders got 554 5.2.2 mailbox full. Enabled the online "
                      "archive with auto-expanding archiving and an archive policy.",
        "fix": ("Enabled the online archive and an archive retention policy",
                "Enable-Mailbox -Identity user@example.com -Archive; Start-ManagedFolderAssistant user@example.com"),
        "history": [
            {"summary": "Senders get a bounce saying the mailbox is full", "steps": [
                ("Checked size", "Get-EXOMailboxStatistics user@example.com | select TotalItemSize",
                 "TotalItemSize : 49.9 GB (53,580,000,000 bytes)", "info"),
                ("Enabled the archive and ran the folder assistant",
                 "Enable-Mailbox -Identity user@example.com -Archive; Start-ManagedFolderAssistant user@example.com",
                 "", "worked"),
            ]},
            {"summary": "CEO not receiving new mail, NDR 554 5.2.2", "steps": [
                ("Emptied deleted items", "", "", "didnt_work"),
                ("Turned on the online archive with a 1-year archive policy", "", "", "worked"),
            ]},
            {"summary": "Mail bouncing for one user, quota exceeded", "steps": [
                ("Enabled archiving so old mail moved out of the primary mailbox", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "boss not getting emails",
            "reason": "people emailing him get a bounce back with 554 5.2.2. outlook bar at the bottom is red",
            "steps": [],
        },
    },
    {
        "id": "mail-malicious-inbox-rule", "group": "mail-not-received", "domain": "m365", "split": "dev",
        "resolution": "The account was compromised and the attacker added a hidden inbox rule moving mail from the "
                      "user's clients to RSS Feeds. Removed the rule and reset the password.",
        "fix": ("Removed the attacker's inbox rule and reset the password",
                'Remove-InboxRule -Mailbox user@example.com -Identity ".." -Confirm:$false'),
        "history": [
            {"summary": "User not seeing emails from one client, trace says delivered", "steps": [
                ("Message trace", "", "Status: Delivered", "info"),
                ("Listed inbox rules", "Get-InboxRule -Mailbox user@example.com",
                 'Name: ..  MoveToFolder: RSS Feeds  From: accounts@client.example', "info"),
                ("Removed the rule and reset the password",
                 'Remove-InboxRule -Mailbox user@example.com -Identity ".." -Confirm:$false', "", "worked"),
            ]},
            {"summary": "Replies from a customer vanish for the sales manager", "steps": [
                ("Rebuilt the Outlook profile", "", "", "didnt_work"),
                ("Found a rule named '.' moving mail to Conversation History; deleted it and secured the account",
                 "", "", "worked"),
            ]},
            {"summary": "Emails marked delivered but never in the inbox", "steps": [
                ("Deleted the suspicious inbox rule created from a foreign IP and reset the password", "", "",
                 "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user missing emails from one vendor",
            "reason": "message trace says delivered. not in junk or deleted. vendor also says they got a weird email "
                      "from her about new bank details",
            "steps": [
                ("disabled an old looking transport rule", 'Disable-TransportRule -Identity "Old spam rule"', "",
                 "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- outbound-deliverability
    {
        "id": "spf-too-many-lookups", "group": "outbound-deliverability", "domain": "m365", "split": "dev",
        "resolution": "The SPF record chained more than 10 DNS lookups, so receivers returned spf=permerror and "
                      "junked or rejected our mail. Removed unused includes to get under 10.",
        "fix": ("Removed unused includes from the SPF record to get under 10 lookups",
                "TXT example.com \"v=spf1 include:spf.protection.outlook.com include:_spf.crm.example.net -all\""),
        "history": [
            {"summary": "Our emails going to spam at customers, SPF permerror", "steps": [
                ("Read a bounced message's headers", "", "Authentication-Results: spf=permerror (too many DNS lookups)",
                 "info"),
                ("Trimmed the SPF record",
                 "TXT example.com \"v=spf1 include:spf.protection.outlook.com include:_spf.crm.example.net -all\"",
                 "", "worked"),
            ]},
            {"summary": "SPF check fails after adding the newsletter service", "steps": [
                ("Counted lookups with an SPF checker", "", "Too many DNS lookups (13)", "info"),
                ("Removed old includes for services we no longer use", "", "", "worked"),
            ]},
            {"summary": "Outbound mail rejected by some recipients, SPF invalid", "steps": [
                ("Enabled DKIM", "", "", "didnt_work"),
                ("Flattened the SPF record under the 10-lookup limit", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "emails going to junk for clients",
            "reason": "since we added the new marketing tool to dns. header from a clients copy says spf=permerror",
            "steps": [
                ("enabled dkim for our domain", "Set-DkimSigningConfig -Identity example.com -Enabled $true", "",
                 "didnt_work"),
            ],
        },
    },
    {
        "id": "dkim-not-enabled-custom-domain", "group": "outbound-deliverability", "domain": "m365",
        "split": "held_out",
        "resolution": "DKIM wasn't enabled for the custom domain (mail was signed as onmicrosoft.com), so DMARC "
                      "failed at Gmail and mail was blocked with 550-5.7.26. Published the selectors, enabled DKIM.",
        "fix": ("Published the DKIM selector CNAMEs and enabled DKIM signing for the domain",
                "Set-DkimSigningConfig -Identity example.com -Enabled $true"),
        "history": [
            {"summary": "Gmail bouncing our emails 550-5.7.26", "steps": [
                ("Bounce text", "",
                 "550-5.7.26 This mail has been blocked because the sender is unauthenticated.", "info"),
                ("Checked DKIM", "Get-DkimSigningConfig example.com | fl Enabled", "Enabled : False", "info"),
                ("Added selector1/selector2 CNAMEs and enabled DKIM",
                 "Set-DkimSigningConfig -Identity example.com -Enabled $true", "", "worked"),
            ]},
            {"summary": "Emails to Yahoo and Gmail rejected, DMARC fail", "steps": [
                ("Headers", "", "dkim=pass header.d=example.onmicrosoft.com; dmarc=fail", "info"),
                ("Enabled DKIM signing for example.com", "", "", "worked"),
            ]},
            {"summary": "DMARC reports show all our mail failing alignment", "steps": [
                ("Set up DKIM for the custom domain in Defender", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "gmail rejecting our mail",
            "reason": "bounce says 550-5.7.26 sender is unauthenticated. spf checks out fine on mxtoolbox, only 4 "
                      "lookups",
            "steps": [],
        },
    },
    {
        "id": "spf-missing-third-party-sender", "group": "outbound-deliverability", "domain": "m365", "split": "dev",
        "resolution": "Invoices sent by the cloud accounting app used our domain, but its servers weren't in SPF and "
                      "DMARC is p=reject, so they were rejected. Added the app's SPF include.",
        "fix": ("Added the accounting app's servers to the SPF record",
                "TXT example.com \"v=spf1 include:spf.protection.outlook.com include:mail.invoiceapp.example -all\""),
        "history": [
            {"summary": "Customers not receiving invoices from the accounting system", "steps": [
                ("DMARC aggregate report", "", "source 198.51.100.77 (invoiceapp) spf=fail dkim=none "
                                               "dmarc=fail", "info"),
                ("Added the app to SPF",
                 "TXT example.com \"v=spf1 include:spf.protection.outlook.com include:mail.invoiceapp.example -all\"",
                 "", "worked"),
            ]},
            {"summary": "Invoice emails bounce, normal email fine", "steps": [
                ("Message trace in EXO shows nothing (not sent via Microsoft)", "", "", "info"),
                ("Authorised the invoicing platform in our SPF", "", "", "worked"),
            ]},
            {"summary": "Statements from the billing app land in junk or bounce", "steps": [
                ("Added the vendor's include to SPF", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "invoices not reaching customers",
            "reason": "only ones sent from the accounting software. emails from outlook reach them fine. we set dmarc "
                      "to reject last month",
            "steps": [],
        },
    },
    {
        "id": "outbound-restricted-sender", "group": "outbound-deliverability", "domain": "security",
        "split": "held_out",
        "resolution": "The account was compromised and sent spam, so Exchange Online put it on the restricted "
                      "entities list (550 5.1.8). Secured the account, then released it from the restricted list.",
        "fix": ("Secured the account and removed it from the restricted entities list",
                "Remove-BlockedSenderAddress -SenderAddress user@example.com"),
        "history": [
            {"summary": "User can't send any email, NDR 550 5.1.8", "steps": [
                ("NDR text", "", "550 5.1.8 Access denied, bad outbound sender", "info"),
                ("Checked restricted users", "Get-BlockedSenderAddress", "SenderAddress : user@example.com", "info"),
                ("Reset password, revoked sessions, then unblocked",
                 "Remove-BlockedSenderAddress -SenderAddress user@example.com", "", "worked"),
            ]},
            {"summary": "Outbound mail blocked for one user after spam complaints", "steps": [
                ("Sent items full of phishing sent overnight", "", "", "info"),
                ("Secured the mailbox and released it under Restricted entities", "", "", "worked"),
            ]},
            {"summary": "'Your message couldn't be delivered because you weren't recognized as a valid sender'",
             "steps": [
                 ("Removed the user from the restricted entities after the password reset", "", "", "worked"),
             ]},
        ],
        "escalation": {
            "summary": "user cant send emails at all",
            "reason": "every email bounces with 550 5.1.8 access denied bad outbound sender. receiving works. she said "
                      "she got a docusign thing yesterday and logged in",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- vpn-connect-fails
    {
        "id": "vpn-l2tp-809-nat-t", "group": "vpn-connect-fails", "domain": "network", "split": "held_out",
        "resolution": "Windows doesn't do L2TP/IPsec to a server behind NAT by default, so the Meraki client VPN "
                      "failed with error 809 from behind home routers. Set AssumeUDPEncapsulationContextOnSendRule=2.",
        "fix": ("Set AssumeUDPEncapsulationContextOnSendRule=2 so L2TP works through NAT",
                "reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\PolicyAgent /v "
                "AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f"),
        "history": [
            {"summary": "Meraki client VPN error 809 from home", "steps": [
                ("Error text", "",
                 "The network connection between your computer and the VPN server could not be established because "
                 "the remote server is not responding. (809)", "info"),
                ("Added the NAT-T registry value and rebooted",
                 "reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\PolicyAgent /v "
                 "AssumeUDPEncapsulationContextOnSendRule /t REG_DWORD /d 2 /f", "", "worked"),
            ]},
            {"summary": "L2TP VPN works on hotspot at office but not from home router", "steps": [
                ("Re-entered the pre-shared key", "", "", "didnt_work"),
                ("Set AssumeUDPEncapsulationContextOnSendRule to 2", "", "", "worked"),
            ]},
            {"summary": "New laptop can't connect to the Meraki VPN, 809", "steps": [
                ("Applied the NAT traversal registry fix", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new laptop vpn not connecting",
            "reason": "windows built in vpn to the meraki. error 809 remote server not responding. old laptop "
                      "from same "
                      "house connects fine. psk is right",
            "steps": [
                ("recreated the vpn connection", "Add-VpnConnection -Name Office -ServerAddress vpn.example.com "
                 "-TunnelType L2tp -L2tpPsk ***", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "vpn-forticlient-7200-group", "group": "vpn-connect-fails", "domain": "network", "split": "dev",
        "resolution": "The user had been moved out of the AD group the FortiGate's SSL VPN policy uses, so FortiClient "
                      "failed with -7200. Added the user back to the VPN group.",
        "fix": ("Added the user back to the AD group used by the SSL VPN policy",
                'Add-ADGroupMember -Identity "VPN-Users" -Members jsmith'),
        "history": [
            {"summary": "FortiClient 'Credential or SSLVPN configuration is wrong (-7200)'", "steps": [
                ("Checked the FortiGate event log", "", "ssl-login-fail reason=\"no matching policy\" user=jsmith",
                 "info"),
                ("Added him to VPN-Users", 'Add-ADGroupMember -Identity "VPN-Users" -Members jsmith', "", "worked"),
            ]},
            {"summary": "One user can't connect to SSL VPN after changing departments", "steps": [
                ("Reset his password", "", "", "didnt_work"),
                ("Put him back in the VPN security group", "", "", "worked"),
            ]},
            {"summary": "-7200 on FortiClient for a new hire", "steps": [
                ("Added the new hire to the group referenced in the VPN firewall policy", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "forticlient -7200 for mike",
            "reason": "mike moved from sales to ops last week and we changed his groups. pw works on the pc and owa. "
                      "no mfa prompt comes",
            "steps": [
                ("reset his pw", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "vpn-forticlient-radius-mfa-timeout", "group": "vpn-connect-fails", "domain": "network",
        "split": "held_out",
        "resolution": "After adding the NPS MFA extension, RADIUS replies took longer than the FortiGate's 5-second "
                      "remote auth timeout, so logins failed even when users approved the push. Raised it to 60s.",
        "fix": ("Raised the FortiGate remote authentication timeout to 60 seconds",
                "config system global / set remoteauthtimeout 60"),
        "history": [
            {"summary": "SSL VPN fails for everyone since MFA was added", "steps": [
                ("FortiClient error", "", "Credential or SSLVPN configuration is wrong (-7200)", "info"),
                ("NPS log shows the request accepted 14 s after it arrived", "", "Event 6272: Network Policy Server "
                 "granted access to a user.", "info"),
                ("Increased remoteauthtimeout", "config system global / set remoteauthtimeout 60", "", "worked"),
            ]},
            {"summary": "Users approve the Authenticator push but VPN still fails", "steps": [
                ("Added the users to the VPN group again", "", "", "didnt_work"),
                ("Raised the RADIUS/remote auth timeout on the FortiGate to 60 seconds", "", "", "worked"),
            ]},
            {"summary": "FortiClient stops at 40% then errors, MFA push arrives late", "steps": [
                ("Set remoteauthtimeout 60 in system global", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "nobody can vpn in since the mfa change",
            "reason": "forticlient sits at 40% then -7200. the authenticator push shows up on the phone and they "
                      "approve it but it already failed. all users",
            "steps": [
                ("checked VPN-Users group membership, everyone is in it", 'Get-ADGroupMember "VPN-Users"',
                 "(42 members)", "info"),
            ],
        },
    },
    {
        "id": "vpn-sonicwall-ssl-cert-expired", "group": "vpn-connect-fails", "domain": "network", "split": "dev",
        "resolution": "The certificate on the SonicWall's SSL VPN had expired, so NetExtender/Mobile Connect refused "
                      "to connect. Imported the renewed certificate and bound it to SSL VPN.",
        "fix": ("Imported the renewed certificate on the SonicWall and selected it for SSL VPN", ""),
        "history": [
            {"summary": "NetExtender says the server certificate has expired", "steps": [
                ("Checked the cert in the browser on the VPN portal", "", "Expires: Monday, 11 March 2024", "info"),
                ("Imported the renewed cert and picked it under SSL VPN > Server Settings", "", "", "worked"),
            ]},
            {"summary": "Nobody can connect with SonicWall Mobile Connect this morning", "steps": [
                ("Reinstalled Mobile Connect on one PC", "", "", "didnt_work"),
                ("Renewed the SSL VPN certificate on the firewall", "", "", "worked"),
            ]},
            {"summary": "SSL VPN certificate error on all clients", "steps": [
                ("Bound the new certificate to the SSL VPN and management", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "netextender not connecting for all remote ppl",
            "reason": "it pops a certificate warning then fails. started today. nobody changed anything on the "
                      "sonicwall",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- vpn-connected-no-access
    {
        "id": "vpn-home-subnet-overlap", "group": "vpn-connected-no-access", "domain": "network", "split": "dev",
        "resolution": "The user's home router used 192.168.1.0/24, the same as the office LAN, so traffic to office "
                      "servers never entered the tunnel. Changed the home router's LAN to 192.168.50.0/24.",
        "fix": ("Changed the home router's LAN subnet so it no longer overlaps the office", ""),
        "history": [
            {"summary": "Connected to VPN but can't reach any server from home", "steps": [
                ("ipconfig at home", "ipconfig", "IPv4 Address: 192.168.1.23\nDefault Gateway: 192.168.1.1", "info"),
                ("Office LAN is also 192.168.1.0/24; changed the home router to 192.168.50.0/24", "", "", "worked"),
            ]},
            {"summary": "VPN up, mapped drives and RDP fail for one remote user", "steps": [
                ("Route print shows the local /24 winning", "route print -4",
                 "192.168.1.0  255.255.255.0  On-link  192.168.1.23  25", "info"),
                ("Re-addressed her home network", "", "", "worked"),
            ]},
            {"summary": "Remote worker can ping the VPN gateway but nothing else", "steps": [
                ("Reinstalled the VPN client", "", "", "didnt_work"),
                ("Moved the home LAN off 192.168.1.x to avoid the overlap", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "vpn connects but cant get to anything",
            "reason": "one user. new isp router at home. ipconfig shows 192.168.1.x address at home. other remote "
                      "users ok",
            "steps": [
                ("reinstalled forticlient", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "vpn-dns-not-pushed", "group": "vpn-connected-no-access", "domain": "network", "split": "held_out",
        "resolution": "The SSL VPN settings didn't hand out the internal DNS servers or suffix, so names didn't "
                      "resolve over the tunnel though IPs worked. Set the DNS servers and suffix in the tunnel config.",
        "fix": ("Configured the SSL VPN to push the internal DNS servers and domain suffix",
                "config vpn ssl settings / set dns-server1 192.168.1.10 / set dns-suffix corp.example.com"),
        "history": [
            {"summary": "VPN works by IP address but not by server name", "steps": [
                ("nslookup over the tunnel", "nslookup fs01", "Server: home.router\n*** home.router can't find fs01",
                 "info"),
                ("Added DNS servers and suffix to the SSL VPN settings",
                 "config vpn ssl settings / set dns-server1 192.168.1.10 / set dns-suffix corp.example.com", "",
                 "worked"),
            ]},
            {"summary": "Remote users can't open \\\\fs01 but \\\\192.168.1.10 works", "steps": [
                ("Flushed DNS", "ipconfig /flushdns", "", "didnt_work"),
                ("Set the VPN to push internal DNS", "", "", "worked"),
            ]},
            {"summary": "Mapped drives by name fail over VPN since the firewall replacement", "steps": [
                ("Configured DNS server and suffix on the new firewall's VPN", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "vpn users cant open the S drive",
            "reason": "if i use \\\\192.168.1.10\\shared it opens. \\\\fs01 does not. everybody on vpn, started after "
                      "the firewall swap",
            "steps": [
                ("flushdns", "ipconfig /flushdns", "Successfully flushed the DNS Resolver Cache.", "didnt_work"),
            ],
        },
    },
    {
        "id": "vpn-split-tunnel-missing-subnet", "group": "vpn-connected-no-access", "domain": "network",
        "split": "dev",
        "resolution": "The new server VLAN (10.0.50.0/24) wasn't in the split-tunnel address group, so VPN clients "
                      "sent that traffic out their home internet. Added the subnet to the split-tunnel group.",
        "fix": ("Added the new VLAN subnet to the split-tunnel routing address group",
                'config firewall addrgrp / edit "VPN-Split" / append member "VLAN50-Servers"'),
        "history": [
            {"summary": "Remote users can't reach the new server, office users can", "steps": [
                ("tracert from home", "tracert -d 10.0.50.15",
                 "1  2 ms  192.168.0.1\n2  9 ms  100.64.0.1", "info"),
                ("Added the VLAN to the split-tunnel group",
                 'config firewall addrgrp / edit "VPN-Split" / append member "VLAN50-Servers"', "", "worked"),
            ]},
            {"summary": "VPN can't reach anything on the new VLAN", "steps": [
                ("Checked the firewall policy from VPN to VLAN50: allowed", "", "", "info"),
                ("Included 10.0.50.0/24 in the split-tunnel routes", "", "", "worked"),
            ]},
            {"summary": "New app server unreachable over VPN", "steps": [
                ("Pushed DNS suffix to VPN clients", "", "", "didnt_work"),
                ("Added its subnet to the tunnel's routing addresses", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant get to new erp server from home",
            "reason": "everything else on vpn works. the erp server is on the new vlan 10.0.50.x. by ip doesnt work "
                      "either. from the office its fine",
            "steps": [
                ("added dns suffix + dns server to the vpn settings", "config vpn ssl settings / set dns-suffix "
                 "corp.example.com", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "vpn-server-firewall-localsubnet", "group": "vpn-connected-no-access", "domain": "systems",
        "split": "held_out",
        "resolution": "The server's Windows Firewall rules for RDP and SMB were scoped to 'Local subnet', so the VPN "
                      "pool (10.212.134.0/24) was blocked while office users worked. Added the VPN pool to the scope.",
        "fix": ("Added the VPN address pool to the server's firewall rule scope",
                'Set-NetFirewallRule -DisplayGroup "Remote Desktop" -RemoteAddress LocalSubnet,10.212.134.0/24'),
        "history": [
            {"summary": "RDP to one server fails over VPN, works in the office", "steps": [
                ("Test from a VPN client", "Test-NetConnection APP01 -Port 3389", "TcpTestSucceeded : False", "info"),
                ("Checked the rule", 'Get-NetFirewallRule -DisplayGroup "Remote Desktop" | '
                                     'Get-NetFirewallAddressFilter',
                 "RemoteAddress : LocalSubnet", "info"),
                ("Added the VPN pool",
                 'Set-NetFirewallRule -DisplayGroup "Remote Desktop" -RemoteAddress LocalSubnet,10.212.134.0/24', "",
                 "worked"),
            ]},
            {"summary": "VPN users can't open shares on the new file server", "steps": [
                ("Firewall policy on the FortiGate allows VPN to LAN", "", "", "info"),
                ("Widened the File and Printer Sharing rules to include the VPN subnet", "", "", "worked"),
            ]},
            {"summary": "Server only reachable from the office LAN", "steps": [
                ("Rebooted the server", "", "", "didnt_work"),
                ("Added 10.212.134.0/24 to the remote address scope of its firewall rules", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant rdp to APP01 from vpn",
            "reason": "can ping it and rdp to every other server from vpn. APP01 was built last week from the new "
                      "hardened template. in the office rdp works",
            "steps": [
                ("checked forticlient routes, 192.168.1.0/24 is in the tunnel", "route print -4",
                 "192.168.1.0  255.255.255.0  10.212.134.200", "info"),
            ],
        },
    },
    # ---------------------------------------------------------------- site-vpn-down
    {
        "id": "s2s-peer-ip-changed", "group": "site-vpn-down", "domain": "network", "split": "held_out",
        "resolution": "The branch ISP changed the branch firewall's public IP, so the HQ side still pointed phase 1 at "
                      "the old address and the tunnel never came up. Updated the remote gateway.",
        "fix": ("Updated the remote gateway IP of the branch tunnel at HQ",
                'config vpn ipsec phase1-interface / edit "to-Branch" / set remote-gw 198.51.100.88'),
        "history": [
            {"summary": "Branch tunnel down since the weekend", "steps": [
                ("IKE debug on HQ", "diagnose debug application ike -1",
                 "ike 0:to-Branch: negotiation timeout, deleting\nike 0:to-Branch: connection expiring due to phase1 "
                 "down", "info"),
                ("Branch WAN IP on its dashboard was different from our remote-gw", "", "", "info"),
                ("Set remote-gw to the new address",
                 'config vpn ipsec phase1-interface / edit "to-Branch" / set remote-gw 198.51.100.88', "", "worked"),
            ]},
            {"summary": "Site-to-site VPN won't come up after the branch's modem swap", "steps": [
                ("Re-entered the pre-shared key both sides", "", "", "didnt_work"),
                ("Changed the peer address to the branch's new public IP", "", "", "worked"),
            ]},
            {"summary": "Branch can't reach HQ servers, phase 1 not establishing", "steps": [
                ("Updated the remote gateway for the branch tunnel", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "branch cant reach hq",
            "reason": "tunnel down since saturday. branch internet works fine. their ISP was out there friday "
                      "replacing the modem",
            "steps": [
                ("bounced the tunnel", "diagnose vpn tunnel flush to-Branch", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "s2s-phase2-selector-mismatch", "group": "site-vpn-down", "domain": "network", "split": "dev",
        "resolution": "A new VLAN was added at HQ but only one side's phase 2 selectors were updated, so that subnet's "
                      "SA failed (no matching phase2). Added matching phase 2 selectors on both ends.",
        "fix": ("Added matching phase 2 selectors for the new subnet on both firewalls",
                'config vpn ipsec phase2-interface / edit "to-Branch-VLAN40" / set src-subnet 10.0.40.0/24 / '
                "set dst-subnet 10.20.0.0/24"),
        "history": [
            {"summary": "Branch reaches HQ except the new VoIP VLAN", "steps": [
                ("IKE debug", "diagnose debug application ike -1",
                 "ike 0:to-Branch:1123: no matching phase2 found\nsend NOTIFY TS_UNACCEPTABLE", "info"),
                ("Added the selector pair on both sides",
                 'config vpn ipsec phase2-interface / edit "to-Branch-VLAN40" / set src-subnet 10.0.40.0/24', "",
                 "worked"),
            ]},
            {"summary": "Tunnel up but one subnet can't cross it", "steps": [
                ("Added a firewall policy for the subnet", "", "", "didnt_work"),
                ("Created matching phase 2 quick mode selectors at the branch", "", "", "worked"),
            ]},
            {"summary": "New server VLAN unreachable from branch office", "steps": [
                ("Mirrored the HQ phase 2 entries on the branch firewall", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "branch cant get to the new printers vlan at hq",
            "reason": "everything else over the tunnel is fine. vlan 40 is new. ike debug has TS_UNACCEPTABLE in it",
            "steps": [],
        },
    },
    {
        "id": "s2s-weak-proposal-removed", "group": "site-vpn-down", "domain": "network", "split": "held_out",
        "resolution": "The firmware upgrade dropped 3DES/SHA1/DH group 2 from the phase 1 proposal, and the branch "
                      "still offered only those, so IKE failed with 'no SA proposal chosen'. Set AES256/SHA256/DH14.",
        "fix": ("Set matching AES256-SHA256 with DH group 14 on both ends",
                'config vpn ipsec phase1-interface / edit "to-Branch" / set proposal aes256-sha256 / set dhgrp 14'),
        "history": [
            {"summary": "Tunnel down after the FortiGate firmware upgrade", "steps": [
                ("IKE debug", "diagnose debug application ike -1", "ike 0:to-Branch: no SA proposal chosen", "info"),
                ("Aligned both sides on aes256-sha256 and DH14",
                 'config vpn ipsec phase1-interface / edit "to-Branch" / set proposal aes256-sha256 / set dhgrp 14',
                 "", "worked"),
            ]},
            {"summary": "Site-to-site VPN fails to negotiate after upgrade", "steps": [
                ("Re-typed the PSK", "", "", "didnt_work"),
                ("Upgraded the old branch's proposals to AES256/SHA256/group 14", "", "", "worked"),
            ]},
            {"summary": "IPsec phase 1 proposal mismatch with the old branch SonicWall", "steps": [
                ("Configured modern matching phase 1 and 2 proposals", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "tunnel to the warehouse down",
            "reason": "went down right after i upgraded the hq fortigate firmware last night. debug says no SA "
                      "proposal chosen",
            "steps": [
                ("reentered psk both sides", "", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- rdp-cant-connect
    {
        "id": "rdp-credssp-unpatched-server", "group": "rdp-cant-connect", "domain": "systems", "split": "dev",
        "resolution": "The server was missing a year of updates, so patched clients refused its CredSSP version "
                      "('CredSSP encryption oracle remediation'). Installed the current cumulative update on it.",
        "fix": ("Installed the latest cumulative update on the unpatched server",
                "Install-WindowsUpdate -AcceptAll -AutoReboot"),
        "history": [
            {"summary": "RDP 'authentication error, function requested is not supported'", "steps": [
                ("Full error", "",
                 "An authentication error has occurred. The function requested is not supported. This could be due to "
                 "CredSSP encryption oracle remediation.", "info"),
                ("Checked the server's last patch", "Get-HotFix | sort InstalledOn | select -Last 1",
                 "KB4093119  4/12/2018", "info"),
                ("Patched the server", "Install-WindowsUpdate -AcceptAll -AutoReboot", "", "worked"),
            ]},
            {"summary": "Can't RDP to the old accounting server from updated PCs", "steps": [
                ("Set 'Encryption Oracle Remediation' to Vulnerable on one client as a test: connects", "", "",
                 "info"),
                ("Reverted that and installed the cumulative update on the server instead", "", "", "worked"),
            ]},
            {"summary": "CredSSP error connecting to a legacy server", "steps": [
                ("Reinstalled the RDP client", "", "", "didnt_work"),
                ("Brought the server up to date with Windows Update", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant remote into the old sage server",
            "reason": "error says authentication error, function requested is not supported ... credssp encryption "
                      "oracle remediation. other servers ok. that server hasnt been touched in years",
            "steps": [],
        },
    },
    {
        "id": "rds-licensing-grace-expired", "group": "rdp-cant-connect", "domain": "systems", "split": "held_out",
        "resolution": "The RD Session Host's 120-day grace period ended and no license server/mode was configured, "
                      "so sessions were refused. Set the licensing mode and server to the installed RDS CALs.",
        "fix": ("Configured the RDS licensing mode and license server",
                "Set-RDLicenseConfiguration -LicenseServer RDS01.corp.example.com -Mode PerUser "
                "-ConnectionBroker RDS01.corp.example.com -Force"),
        "history": [
            {"summary": "Users disconnected from the terminal server: no license servers available", "steps": [
                ("Client error", "",
                 "The remote session was disconnected because there are no Remote Desktop License Servers available "
                 "to provide a license.", "info"),
                ("Set mode and license server",
                 "Set-RDLicenseConfiguration -LicenseServer RDS01.corp.example.com -Mode PerUser "
                 "-ConnectionBroker RDS01.corp.example.com -Force", "", "worked"),
            ]},
            {"summary": "RDS stopped accepting connections after 4 months", "steps": [
                ("Event log", "", "Event 1128: The RD Licensing grace period has expired and the service has not "
                 "registered with a license server", "info"),
                ("Pointed the session host at the license server, Per User", "", "", "worked"),
            ]},
            {"summary": "Remote desktop server licensing error for everyone", "steps": [
                ("Rebooted the session host", "", "", "didnt_work"),
                ("Configured RD licensing (mode and server) in the deployment properties", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "nobody can log into the terminal server",
            "reason": "error about no remote desktop license servers available. server was set up in the spring. admin "
                      "/console login works",
            "steps": [
                ("restarted rds01", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "rdgw-certificate-expired", "group": "rdp-cant-connect", "domain": "security", "split": "dev",
        "resolution": "The certificate on the RD Gateway expired, so remote connections through the gateway failed. "
                      "Renewed the certificate and bound it to the Gateway role.",
        "fix": ("Renewed and bound the RD Gateway certificate",
                "Set-RDCertificate -Role RDGateway -ImportPath C:\\certs\\rdgw-2024.pfx -Password $pfxPw "
                "-ConnectionBroker RDS01.corp.example.com -Force"),
        "history": [
            {"summary": "Remote desktop gateway gives a certificate error", "steps": [
                ("Client message", "",
                 "This computer can't connect to the remote computer because the Remote Desktop Gateway server's "
                 "certificate has expired or has been revoked.", "info"),
                ("Imported the renewed certificate for the Gateway role",
                 "Set-RDCertificate -Role RDGateway -ImportPath C:\\certs\\rdgw-2024.pfx -Password $pfxPw "
                 "-ConnectionBroker RDS01.corp.example.com -Force", "", "worked"),
            ]},
            {"summary": "Staff can't connect through RD Gateway from home", "steps": [
                ("Restarted the RD Gateway service", "", "", "didnt_work"),
                ("Renewed the public certificate and bound it in RD Gateway Manager", "", "", "worked"),
            ]},
            {"summary": "RDP via gateway fails with a security warning for everyone", "steps": [
                ("Replaced the expired gateway cert", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "remote ppl cant connect to rdweb",
            "reason": "message about the gateway server certificate expired or revoked. in the office (no gateway) "
                      "rdp works",
            "steps": [],
        },
    },
    {
        "id": "rdp-user-not-authorized", "group": "rdp-cant-connect", "domain": "systems", "split": "held_out",
        "resolution": "The new user wasn't in the group that grants 'Allow log on through Remote Desktop Services' on "
                      "the session hosts. Added them to the RDS users group.",
        "fix": ("Added the user to the RDS users group", 'Add-ADGroupMember -Identity "RDS-Users" -Members newhire'),
        "history": [
            {"summary": "New starter denied on the terminal server", "steps": [
                ("Error", "",
                 "The connection was denied because the user account is not authorized for remote login.", "info"),
                ("Added to RDS-Users", 'Add-ADGroupMember -Identity "RDS-Users" -Members newhire', "", "worked"),
            ]},
            {"summary": "One user can't RDP, others fine", "steps": [
                ("Reset the password", "", "", "didnt_work"),
                ("Put the user in the Remote Desktop Users group on the host", "", "", "worked"),
            ]},
            {"summary": "'Not authorized for remote login' on RDS farm", "steps": [
                ("Added the account to the group used in the RDS collection", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new guy cant rdp to the app server",
            "reason": "says account is not authorized for remote login. password is right, he can log into his pc",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- kerberos-auth
    {
        "id": "krb-secure-channel-broken", "group": "kerberos-auth", "domain": "systems", "split": "held_out",
        "resolution": "The PC's machine account password no longer matched AD after it was restored from an old "
                      "image, breaking the secure channel. Repaired it with Test-ComputerSecureChannel.",
        "fix": ("Repaired the computer's secure channel with the domain",
                "Test-ComputerSecureChannel -Repair -Credential CORP\\admin"),
        "history": [
            {"summary": "'The trust relationship between this workstation and the primary domain failed'", "steps": [
                ("Logged in as local admin and tested", "Test-ComputerSecureChannel", "False", "info"),
                ("Repaired it", "Test-ComputerSecureChannel -Repair -Credential CORP\\admin", "True", "worked"),
            ]},
            {"summary": "Domain users can't log in to a PC restored from backup", "steps": [
                ("Netlogon event", "", "Event 3210: This computer could not authenticate with \\\\DC01, a "
                                       "Windows domain "
                 "controller", "info"),
                ("Reset the machine account password", "Reset-ComputerMachinePassword -Server DC01 -Credential "
                 "CORP\\admin", "", "worked"),
            ]},
            {"summary": "Trust relationship error after reverting a VM snapshot", "steps": [
                ("Rebooted", "", "", "didnt_work"),
                ("Fixed the secure channel with Test-ComputerSecureChannel -Repair", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user cant log in, trust relationship error",
            "reason": "we reimaged her pc from the old backup friday. local admin works. other pcs fine",
            "steps": [],
        },
    },
    {
        "id": "krb-duplicate-spn", "group": "kerberos-auth", "domain": "systems", "split": "dev",
        "resolution": "The MSSQLSvc SPN was registered on both the old and new SQL service accounts, so clients got "
                      "tickets for the wrong account (KRB_AP_ERR_MODIFIED, event 4). Removed the duplicate SPN.",
        "fix": ("Removed the duplicate SPN from the old service account",
                "setspn -D MSSQLSvc/SQL01.corp.example.com:1433 CORP\\svc-sql-old"),
        "history": [
            {"summary": "SQL app login fails with 'Cannot generate SSPI context'", "steps": [
                ("System log on the client", "",
                 "Event 4 (Security-Kerberos): The Kerberos client received a KRB_AP_ERR_MODIFIED error from the "
                 "server svc-sql.", "info"),
                ("Searched duplicates", "setspn -X",
                 "MSSQLSvc/SQL01.corp.example.com:1433 is registered on these accounts:\n  CN=svc-sql\n  "
                 "CN=svc-sql-old",
                 "info"),
                ("Removed it from the old account",
                 "setspn -D MSSQLSvc/SQL01.corp.example.com:1433 CORP\\svc-sql-old", "Updated object", "worked"),
            ]},
            {"summary": "Kerberos event 4 after changing the SQL service account", "steps": [
                ("klist purge", "klist purge", "", "didnt_work"),
                ("Deleted the SPN still on the previous service account", "", "", "worked"),
            ]},
            {"summary": "Intranet site prompts for login, KRB_AP_ERR_MODIFIED", "steps": [
                ("Found HTTP/intranet on two accounts with setspn -X, removed the stale one", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "practice mgmt app cant connect to sql",
            "reason": "'cannot generate sspi context'. event 4 KRB_AP_ERR_MODIFIED on the pcs. we changed sql to run "
                      "under a new service account last week. dns for SQL01 is right, checked",
            "steps": [
                ("klist purge on a client", "klist purge", "Ticket(s) purged!", "didnt_work"),
            ],
        },
    },
    {
        "id": "krb-stale-dns-wrong-host", "group": "kerberos-auth", "domain": "systems", "split": "held_out",
        "resolution": "A stale DNS A record sent clients for FS02 to an IP now used by another server, which couldn't "
                      "decrypt the ticket (KRB_AP_ERR_MODIFIED). Deleted the stale record and enabled scavenging.",
        "fix": ("Deleted the stale A record and enabled DNS scavenging",
                "Remove-DnsServerResourceRecord -ZoneName corp.example.com -RRType A -Name FS02 -RecordData "
                "192.168.1.31 -Force; Set-DnsServerScavenging -ScavengingState $true -ApplyOnAllZones"),
        "history": [
            {"summary": "Access denied opening \\\\FS02, event 4 KRB_AP_ERR_MODIFIED", "steps": [
                ("nslookup", "nslookup FS02", "Addresses: 192.168.1.31\n          192.168.1.42", "info"),
                ("ping -a on .31", "ping -a 192.168.1.31", "Pinging PRINT02.corp.example.com [192.168.1.31]", "info"),
                ("Deleted the stale record, turned on scavenging",
                 "Remove-DnsServerResourceRecord -ZoneName corp.example.com -RRType A -Name FS02 -RecordData "
                 "192.168.1.31 -Force", "", "worked"),
            ]},
            {"summary": "Kerberos errors to a file server that changed IP", "steps": [
                ("Checked SPNs, no duplicates", "setspn -X", "found 0 group of duplicate SPNs.", "info"),
                ("Removed the old A record pointing at the reused IP", "", "", "worked"),
            ]},
            {"summary": "Some users get a password prompt for the file server share", "steps": [
                ("Cleaned the stale DNS entry and flushed client caches", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "some ppl get login prompt for the FS02 share",
            "reason": "event 4 KRB_AP_ERR_MODIFIED on their pcs. setspn -X finds no duplicates. FS02 got a new ip when "
                      "we moved it to the server vlan",
            "steps": [
                ("klist purge", "klist purge", "Ticket(s) purged!", "didnt_work"),
            ],
        },
    },
    {
        "id": "krb-service-account-no-aes", "group": "kerberos-auth", "domain": "systems", "split": "dev",
        "resolution": "The service account's password dated from 2008 so it had no AES keys; after RC4 was disabled "
                      "the KDC couldn't issue tickets (event 14). Reset the password to create AES keys.",
        "fix": ("Reset the service account's password so AD generates AES keys",
                "Set-ADAccountPassword svc-app -Reset -NewPassword $pw; Set-ADUser svc-app -KerberosEncryptionType "
                "AES128,AES256"),
        "history": [
            {"summary": "Legacy app service can't authenticate after disabling RC4", "steps": [
                ("KDC event on the DC", "",
                 "Event 14: While processing an AS request for target service krbtgt, the account svc-app did not have "
                 "a suitable key for generating a Kerberos ticket (the missing key has an ID of 18).", "info"),
                ("Reset the password and set AES types",
                 "Set-ADAccountPassword svc-app -Reset -NewPassword $pw; Set-ADUser svc-app "
                 "-KerberosEncryptionType AES128,AES256", "", "worked"),
            ]},
            {"summary": "Old service account fails Kerberos after the hardening GPO", "steps": [
                ("pwdLastSet", "Get-ADUser svc-app -Properties PasswordLastSet | select PasswordLastSet",
                 "PasswordLastSet : 3/14/2008 10:22:41 AM", "info"),
                ("Reset it to get AES keys", "", "", "worked"),
            ]},
            {"summary": "Scheduled job as service account fails logon, event 14 on DCs", "steps": [
                ("Re-enabled RC4 on the account temporarily", "", "", "dead_end"),
                ("Changed the service account password so AES keys exist", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "document mgmt service wont start",
            "reason": "logon failure for svc-app since we pushed the 'disable RC4' gpo. DCs have event 14 'did not "
                      "have a suitable key'",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- account-lockouts
    {
        "id": "lockout-phone-activesync", "group": "account-lockouts", "domain": "security", "split": "dev",
        "resolution": "The user's old phone kept syncing ActiveSync against on-prem Exchange with the old password, "
                      "locking the AD account (4740 from EXCH01). Removed the account from the old phone.",
        "fix": ("Removed the mail account from the user's old phone", ""),
        "history": [
            {"summary": "User account keeps locking out every morning", "steps": [
                ("Found the 4740 on the PDC", "",
                 "Event 4740: A user account was locked out. Account Name: jsmith  Caller Computer Name: EXCH01",
                 "info"),
                ("IIS log on EXCH01", "", "POST /Microsoft-Server-ActiveSync ... DeviceType=iPhone 401", "info"),
                ("Deleted the mail account on the old iPhone in her drawer", "", "", "worked"),
            ]},
            {"summary": "Lockouts every hour since the password change", "steps": [
                ("Unlocked the account", "Unlock-ADAccount jsmith", "", "dead_end"),
                ("Blocked the old device's ActiveSync partnership and removed the account from it", "", "",
                 "worked"),
            ]},
            {"summary": "AD account locked repeatedly, caller is the Exchange server", "steps": [
                ("Removed the stale phone from the mailbox devices and wiped the mail profile off it", "", "",
                 "worked"),
            ]},
        ],
        "escalation": {
            "summary": "jsmith locked out again",
            "reason": "3rd time today. 4740 says caller computer EXCH01. she changed pw monday, got a new phone last "
                      "month",
            "steps": [
                ("unlocked + reset pw", "Unlock-ADAccount jsmith", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "lockout-scheduled-task", "group": "account-lockouts", "domain": "security", "split": "held_out",
        "resolution": "A scheduled task on a workstation ran as the user with her old password and retried every "
                      "15 minutes, locking the account. Changed the task to the service account.",
        "fix": ("Changed the scheduled task to run as the service account",
                'schtasks /Change /TN "Nightly export" /RU CORP\\svc-tasks /RP *'),
        "history": [
            {"summary": "Account locks out every 15 minutes", "steps": [
                ("4740", "", "Caller Computer Name: SCAN-PC01", "info"),
                ("Security log on SCAN-PC01 showed 4625 from taskeng", "", "Logon Type: 4 (Batch)", "info"),
                ("Moved the task to the service account",
                 'schtasks /Change /TN "Nightly export" /RU CORP\\svc-tasks /RP *',
                 'SUCCESS: The parameters of scheduled task "Nightly export" have been changed.', "worked"),
            ]},
            {"summary": "User locked out overnight when she's not even working", "steps": [
                ("Checked her phone: no mail account", "", "", "info"),
                ("Found a scheduled task running as her on the report PC; re-set it to a service account", "", "",
                 "worked"),
            ]},
            {"summary": "Lockouts caused by a batch logon on one workstation", "steps": [
                ("Updated the scheduled task credentials", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "karen locked out every 15 min",
            "reason": "even overnight. 4740 caller is SCAN-PC01 which isnt her pc. logon type 4 in the 4625s there",
            "steps": [
                ("unlocked her", "Unlock-ADAccount karen", "", "dead_end"),
            ],
        },
    },
    {
        "id": "lockout-disconnected-rdp-session", "group": "account-lockouts", "domain": "security", "split": "dev",
        "resolution": "A disconnected RDP session on the terminal server still held the old password and kept "
                      "re-authenticating mapped drives, locking the account. Logged the old session off.",
        "fix": ("Logged off the user's stale disconnected session on the terminal server", "logoff 3 /server:TS01"),
        "history": [
            {"summary": "Lockouts since password change, caller is the terminal server", "steps": [
                ("4740", "", "Caller Computer Name: TS01", "info"),
                ("Listed sessions", "query user /server:TS01",
                 " jsmith                          3  Disc    18+02:11  2/28/2024 8:02 AM", "info"),
                ("Logged the session off", "logoff 3 /server:TS01", "", "worked"),
            ]},
            {"summary": "User locks out after reset, she hasn't used the RDS server in weeks", "steps": [
                ("Reset the password again", "", "", "didnt_work"),
                ("Ended her 3-week-old disconnected RDS session", "", "", "worked"),
            ]},
            {"summary": "Account lockouts from TS01", "steps": [
                ("Signed the stale session out and set a disconnected-session time limit", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "account keeps locking after pw change",
            "reason": "4740 caller computer is TS01. she says she doesnt use the remote server anymore",
            "steps": [],
        },
    },
    {
        "id": "lockout-saved-credential-laptop", "group": "account-lockouts", "domain": "security",
        "split": "held_out",
        "resolution": "A Windows Credential Manager entry on the user's second laptop saved the old password for "
                      "\\\\FS01 and kept retrying, locking the account. Removed the saved credential.",
        "fix": ("Removed the saved credential for the file server from Credential Manager",
                "cmdkey /delete:Domain:target=FS01"),
        "history": [
            {"summary": "Locked out after password change, caller is her old laptop", "steps": [
                ("4740", "", "Caller Computer Name: LT-0423", "info"),
                ("Listed creds on LT-0423", "cmdkey /list", "Target: Domain:target=FS01\nUser: CORP\\jsmith", "info"),
                ("Deleted it", "cmdkey /delete:Domain:target=FS01", "CMDKEY: Credential deleted successfully.",
                 "worked"),
            ]},
            {"summary": "Repeated lockouts from a laptop in the meeting room", "steps": [
                ("Checked scheduled tasks, none run as the user", "", "", "info"),
                ("Removed the user's saved Windows credentials for the share", "", "", "worked"),
            ]},
            {"summary": "Lockout loop from a spare PC with stored password", "steps": [
                ("Cleared Credential Manager on the spare laptop", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user locked out over and over",
            "reason": "4740 caller computer LT-0423 (her old laptop, still on the desk at home). no scheduled tasks "
                      "as her on it, checked",
            "steps": [
                ("reset pw", "", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- gpo-not-applying
    {
        "id": "gpo-security-filter-no-read", "group": "gpo-not-applying", "domain": "systems", "split": "held_out",
        "resolution": "The GPO was filtered to a user group with Authenticated Users removed, so computers couldn't "
                      "read it (MS16-072) and gpresult showed 'Denied (Security)'. Gave Authenticated Users Read.",
        "fix": ("Gave Authenticated Users read on the GPO",
                'Set-GPPermission -Name "Drive Maps" -TargetName "Authenticated Users" -TargetType Group '
                "-PermissionLevel GpoRead"),
        "history": [
            {"summary": "User GPO not applying, gpresult says denied security", "steps": [
                ("gpresult", "gpresult /r /scope:user",
                 "The following GPOs were not applied because they were filtered out\n    Drive Maps\n        "
                 "Filtering:  Denied (Security)", "info"),
                ("Added Authenticated Users with Read (no apply)",
                 'Set-GPPermission -Name "Drive Maps" -TargetName "Authenticated Users" -TargetType Group '
                 "-PermissionLevel GpoRead", "", "worked"),
            ]},
            {"summary": "Group-filtered policy ignored even for members", "steps": [
                ("Re-added the user to the filter group", "", "", "didnt_work"),
                ("Granted Domain Computers read on the GPO", "", "", "worked"),
            ]},
            {"summary": "Security-filtered GPO not applying since it was edited", "steps": [
                ("Delegation tab lacked Authenticated Users, added it back with read", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new drive map gpo not working",
            "reason": "i filtered it to the Sales group only so i removed authenticated users. sales ppl dont get the "
                      "drive. gpresult: Denied (Security)",
            "steps": [
                ("gpupdate /force and logoff", "gpupdate /force", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "gpo-wmi-filter-windows10-only", "group": "gpo-not-applying", "domain": "systems", "split": "dev",
        "resolution": "The GPO's WMI filter matched Caption LIKE 'Microsoft Windows 10%', so Windows 11 PCs filtered "
                      "it out. Rewrote the filter to check the version/product type.",
        "fix": ("Rewrote the WMI filter to match Windows 10 and 11 workstations",
                "SELECT * FROM Win32_OperatingSystem WHERE Version LIKE '10.0%' AND ProductType = '1'"),
        "history": [
            {"summary": "Policy not applying on the new Windows 11 laptops", "steps": [
                ("gpresult", "gpresult /r /scope:computer", "Workstation Baseline\n    Filtering:  Denied (WMI Filter)",
                 "info"),
                ("Fixed the WMI query",
                 "SELECT * FROM Win32_OperatingSystem WHERE Version LIKE '10.0%' AND ProductType = '1'", "",
                 "worked"),
            ]},
            {"summary": "Win11 machines missing the baseline settings", "steps": [
                ("Checked OU: same as the Win10 machines", "", "", "info"),
                ("Updated the WMI filter that only allowed 'Windows 10' captions", "", "", "worked"),
            ]},
            {"summary": "GPO filtered out on Windows 11", "steps": [
                ("Changed the filter from Caption to Version/ProductType", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new laptops missing settings from the baseline gpo",
            "reason": "they're win11, in the same OU as the old win10 ones which get it fine. gpresult shows the gpo "
                      "as denied (wmi filter)",
            "steps": [],
        },
    },
    {
        "id": "gpo-computers-default-container", "group": "gpo-not-applying", "domain": "systems",
        "split": "held_out",
        "resolution": "New PCs were joined into the default CN=Computers container, which can't have GPOs linked, so "
                      "none of the OU policies applied. Moved them and redirected new joins to the Workstations OU.",
        "fix": ("Moved the PCs into the Workstations OU and redirected new computer accounts there",
                'redircmp "OU=Workstations,DC=corp,DC=example,DC=com"'),
        "history": [
            {"summary": "Freshly joined PCs get no group policies", "steps": [
                ("gpresult", "gpresult /r /scope:computer",
                 "CN=PC-0231,CN=Computers,DC=corp,DC=example,DC=com\nApplied Group Policy Objects: Default "
                 "Domain Policy",
                 "info"),
                ("Moved them and ran redircmp", 'redircmp "OU=Workstations,DC=corp,DC=example,DC=com"',
                 "Redirection was successful.", "worked"),
            ]},
            {"summary": "New computers missing printers and drive maps", "steps": [
                ("gpupdate", "gpupdate /force", "", "didnt_work"),
                ("Moved the computer objects from the Computers container into the right OU", "", "", "worked"),
            ]},
            {"summary": "Workstation policies not reaching new machines", "steps": [
                ("Redirected the default computer container to the Workstations OU and moved the new PCs", "", "",
                 "worked"),
            ]},
        ],
        "escalation": {
            "summary": "the 5 new pcs dont get any gpos",
            "reason": "only Default Domain Policy applies. joined them to the domain myself tuesday. no filtering "
                      "issues in gpresult, the other gpos just arent listed",
            "steps": [
                ("gpupdate /force", "gpupdate /force", "Computer Policy update has completed successfully.",
                 "didnt_work"),
            ],
        },
    },
    {
        "id": "gpo-loopback-rds", "group": "gpo-not-applying", "domain": "systems", "split": "dev",
        "resolution": "The user-settings GPO was linked to the RDS servers' OU but the users live in another OU, so "
                      "it never applied without loopback processing. Enabled loopback (Merge) on the RDS OU.",
        "fix": ("Enabled loopback processing (Merge) for the RDS servers' GPO",
                'Set-GPRegistryValue -Name "RDS Lockdown" -Key "HKLM\\Software\\Policies\\Microsoft\\Windows\\System" '
                "-ValueName UserPolicyMode -Type DWord -Value 1"),
        "history": [
            {"summary": "RDS desktop lockdown policy not applying to users", "steps": [
                ("gpresult for the user on TS01", "gpresult /r /scope:user", "(RDS Lockdown not listed)", "info"),
                ("Enabled loopback in Merge mode",
                 'Set-GPRegistryValue -Name "RDS Lockdown" -Key "HKLM\\Software\\Policies\\Microsoft\\Windows\\'
                 'System" -ValueName UserPolicyMode -Type DWord -Value 1', "", "worked"),
            ]},
            {"summary": "User settings linked to the terminal server OU are ignored", "steps": [
                ("Checked security filtering: Authenticated Users present", "", "", "info"),
                ("Turned on user group policy loopback processing mode", "", "", "worked"),
            ]},
            {"summary": "Terminal server users still get Control Panel", "steps": [
                ("Set loopback to Merge on the RDS GPO", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "rds lockdown gpo not doing anything",
            "reason": "linked it to the RDS Servers OU, its all user config stuff (hide drives, no control panel). "
                      "users still see everything. auth users has read",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- outlook-search
    {
        "id": "ol-search-index-corrupt", "group": "outlook-search", "domain": "m365", "split": "dev",
        "resolution": "The Windows Search index was corrupt, so Outlook search returned few or no results. Rebuilt "
                      "the index.",
        "fix": ("Rebuilt the Windows Search index", "Indexing Options > Advanced > Rebuild"),
        "history": [
            {"summary": "Outlook search returns nothing for recent emails", "steps": [
                ("Indexing status", "", "Indexing complete. 1,204 items indexed", "info"),
                ("Rebuilt the index", "Indexing Options > Advanced > Rebuild", "", "worked"),
            ]},
            {"summary": "Outlook search misses emails that are clearly in the inbox", "steps": [
                ("Repaired Office", "", "", "didnt_work"),
                ("Deleted and rebuilt the search index", "", "", "worked"),
            ]},
            {"summary": "Search results incomplete in Outlook", "steps": [
                ("Rebuilt the Windows Search catalog overnight", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "outlook search cant find stuff",
            "reason": "she searches a name and gets 2 results, there are like 50 emails from that person in the "
                      "inbox. windows search service is running. mailbox is fully cached",
            "steps": [
                ("office quick repair", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "ol-search-sync-slider", "group": "outlook-search", "domain": "m365", "split": "held_out",
        "resolution": "Cached Exchange Mode was set to keep only 3 months offline, so search didn't find older mail "
                      "locally. Set the sync slider to All.",
        "fix": ("Set 'Download email for the past' to All in Cached Exchange Mode", ""),
        "history": [
            {"summary": "Outlook search won't find anything older than a few months", "steps": [
                ("Account settings", "", "Use Cached Exchange Mode  Download email for the past: 3 months", "info"),
                ("Moved the slider to All and let it sync", "", "", "worked"),
            ]},
            {"summary": "Old emails missing from search results", "steps": [
                ("Rebuilt the index", "", "", "didnt_work"),
                ("Changed the offline sync window to All", "", "", "worked"),
            ]},
            {"summary": "Search only finds this year's mail, 'more on server' link", "steps": [
                ("Set the Cached Mode slider to All", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant find old emails in outlook search",
            "reason": "anything from last year doesnt show up when searching, recent stuff does. new laptop "
                      "last month. "
                      "owa search finds them",
            "steps": [
                ("office quick repair", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "ol-search-wsearch-disabled", "group": "outlook-search", "domain": "m365", "split": "dev",
        "resolution": "A 'performance tweak' script had disabled the Windows Search service, so Outlook search was "
                      "slow and incomplete. Set WSearch back to automatic and started it.",
        "fix": ("Re-enabled and started the Windows Search service",
                "Set-Service WSearch -StartupType Automatic; Start-Service WSearch"),
        "history": [
            {"summary": "Outlook warns search performance will be impacted", "steps": [
                ("Banner", "",
                 "Search performance will be impacted because a group policy has turned off the Windows Search "
                 "service.",
                 "info"),
                ("Turned WSearch back on", "Set-Service WSearch -StartupType Automatic; Start-Service WSearch", "",
                 "worked"),
            ]},
            {"summary": "Search in Outlook extremely slow and partial", "steps": [
                ("Checked the service", "Get-Service WSearch", "Stopped  WSearch  Windows Search (Disabled)", "info"),
                ("Re-enabled Windows Search", "", "", "worked"),
            ]},
            {"summary": "Outlook search broken after the optimisation tool ran", "steps": [
                ("Started the Windows Search service and set it to automatic", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "outlook search super slow",
            "reason": "yellow bar in outlook says search performance will be impacted ... windows search service. the "
                      "user ran some speed up tool last week",
            "steps": [],
        },
    },
    {
        "id": "ol-search-pst-not-indexed", "group": "outlook-search", "domain": "m365", "split": "held_out",
        "resolution": "Microsoft Outlook was unticked in the indexed locations after a profile rebuild, so the "
                      "archive PST wasn't indexed. Re-added Outlook to the indexed locations.",
        "fix": ("Re-added Microsoft Outlook to the Windows Search indexed locations", ""),
        "history": [
            {"summary": "Can't search the archive PST, mailbox search works", "steps": [
                ("Indexing Options > Modify", "", "Microsoft Outlook: (unticked)", "info"),
                ("Ticked Microsoft Outlook and let it index", "", "", "worked"),
            ]},
            {"summary": "Search in Archive.pst returns nothing", "steps": [
                ("Repaired the PST with scanpst", "", "", "didnt_work"),
                ("Added Outlook back to indexed locations", "", "", "worked"),
            ]},
            {"summary": "Old archived mail not searchable after profile rebuild", "steps": [
                ("Included the Outlook data store in indexing options", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "search doesnt work in his archive",
            "reason": "his Archive 2019.pst opens fine and you can scroll to the emails, search in it finds nothing. "
                      "search in the main mailbox is fine",
            "steps": [
                ("ran scanpst on it", "SCANPST.EXE", "No errors were found in this file.", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- shared-mailbox
    {
        "id": "sm-automap-granted-to-group", "group": "shared-mailbox", "domain": "m365", "split": "held_out",
        "resolution": "Full Access was granted to a mail-enabled security group, and automapping doesn't work through "
                      "groups, so the shared mailbox never appeared. Granted Full Access to the users directly.",
        "fix": ("Granted Full Access to each user directly with automapping",
                "Add-MailboxPermission -Identity info@example.com -User newhire@example.com -AccessRights FullAccess "
                "-AutoMapping $true"),
        "history": [
            {"summary": "Shared mailbox doesn't show up in Outlook for the team", "steps": [
                ("Checked permissions", "Get-MailboxPermission info@example.com",
                 "User: Reception-Team  AccessRights: {FullAccess}", "info"),
                ("Granted the users directly",
                 "Add-MailboxPermission -Identity info@example.com -User newhire@example.com -AccessRights FullAccess "
                 "-AutoMapping $true", "", "worked"),
            ]},
            {"summary": "New hire can't see the info@ inbox, she's in the group", "steps": [
                ("Waited overnight for automapping", "", "", "didnt_work"),
                ("Gave her Full Access as a user instead of through the group", "", "", "worked"),
            ]},
            {"summary": "Shared inbox missing from the folder list for group members", "steps": [
                ("Replaced the group permission with per-user Full Access", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "info@ mailbox not showing up for new receptionist",
            "reason": "she's in the Reception-Team group which has full access. she can open it in owa via 'open "
                      "another mailbox' but outlook doesnt add it",
            "steps": [
                ("restarted outlook, waited a day", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "sm-sent-items-copy", "group": "shared-mailbox", "domain": "m365", "split": "dev",
        "resolution": "Mail sent as the shared mailbox only landed in the sender's own Sent Items. Enabled "
                      "MessageCopyForSentAsEnabled so a copy goes to the shared mailbox's Sent Items.",
        "fix": ("Enabled sent-item copies for the shared mailbox",
                "Set-Mailbox info@example.com -MessageCopyForSentAsEnabled $true "
                "-MessageCopyForSendOnBehalfEnabled $true"),
        "history": [
            {"summary": "Emails sent from the shared mailbox don't appear in its Sent Items", "steps": [
                ("Checked settings", "Get-Mailbox info@example.com | fl MessageCopyFor*",
                 "MessageCopyForSentAsEnabled : False", "info"),
                ("Enabled the copy",
                 "Set-Mailbox info@example.com -MessageCopyForSentAsEnabled $true "
                 "-MessageCopyForSendOnBehalfEnabled $true", "", "worked"),
            ]},
            {"summary": "Team can't see what colleagues sent from support@", "steps": [
                ("Set the DelegateSentItemsStyle registry value", "", "", "dead_end"),
                ("Turned on MessageCopyForSentAsEnabled for the mailbox", "", "", "worked"),
            ]},
            {"summary": "Shared mailbox sent folder empty", "steps": [
                ("Enabled sent-as copies on the shared mailbox", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "sent emails from accounts@ not in its sent folder",
            "reason": "they only show in the persons own sent items so nobody else sees them. sending works fine",
            "steps": [],
        },
    },
    {
        "id": "sm-send-as-missing", "group": "shared-mailbox", "domain": "m365", "split": "held_out",
        "resolution": "The user had Full Access but no Send As on the shared mailbox, so sending from it bounced "
                      "(550 5.7.60). Granted Send As.",
        "fix": ("Granted the user Send As on the shared mailbox",
                "Add-RecipientPermission -Identity info@example.com -Trustee user@example.com -AccessRights SendAs "
                "-Confirm:$false"),
        "history": [
            {"summary": "Can't send from the shared mailbox, bounce 5.7.60", "steps": [
                ("NDR", "", "550 5.7.60 SMTP; Client does not have permissions to send as this sender.", "info"),
                ("Added Send As",
                 "Add-RecipientPermission -Identity info@example.com -Trustee user@example.com -AccessRights SendAs "
                 "-Confirm:$false", "", "worked"),
            ]},
            {"summary": "'You don't have permission to send' from info@", "steps": [
                ("Re-added Full Access", "", "", "didnt_work"),
                ("Granted Send As in the admin center", "", "", "worked"),
            ]},
            {"summary": "User can read the shared inbox but sending from it fails", "steps": [
                ("Gave her Send As rights on the mailbox", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "cant send from support@",
            "reason": "he sees the mailbox and can read everything. when he picks support@ in the From and sends he "
                      "gets a bounce 550 5.7.60",
            "steps": [
                ("removed and re-added his full access", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "sm-calendar-free-busy-only", "group": "shared-mailbox", "domain": "m365", "split": "dev",
        "resolution": "The shared calendar's Default permission was Free/Busy, so staff saw only 'Busy' blocks. "
                      "Granted the staff group Reviewer on the calendar folder.",
        "fix": ("Granted Reviewer on the shared mailbox's calendar",
                "Add-MailboxFolderPermission -Identity bookings@example.com:\\Calendar -User Staff "
                "-AccessRights Reviewer"),
        "history": [
            {"summary": "Shared calendar only shows 'Busy', no details", "steps": [
                ("Checked folder permissions", "Get-MailboxFolderPermission bookings@example.com:\\Calendar",
                 "Default  {AvailabilityOnly}", "info"),
                ("Added Reviewer for the staff group",
                 "Add-MailboxFolderPermission -Identity bookings@example.com:\\Calendar -User Staff "
                 "-AccessRights Reviewer", "", "worked"),
            ]},
            {"summary": "Can't see appointment subjects on the bookings calendar", "steps": [
                ("Re-added the calendar in Outlook", "", "", "didnt_work"),
                ("Set the calendar permission to Reviewer", "", "", "worked"),
            ]},
            {"summary": "Team sees free/busy only on the room calendar", "steps": [
                ("Granted Reviewer on the calendar folder", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "bookings calendar just shows busy",
            "reason": "they can add it but every appointment just says busy, no names. the owner sees everything",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- lob-database
    {
        "id": "lob-sage-psql-ports", "group": "lob-database", "domain": "systems", "split": "dev",
        "resolution": "Windows Firewall on the Sage 50 data server blocked the Actian/Pervasive PSQL ports after the "
                      "network profile changed, so workstations couldn't reach the company data. Allowed 1583 "
                      "and 3351.",
        "fix": ("Allowed the Pervasive/Actian PSQL ports on the Sage data server",
                'New-NetFirewallRule -DisplayName "Actian PSQL" -Direction Inbound -Protocol TCP -LocalPort 1583,3351 '
                "-Action Allow"),
        "history": [
            {"summary": "Sage 50 workstations can't connect to company data", "steps": [
                ("Sage error", "", "Sage 50 could not connect to the Pervasive database engine on SAGE01.", "info"),
                ("Tested the port", "Test-NetConnection SAGE01 -Port 3351", "TcpTestSucceeded : False", "info"),
                ("Opened 1583 and 3351",
                 'New-NetFirewallRule -DisplayName "Actian PSQL" -Direction Inbound -Protocol TCP -LocalPort 1583,3351 '
                 "-Action Allow", "", "worked"),
            ]},
            {"summary": "Sage 50 error on workstations after server update", "steps": [
                ("Restarted the Actian PSQL Workgroup Engine", "", "", "didnt_work"),
                ("Added firewall rules for the PSQL ports", "", "", "worked"),
            ]},
            {"summary": "Accounting app can't reach its database server, Btrieve error", "steps": [
                ("Allowed the database engine ports through the firewall", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "sage 50 wont open on workstations",
            "reason": "'could not connect to the company data'. it opens on the server itself. server nic now shows "
                      "'public network' since the switch swap",
            "steps": [
                ("restarted the pervasive service", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "lob-sql-browser-stopped", "group": "lob-database", "domain": "systems", "split": "held_out",
        "resolution": "The practice management app connects to a named SQL Express instance, and the SQL Server "
                      "Browser service was disabled, so clients couldn't locate the instance (error 26). "
                      "Re-enabled it.",
        "fix": ("Set SQL Server Browser to automatic and started it",
                "Set-Service SQLBrowser -StartupType Automatic; Start-Service SQLBrowser"),
        "history": [
            {"summary": "Practice management app: SQL Server does not exist or access denied", "steps": [
                ("Tested from a client", "sqlcmd -S APP01\\SQLEXPRESS -E",
                 "Sqlcmd: Error: Microsoft ODBC Driver 17 for SQL Server : SQL Server Network Interfaces: Error "
                 "Locating "
                 "Server/Instance Specified [xFFFFFFFF].", "info"),
                ("Started SQL Browser", "Set-Service SQLBrowser -StartupType Automatic; Start-Service SQLBrowser", "",
                 "worked"),
            ]},
            {"summary": "Workstations can't connect to the SQLEXPRESS instance, server fine", "steps": [
                ("Opened TCP 1433", "", "", "didnt_work"),
                ("SQL Server Browser was disabled; enabled it and allowed UDP 1434", "", "", "worked"),
            ]},
            {"summary": "Dental app error 26 locating server/instance", "steps": [
                ("Turned the SQL Browser service back on", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "dental software wont open on front desk pcs",
            "reason": "error 26 error locating server/instance specified. on the server itself it opens. sql service "
                      "is running",
            "steps": [],
        },
    },
    {
        "id": "lob-sql-old-client-tls", "group": "lob-database", "domain": "systems", "split": "dev",
        "resolution": "TLS 1.0 was disabled on the SQL server, and the app's connection used the old SQLOLEDB "
                      "provider which only does TLS 1.0 ([DBNETLIB] SSL Security error). Switched it to MSOLEDBSQL.",
        "fix": ("Installed the MSOLEDBSQL driver and switched the app's connection provider to it",
                "msiexec /i msoledbsql.msi /qn IACCEPTMSOLEDBSQLLICENSETERMS=YES"),
        "history": [
            {"summary": "App login fails with DBNETLIB SSL Security error", "steps": [
                ("Error", "", "[DBNETLIB][ConnectionOpen (SECDoClientHandshake()).]SSL Security error.", "info"),
                ("Installed MSOLEDBSQL and changed Provider=SQLOLEDB to MSOLEDBSQL in the app's UDL",
                 "msiexec /i msoledbsql.msi /qn IACCEPTMSOLEDBSQLLICENSETERMS=YES", "", "worked"),
            ]},
            {"summary": "Legacy app can't connect to SQL after TLS hardening", "steps": [
                ("Started SQL Browser", "", "", "didnt_work"),
                ("Moved the app to a modern OLE DB driver that supports TLS 1.2", "", "", "worked"),
            ]},
            {"summary": "SSL Security error from practice management app after IIS Crypto run", "steps": [
                ("Installed Microsoft OLE DB Driver for SQL Server and updated the connection string", "", "",
                 "worked"),
            ]},
        ],
        "escalation": {
            "summary": "billing app cant connect to database",
            "reason": "error [DBNETLIB] SSL security error. we ran iis crypto 'best practices' on the sql server "
                      "saturday for the pen test. sql browser running",
            "steps": [
                ("app login works in ssms on the server itself", "", "", "info"),
            ],
        },
    },
    {
        "id": "lob-sql-login-password-expired", "group": "lob-database", "domain": "systems", "split": "held_out",
        "resolution": "The app's SQL login had CHECK_EXPIRATION on and its password expired (error 18487). Reset it "
                      "and turned expiration off for that login.",
        "fix": ("Reset the app's SQL login password and turned off expiration",
                "ALTER LOGIN appuser WITH PASSWORD = '***', CHECK_EXPIRATION = OFF;"),
        "history": [
            {"summary": "App says login failed for user 'appuser'", "steps": [
                ("SQL error log", "",
                 "Error: 18487, Severity: 14, State: 1.\nLogin failed for user 'appuser'. Reason: The password of the "
                 "account has expired.", "info"),
                ("Reset and disabled expiry", "ALTER LOGIN appuser WITH PASSWORD = '***', CHECK_EXPIRATION = OFF;", "",
                 "worked"),
            ]},
            {"summary": "Practice management app stopped connecting on every PC at once", "steps": [
                ("Restarted SQL service", "", "", "didnt_work"),
                ("The SQL login password had expired; reset it without expiration", "", "", "worked"),
            ]},
            {"summary": "Login failed 18487 for the application account", "steps": [
                ("Set a new password with CHECK_EXPIRATION OFF", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "whole office cant get into the dental software",
            "reason": "all pcs at once this morning. login failed for user appuser. sql service running, browser "
                      "running, nothing changed on the server",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- https-cert-warnings
    {
        "id": "cert-missing-intermediate", "group": "https-cert-warnings", "domain": "security",
        "split": "held_out",
        "resolution": "The web server only sent the leaf certificate, not the intermediate, so browsers with the "
                      "intermediate cached worked but Android and API clients failed. Installed the full chain.",
        "fix": ("Installed the intermediate certificate so the server sends the full chain",
                "certutil -addstore CA intermediate.crt"),
        "history": [
            {"summary": "Client portal works on desktop, fails on Android phones", "steps": [
                ("Checked the chain", "openssl s_client -connect portal.example.com:443 -showcerts",
                 "Certificate chain\n 0 s:CN = portal.example.com\nVerify return code: 21 (unable to verify the first "
                 "certificate)", "info"),
                ("Imported the intermediate on IIS", "certutil -addstore CA intermediate.crt",
                 "Certificate added to store.", "worked"),
            ]},
            {"summary": "Payment integration rejects our HTTPS certificate", "steps": [
                ("Renewed the certificate", "", "", "didnt_work"),
                ("Added the missing intermediate so the whole chain is served", "", "", "worked"),
            ]},
            {"summary": "SSL checker says chain incomplete", "steps": [
                ("Installed the CA bundle on the web server", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "portal cert error on some phones",
            "reason": "chrome on pc is fine. androids get 'connection not private'. api vendor says 'unable to get "
                      "local issuer certificate'. cert isnt expired",
            "steps": [],
        },
    },
    {
        "id": "cert-letsencrypt-port80-blocked", "group": "https-cert-warnings", "domain": "security", "split": "dev",
        "resolution": "The Let's Encrypt renewal used HTTP-01 validation, but port 80 was no longer forwarded after "
                      "the firewall change, so the certificate expired. Restored the port 80 forward and renewed.",
        "fix": ("Restored the port 80 forward to the web server and re-ran the renewal",
                "wacs.exe --renew --force"),
        "history": [
            {"summary": "Website certificate expired, auto-renewal failed", "steps": [
                ("win-acme log", "",
                 "Authorization result: invalid\nTimeout during connect (likely firewall problem)", "info"),
                ("Recreated the port 80 VIP and renewed", "wacs.exe --renew --force", "Renewal succeeded", "worked"),
            ]},
            {"summary": "Let's Encrypt certificate didn't renew", "steps": [
                ("Restarted the win-acme task", "", "", "didnt_work"),
                ("Allowed inbound HTTP to the server for the ACME challenge", "", "", "worked"),
            ]},
            {"summary": "NET::ERR_CERT_DATE_INVALID on our own site for all visitors", "steps": [
                ("Fixed the HTTP port forward so the challenge validated, renewed", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "our website shows not secure",
            "reason": "cert expired yesterday. it normally renews itself (lets encrypt). we replaced the firewall last "
                      "month and only moved 443 over",
            "steps": [],
        },
    },
    {
        "id": "cert-cmos-clock-wrong", "group": "https-cert-warnings", "domain": "hardware", "split": "held_out",
        "resolution": "The PC's CMOS battery died and the clock reset to 2009 at every power-up, so every HTTPS site "
                      "failed with ERR_CERT_DATE_INVALID. Replaced the CMOS battery and set the time.",
        "fix": ("Replaced the CMOS battery and set the correct time", ""),
        "history": [
            {"summary": "Every website shows a certificate error on one PC", "steps": [
                ("Chrome error", "", "NET::ERR_CERT_DATE_INVALID", "info"),
                ("Clock shows 1/1/2009", "", "", "info"),
                ("Replaced the CR2032 and synced the time", "", "", "worked"),
            ]},
            {"summary": "PC's date resets after it is unplugged", "steps": [
                ("Synced with the domain", "w32tm /resync", "", "dead_end"),
                ("Swapped the motherboard battery", "", "", "worked"),
            ]},
            {"summary": "HTTPS errors everywhere after power outage on an old desktop", "steps": [
                ("Replaced the CMOS battery and corrected BIOS date", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "all sites say connection not private on the warehouse pc",
            "reason": "every website, every browser. the date in the corner is wrong (2009?) after they unplugged "
                      "it over the weekend",
            "steps": [
                ("fixed the time manually, worked until the next power off", "", "", "dead_end"),
            ],
        },
    },
    {
        "id": "cert-ssl-inspection-ca-not-deployed", "group": "https-cert-warnings", "domain": "security",
        "split": "dev",
        "resolution": "The FortiGate does deep SSL inspection, and the new PCs never got its CA certificate (they're "
                      "Intune-only, the GPO doesn't reach them), so every site showed ERR_CERT_AUTHORITY_INVALID. "
                      "Deployed the CA via Intune.",
        "fix": ("Deployed the FortiGate inspection CA to Trusted Root on the new PCs",
                "certutil -addstore -f Root Fortinet_CA_SSL.cer"),
        "history": [
            {"summary": "New laptops get certificate errors on every site in the office", "steps": [
                ("Cert issuer on the error page", "", "Issuer: FortiGate CA / NET::ERR_CERT_AUTHORITY_INVALID", "info"),
                ("Added the Fortinet CA to Trusted Root", "certutil -addstore -f Root Fortinet_CA_SSL.cer",
                 "Root \"Trusted Root Certification Authorities\"\nCertificate added to store.", "worked"),
            ]},
            {"summary": "HTTPS broken on the Intune-only PCs, domain PCs fine", "steps": [
                ("Cleared browser cache", "", "", "didnt_work"),
                ("Pushed a trusted certificate profile with the inspection CA", "", "", "worked"),
            ]},
            {"summary": "Certificate authority invalid on all sites on new machines", "steps": [
                ("Deployed the firewall's SSL inspection CA via Intune", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new laptops cant browse, cert errors",
            "reason": "ERR_CERT_AUTHORITY_INVALID on google, microsoft, everything. only in the office, at home fine. "
                      "old domain pcs fine. date/time correct",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- voip-phones
    {
        "id": "voip-sip-alg-one-way-audio", "group": "voip-phones", "domain": "network", "split": "dev",
        "resolution": "The firewall's SIP ALG rewrote the SDP badly, so calls had one-way audio. Disabled the SIP "
                      "helper/ALG.",
        "fix": ("Disabled SIP ALG on the firewall",
                "config system settings / set default-voip-alg-mode kernel-helper-based / set sip-expectation disable"),
        "history": [
            {"summary": "Callers can't hear us, we hear them", "steps": [
                ("Pcap on the phone VLAN", "", "SDP c=IN IP4 10.0.40.21 (private address sent to provider)", "info"),
                ("Turned off the SIP ALG",
                 "config system settings / set default-voip-alg-mode kernel-helper-based / set sip-expectation "
                 "disable", "", "worked"),
            ]},
            {"summary": "One-way audio on external calls after firewall upgrade", "steps": [
                ("Rebooted the phones", "", "", "didnt_work"),
                ("Disabled SIP transformations on the firewall", "", "", "worked"),
            ]},
            {"summary": "Silent calls in one direction", "steps": [
                ("Removed the SIP session helper so the ALG stopped rewriting", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "customers cant hear us on phone calls",
            "reason": "we can hear them fine. internal calls are fine. started after the new firewall went in",
            "steps": [],
        },
    },
    {
        "id": "voip-nat-keepalive", "group": "voip-phones", "domain": "network", "split": "held_out",
        "resolution": "The firewall's UDP NAT timeout was shorter than the phones' re-registration interval, so the "
                      "pinhole closed and inbound calls went to voicemail. Enabled 30-second NAT keep-alives.",
        "fix": ("Enabled SIP NAT keep-alives every 30 seconds in the phone provisioning",
                "account.1.nat.udp_update_enable = 1 / account.1.nat.udp_update_time = 30"),
        "history": [
            {"summary": "Inbound calls go straight to voicemail at random", "steps": [
                ("PBX portal: phones show unregistered for minutes at a time", "", "", "info"),
                ("Turned on UDP keep-alives in the provisioning template",
                 "account.1.nat.udp_update_enable = 1 / account.1.nat.udp_update_time = 30", "", "worked"),
            ]},
            {"summary": "Phones can call out but don't ring for incoming", "steps": [
                ("Disabled SIP ALG", "", "", "didnt_work"),
                ("Set 30 s NAT keep-alive on the handsets", "", "", "worked"),
            ]},
            {"summary": "Desk phones miss incoming calls after being idle", "steps": [
                ("Enabled keep-alive packets so the NAT mapping stays open", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "calls going to vm but phone never rang",
            "reason": "outbound calls work and audio is fine both ways. provider portal shows the phones dropping "
                      "registration on and off",
            "steps": [
                ("turned off sip alg", "config system settings / set sip-expectation disable", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "voip-dhcp-option66-old-server", "group": "voip-phones", "domain": "network", "split": "dev",
        "resolution": "When DHCP moved to the DC, option 66 was copied with the old PBX provider's provisioning URL, "
                      "so new phones never got their config. Set option 66 to the new provisioning server.",
        "fix": ("Set DHCP option 66 on the voice scope to the current provisioning URL",
                'Set-DhcpServerv4OptionValue -ScopeId 10.0.40.0 -OptionId 66 -Value "https://prov.newpbx.example/"'),
        "history": [
            {"summary": "New desk phones stuck on 'provisioning'", "steps": [
                ("Checked the scope", "Get-DhcpServerv4OptionValue -ScopeId 10.0.40.0 -OptionId 66",
                 "66  Boot Server Host Name  {http://prov.oldpbx.example}", "info"),
                ("Pointed 66 at the new server",
                 'Set-DhcpServerv4OptionValue -ScopeId 10.0.40.0 -OptionId 66 -Value "https://prov.newpbx.example/"',
                 "", "worked"),
            ]},
            {"summary": "Replacement phones won't pick up their settings", "steps": [
                ("Factory reset the phone", "", "", "didnt_work"),
                ("Fixed DHCP option 66 on the voice VLAN", "", "", "worked"),
            ]},
            {"summary": "Phones boot without an extension since DHCP migration", "steps": [
                ("Updated the provisioning server option on the new DHCP server", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new phones not getting config",
            "reason": "5 new yealinks, they get an ip on the voice vlan but just sit there with no account. old phones "
                      "still work. we moved dhcp off the router to the dc last month",
            "steps": [],
        },
    },
    {
        "id": "voip-poe-budget-exceeded", "group": "voip-phones", "domain": "hardware", "split": "held_out",
        "resolution": "Adding PoE cameras pushed the switch past its PoE budget, so it cut power to the lowest "
                      "priority ports and phones rebooted. Moved the cameras to a separate PoE switch.",
        "fix": ("Moved the cameras to a separate PoE switch to free up power budget", ""),
        "history": [
            {"summary": "Desk phones reboot randomly during the day", "steps": [
                ("Switch log", "",
                 "%ILPOWER-5-ILPOWER_POWER_DENY: Interface Gi1/0/22: inline power denied. Reason: insufficient "
                 "power", "info"),
                ("Moved the new cameras to their own PoE switch", "", "", "worked"),
            ]},
            {"summary": "Phones lose power since cameras were installed", "steps": [
                ("Replaced a phone", "", "", "didnt_work"),
                ("Freed up PoE budget by moving devices off the switch", "", "", "worked"),
            ]},
            {"summary": "Several handsets power-cycle", "steps": [
                ("Checked power", "show power inline", "Available:370.0(w)  Used:368.4(w)  Remaining:1.6(w)", "info"),
                ("Moved the APs to injectors", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "phones keep rebooting",
            "reason": "random ones, couple times a day. the security company installed 6 cameras on our switch last "
                      "week",
            "steps": [],
        },
    },
    # ---------------------------------------------------------------- nas-access
    {
        "id": "nas-smb1-only", "group": "nas-access", "domain": "network", "split": "held_out",
        "resolution": "The NAS was still set to SMB1 maximum, and Windows 11 has no SMB1 client, so the share "
                      "refused. Raised the NAS's SMB protocol range to SMB2-SMB3.",
        "fix": ("Set the NAS to SMB2 minimum / SMB3 maximum", ""),
        "history": [
            {"summary": "Windows 11 PC can't open the NAS share", "steps": [
                ("Error", "",
                 "You can't connect to the file share because it's not secure. This share requires the obsolete SMB1 "
                 "protocol", "info"),
                ("Set Min SMB2 / Max SMB3 in the NAS's file services", "", "", "worked"),
            ]},
            {"summary": "Old Synology not reachable from new laptops", "steps": [
                ("Enabled SMB1 client on the laptop", "", "", "dead_end"),
                ("Changed the NAS to use SMB2/3", "", "", "worked"),
            ]},
            {"summary": "NAS share error about SMB1 after upgrading to Windows 11", "steps": [
                ("Raised the NAS SMB protocol settings", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new pc cant get to the nas",
            "reason": "error says share requires the obsolete smb1 protocol. old win10 pcs still get to it",
            "steps": [],
        },
    },
    {
        "id": "nas-guest-access-blocked", "group": "nas-access", "domain": "network", "split": "dev",
        "resolution": "The NAS share only allowed guest access, which Windows 11 Pro/24H2 blocks. Created a NAS user "
                      "and mapped the share with those credentials.",
        "fix": ("Created a NAS user and mapped the share with its credentials",
                "net use N: \\\\nas01\\public /user:nas01\\office * /persistent:yes"),
        "history": [
            {"summary": "Windows blocks unauthenticated guest access to the NAS", "steps": [
                ("Error", "",
                 "You can't access this shared folder because your organization's security policies block "
                 "unauthenticated guest access.", "info"),
                ("Made a NAS account and mapped with it",
                 "net use N: \\\\nas01\\public /user:nas01\\office * /persistent:yes",
                 "The command completed successfully.", "worked"),
            ]},
            {"summary": "Can't open the public NAS share after the 24H2 update", "steps": [
                ("Set the NAS to SMB3", "", "", "didnt_work"),
                ("Stopped using guest: created a user on the NAS and gave it share access", "", "", "worked"),
            ]},
            {"summary": "NAS guest share inaccessible from new PCs", "steps": [
                ("Mapped the share with a real NAS account instead of guest", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "pcs cant open the nas after update",
            "reason": "message about security policies blocking unauthenticated guest access. the nas share has no "
                      "password, everyone just opens it",
            "steps": [
                ("rebooted the nas", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "nas-domain-join-broken", "group": "nas-access", "domain": "network", "split": "held_out",
        "resolution": "After the old DC was retired, the NAS's domain join pointed at it and broke, so domain users "
                      "got access denied. Rejoined the NAS to the domain against the new DC.",
        "fix": ("Rejoined the NAS to the domain using the new DC", ""),
        "history": [
            {"summary": "Domain users denied on the NAS, local NAS users fine", "steps": [
                ("NAS Domain/LDAP page", "", "Domain status: Disconnected (DC01 unreachable)", "info"),
                ("Rejoined it with DC02 as the DC", "", "", "worked"),
            ]},
            {"summary": "NAS shares ask for password since the DC migration", "steps": [
                ("Updated NAS DNS to the new DC", "", "", "didnt_work"),
                ("Left and rejoined the domain from the NAS", "", "", "worked"),
            ]},
            {"summary": "Access denied to NAS for all AD accounts", "steps": [
                ("Rejoined the NAS to Active Directory", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "nobody can get into the nas with their normal login",
            "reason": "the local admin account on the nas works. started after we shut down DC01 last friday",
            "steps": [],
        },
    },
    {
        "id": "nas-smb-signing-unsupported", "group": "nas-access", "domain": "network", "split": "dev",
        "resolution": "Windows 11 24H2 requires SMB signing as a client by default and the NAS firmware didn't support "
                      "it, so connections failed with 'The cryptographic signature is invalid'. Updated the NAS "
                      "firmware.",
        "fix": ("Updated the NAS firmware so it supports SMB signing", ""),
        "history": [
            {"summary": "NAS share fails on 24H2 laptops with signature invalid", "steps": [
                ("Error", "", "The cryptographic signature is invalid. (0xC000A000)", "info"),
                ("Updated the NAS firmware, SMB signing now supported", "", "", "worked"),
            ]},
            {"summary": "Only the updated laptops can't reach the QNAP", "steps": [
                ("Checked the client", "Get-SmbClientConfiguration | fl RequireSecuritySignature",
                 "RequireSecuritySignature : True", "info"),
                ("Applied the latest QNAP firmware", "", "", "worked"),
            ]},
            {"summary": "Mapped NAS drive broke after Windows feature update", "steps": [
                ("Re-mapped the drive", "", "", "didnt_work"),
                ("Upgraded the NAS OS to a version that signs SMB", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "nas drive broken on 2 laptops",
            "reason": "both got 24H2 yesterday. error 'the cryptographic signature is invalid'. nas uses a real user "
                      "account, not guest. other pcs fine",
            "steps": [
                ("rebooted both laptops", "", "", "didnt_work"),
            ],
        },
    },
    # ---------------------------------------------------------------- user-profile-temp
    {
        "id": "profile-bak-registry-key", "group": "user-profile-temp", "domain": "systems", "split": "dev",
        "resolution": "The user's ProfileList key had been renamed with .bak, so Windows logged them on with a "
                      "temporary profile (event 1511). Fixed the ProfileList entries.",
        "fix": ("Fixed the duplicate .bak ProfileList entry for the user's SID",
                'reg delete "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\S-1-5-21-...-1107" /f '
                "& rename the .bak key"),
        "history": [
            {"summary": "User logged on with a temporary profile", "steps": [
                ("Event log", "",
                 "Event 1511: Windows cannot find the local profile and is logging you on with a temporary profile.",
                 "info"),
                ("Removed the new SID key and renamed the .bak back", 'reg delete "HKLM\\SOFTWARE\\Microsoft\\Windows '
                 'NT\\CurrentVersion\\ProfileList\\S-1-5-21-...-1107" /f', "", "worked"),
            ]},
            {"summary": "Desktop empty, 'You've been signed in with a temporary profile'", "steps": [
                ("Rebooted", "", "", "didnt_work"),
                ("Fixed the ProfileList .bak key for the SID", "", "", "worked"),
            ]},
            {"summary": "Temp profile every login for one user", "steps": [
                ("Corrected ProfileImagePath and removed the .bak duplicate", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user says all her files are gone",
            "reason": "desktop is blank, notification says signed in with temporary profile. C:\\Users\\her folder "
                      "is still there with her files. disk has space",
            "steps": [
                ("restarted twice", "", "", "didnt_work"),
            ],
        },
    },
    {
        "id": "profile-disk-full", "group": "user-profile-temp", "domain": "systems", "split": "held_out",
        "resolution": "C: was completely full, so the user's ntuser.dat couldn't load and Windows fell back to a "
                      "temporary profile. Freed space on C:.",
        "fix": ("Freed space on C: so the profile can load", "cleanmgr /sagerun:1 & Dism /Online /Cleanup-Image "
                "/StartComponentCleanup"),
        "history": [
            {"summary": "Temporary profile and low disk warning", "steps": [
                ("Free space", "Get-PSDrive C", "Used (GB): 237.4  Free (GB): 0.01", "info"),
                ("Cleaned up", "cleanmgr /sagerun:1 & Dism /Online /Cleanup-Image /StartComponentCleanup", "",
                 "worked"),
            ]},
            {"summary": "Users get temp profiles on the shared PC", "steps": [
                ("Renamed .bak keys", "", "", "didnt_work"),
                ("Deleted old profiles and the 80 GB of temp files, profiles load again", "", "", "worked"),
            ]},
            {"summary": "Signed in with a temporary profile, C drive 0 bytes", "steps": [
                ("Cleared space on the system drive", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "shared front desk pc gives temp profile",
            "reason": "every user that logs in gets temporary profile. c drive bar is red in explorer",
            "steps": [],
        },
    },
    {
        "id": "profile-fslogix-vhd-locked", "group": "user-profile-temp", "domain": "systems", "split": "dev",
        "resolution": "The user's FSLogix profile VHDX was still attached by a hung session on another session host, "
                      "so the new logon got a temporary profile. Logged off the orphaned session to release the lock.",
        "fix": ("Logged off the orphaned session on the other host to release the FSLogix VHDX",
                "logoff 5 /server:RDSH02"),
        "history": [
            {"summary": "RDS user gets temp profile, FSLogix error", "steps": [
                ("FSLogix log", "",
                 "Failed to attach VHD ... The process cannot access the file because it is being used by another "
                 "process. (32)", "info"),
                ("Found the old session on RDSH02 and logged it off", "logoff 5 /server:RDSH02", "", "worked"),
            ]},
            {"summary": "Profile container in use, user on temp profile", "steps": [
                ("Restarted the FSLogix service on the host", "", "", "didnt_work"),
                ("Ended the stuck session on the other session host", "", "", "worked"),
            ]},
            {"summary": "FSLogix VHDX locked after a host crash", "steps": [
                ("Released the lock by logging off the orphan session", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "user gets temporary profile on rds",
            "reason": "fslogix says vhd in use by another process (32). she got kicked off yesterday when RDSH02 froze",
            "steps": [],
        },
    },
    {
        "id": "profile-roaming-share-permissions", "group": "user-profile-temp", "domain": "systems",
        "split": "held_out",
        "resolution": "The roaming profile share's NTFS permissions were reset to Users:Read by a migration, so "
                      "profiles couldn't be created or written (event 1509, access denied). Restored the "
                      "recommended ACLs.",
        "fix": ("Restored the recommended permissions on the roaming profile share",
                'icacls D:\\Profiles /grant "CREATOR OWNER:(OI)(CI)(IO)F" "Domain Users:(AD,RD,RA,X)"'),
        "history": [
            {"summary": "Roaming profile not saving, access denied", "steps": [
                ("Event log", "", "Event 1509: Windows cannot copy file ... Access is denied.", "info"),
                ("Fixed the share root ACLs",
                 'icacls D:\\Profiles /grant "CREATOR OWNER:(OI)(CI)(IO)F" "Domain Users:(AD,RD,RA,X)"', "",
                 "worked"),
            ]},
            {"summary": "New users get temp profiles since the file server move", "steps": [
                ("Gave Domain Users 'create folder' on the Profiles share root", "", "", "worked"),
            ]},
            {"summary": "Profiles not syncing back to server after migration", "steps": [
                ("Renamed the .bak key", "", "", "didnt_work"),
                ("Re-applied the roaming profile folder permissions", "", "", "worked"),
            ]},
        ],
        "escalation": {
            "summary": "new users get temp profile",
            "reason": "since we moved the profiles share to FS02. event 1509 access is denied. existing users seem ok "
                      "mostly",
            "steps": [],
        },
    },
]
# Escalations whose cause is in NO problem above (the right answer is "no close match"), but which
# share vocabulary with the history (same products, similar symptoms) so a naive system is tempted.
NO_MATCH = [
    {   # cause: a stale WPAD/PAC proxy setting that is unreachable over the VPN
        "id": "nm-outlook-vpn-proxy-pac", "domain": "network", "split": "dev",
        "summary": "outlook + browser slow when on vpn",
        "reason": "only one laptop. takes 30 sec for any page and outlook says trying to connect then works. other "
                  "vpn users fine. laptop came from the old parent company",
        "steps": [
            ("lowered mtu to 1400 on the vpn adapter", 'netsh interface ipv4 set subinterface "Cisco AnyConnect" '
             "mtu=1400 store=persistent", "Ok.", "didnt_work"),
            ("checked proxy", "netsh winhttp show proxy",
             "Current WinHTTP proxy settings:\n    Proxy Server(s) :  proxy.oldparent.local:8080", "info"),
        ],
    },
    {   # cause: PrintNightmare RPC hardening (0x0000011b) on the print server
        "id": "nm-printer-0x0000011b", "domain": "hardware", "split": "held_out",
        "summary": "cant add the shared printer on a few pcs",
        "reason": "'windows cannot connect to the printer. operation failed with error 0x0000011b'. the printers "
                  "already installed on other pcs print fine. print server got patched sunday",
        "steps": [
            ("restarted spooler on print server", "net stop spooler && net start spooler", "", "didnt_work"),
        ],
    },
    {   # cause: a huge QuickBooks .TLG transaction log file
        "id": "nm-quickbooks-huge-tlg", "domain": "systems", "split": "dev",
        "summary": "quickbooks super slow for everyone",
        "reason": "takes 2 min to open an invoice in multi user. no h202 or errors. the company.qbw.tlg file next to "
                  "the company file is 19gb",
        "steps": [
            ("opened the qb ports on the server firewall", "", "", "didnt_work"),
        ],
    },
    {   # cause: LDAP signing / channel binding enforced, the copier's address-book lookup does simple binds
        "id": "nm-copier-ldap-signing", "domain": "hardware", "split": "held_out",
        "summary": "copier address book search stopped working",
        "reason": "scan to email to a typed address still works. searching names from the copier screen says "
                  "'ldap server connection error'. dc shows event 2887 about unsigned binds, we turned on ldap "
                  "signing for the insurance checklist",
        "steps": [],
    },
    {   # cause: wrong time zone on the PC (clock exactly one hour off)
        "id": "nm-clock-wrong-timezone", "domain": "systems", "split": "dev",
        "summary": "one pc clock exactly 1 hr off",
        "reason": "minutes are right, hour is wrong. meetings in teams show wrong time for her. dc is correct, "
                  "w32tm /query /source shows DC01",
        "steps": [
            ("w32tm /resync", "w32tm /resync", "The command completed successfully.", "didnt_work"),
        ],
    },
    {   # cause: the SMS MFA phone number saved with the wrong country code
        "id": "nm-mfa-sms-wrong-country-code", "domain": "security", "split": "held_out",
        "summary": "user never gets the text code",
        "reason": "she uses text message not the app. says 'we texted your phone +1 XXXXXXX42' but nothing comes. "
                  "same number as always, she just moved here from the uk office",
        "steps": [
            ("revoked her sessions", "Revoke-MgUserSignInSession -UserId user@example.com", "Value : True",
             "didnt_work"),
        ],
    },
    {   # cause: Identity Protection user-risk policy (risky user, password change required) with SSPR off
        "id": "nm-ca-user-risk-high", "domain": "security", "split": "dev",
        "summary": "user blocked from everything 53003",
        "reason": "she's in the office, not travelling. sign in logs say blocked by conditional access, policy name is "
                  "'High user risk'. she got a weird login from another state last week",
        "steps": [
            ("added her to the travel exclusion group", "New-MgGroupMember -GroupId $travelGroupId "
             "-DirectoryObjectId $userId", "", "didnt_work"),
        ],
    },
    {   # cause: the Exchange Online licence was removed during a licence clean-up
        "id": "nm-outlook-license-removed", "domain": "m365", "split": "held_out",
        "summary": "outlook keeps asking to sign in, owa also weird",
        "reason": "outlook prompts and then says cannot connect. owa says 'we can't find your mailbox'. the user is "
                  "part time, billing did a license cleanup this week",
        "steps": [
            ("cleared office creds", 'cmdkey /delete:"MicrosoftOffice16_Data:SSPI:user@example.com"',
             "CMDKEY: Credential deleted successfully.", "didnt_work"),
        ],
    },
    {   # cause: scanned PDFs exceed the scanner mailbox's message size limit
        "id": "nm-scan-email-size-limit", "domain": "hardware", "split": "dev",
        "summary": "big scans dont email",
        "reason": "1-2 page scans go through fine. the 60 page contract scan fails every time. copier log: 552 5.3.4 "
                  "message size exceeds fixed maximum message size",
        "steps": [
            ("enabled smtp auth on the scanner mailbox (it already was)", "", "", "didnt_work"),
        ],
    },
    {   # cause: the destination PC's network profile flipped to Public, firewall blocks SMB inbound
        "id": "nm-scan-folder-public-profile", "domain": "hardware", "split": "held_out",
        "summary": "scan to folder stopped for one pc",
        "reason": "got a new usb-c dock yesterday. network icon shows 'Network 3' public. copier says connection "
                  "failed. password on svc-scan is fine, other pcs get scans",
        "steps": [
            ("reset svc-scan password to never expire", "Set-ADUser svc-scan -PasswordNeverExpires $true", "",
             "didnt_work"),
        ],
    },
    {   # cause: a USB card reader / phone grabs the drive letter the GPO maps
        "id": "nm-drive-letter-taken-by-usb", "domain": "systems", "split": "dev",
        "summary": "H drive missing for one user",
        "reason": "everyone else gets H:. on his pc H: is now 'SD card' since he plugged in the new keyboard w/ card "
                  "reader. gpresult shows the drive map applied",
        "steps": [
            ("enabled 'always wait for network'", "", "", "didnt_work"),
        ],
    },
    {   # cause: the share is opened by FQDN that falls in the Internet zone, so Office uses Protected View
        "id": "nm-share-internet-zone", "domain": "systems", "split": "held_out",
        "summary": "excel files from the share slow to open + yellow bar",
        "reason": "since we changed the drive map to \\\\files.corp.example.com\\shared. every file opens in protected "
                  "view and takes ages. copying is fast",
        "steps": [
            ("disabled LSO on the server nic", 'Disable-NetAdapterLso -Name "Ethernet0" -IPv4 -IPv6', "",
             "didnt_work"),
        ],
    },
    {   # cause: Veeam instance licence exceeded after new VMs were added
        "id": "nm-veeam-license-exceeded", "domain": "systems", "split": "dev",
        "summary": "veeam jobs failing on the new vms",
        "reason": "old vms back up fine. the 3 new ones fail: 'unable to allocate processed instance: license is "
                  "exceeded'",
        "steps": [
            ("checked vss writers on the new vms, all stable", "vssadmin list writers", "State: [1] Stable", "info"),
        ],
    },
    {   # cause: the AP moved to a DFS channel the old scanners' radios don't support
        "id": "nm-wifi-dfs-channel-old-clients", "domain": "network", "split": "held_out",
        "summary": "handheld scanners in warehouse lost wifi",
        "reason": "only the old handheld barcode scanners, laptops and phones fine. meraki auto channel moved the "
                  "warehouse ap to channel 100 last night",
        "steps": [
            ("updated wifi driver on a laptop to compare", "", "", "info"),
        ],
    },
    {   # cause: a Windows Update safeguard hold on the 24H2 feature update
        "id": "nm-wu-safeguard-hold", "domain": "systems", "split": "dev",
        "summary": "24h2 not offered on some pcs",
        "reason": "other pcs with the same model got it. windows update says 'the windows 11 2024 update is on its "
                  "way' and nothing. no errors",
        "steps": [
            ("reset softwaredistribution", "net stop wuauserv && ren C:\\Windows\\SoftwareDistribution SD.old", "",
             "didnt_work"),
        ],
    },
    {   # cause: a new EDR agent's kernel driver crashing after its own update
        "id": "nm-bsod-edr-driver", "domain": "hardware", "split": "held_out",
        "summary": "bluescreens on several pcs this morning",
        "reason": "CRITICAL_PROCESS_DIED or SYSTEM_SERVICE_EXCEPTION, dumps point at the new security agent's .sys "
                  "driver. agent auto-updated overnight. no windows updates since last week",
        "steps": [
            ("rolled back display driver on one", "", "", "didnt_work"),
        ],
    },
    {   # cause: the user forgot the BitLocker pre-boot PIN (TPM+PIN)
        "id": "nm-bitlocker-forgot-pin", "domain": "security", "split": "dev",
        "summary": "laptop asking for bitlocker pin",
        "reason": "not the recovery key screen, it asks for a PIN before windows. she says she never set one, the "
                  "laptop was set up by the previous IT guy",
        "steps": [],
    },
    {   # cause: TPM attestation failure during Autopilot pre-provisioning (old TPM firmware)
        "id": "nm-autopilot-tpm-attestation", "domain": "systems", "split": "held_out",
        "summary": "autopilot pre-provisioning fails",
        "reason": "white glove fails at 'securing your hardware' 0x800705b4. apps never even start. these are the "
                  "older lenovos",
        "steps": [
            ("fixed an app detection rule people said causes 0x800705b4", "", "", "didnt_work"),
        ],
    },
    {   # cause: the user's OneDrive was never provisioned, so Teams recordings can't be saved
        "id": "nm-teams-recording-no-onedrive", "domain": "m365", "split": "dev",
        "summary": "teams meeting recording fails",
        "reason": "says recording couldn't be saved. only for meetings this user organises. her onedrive link in the "
                  "waffle menu says 'we're still setting up your onedrive'",
        "steps": [
            ("cleared the teams cache", "Get-AppxPackage MSTeams | Reset-AppxPackage", "", "didnt_work"),
        ],
    },
    {   # cause: the user's OneDrive storage quota is full
        "id": "nm-onedrive-quota-full", "domain": "m365", "split": "held_out",
        "summary": "onedrive stopped syncing new files",
        "reason": "red x on new files, old ones fine. onedrive icon says 'your onedrive is full'. he puts his camera "
                  "videos in there",
        "steps": [],
    },
    {   # cause: the SharePoint site hit its storage quota
        "id": "nm-spo-site-quota", "domain": "m365", "split": "dev",
        "summary": "cant upload to the Projects site",
        "reason": "anyone, any file. error says site is out of storage space. other sites fine",
        "steps": [
            ("turned on external sharing for the site", "", "", "didnt_work"),
        ],
    },
    {   # cause: inbound anti-spoofing quarantines a partner whose own DMARC is broken
        "id": "nm-inbound-spoof-quarantine", "domain": "m365", "split": "held_out",
        "summary": "emails from one supplier not arriving",
        "reason": "message trace shows them quarantined as 'spoof'. supplier recently moved their email to a new "
                  "host. no transport rules touch them",
        "steps": [
            ("disabled an old transport rule just in case", 'Disable-TransportRule -Identity "Old spam rule"', "",
             "didnt_work"),
        ],
    },
    {   # cause: the user's AD account reached its accountExpires date (contractor)
        "id": "nm-vpn-account-expired", "domain": "network", "split": "dev",
        "summary": "contractor cant connect forticlient -7200",
        "reason": "worked friday. he is in VPN-Users. mfa push never arrives. his contract was extended last week",
        "steps": [
            ("re-added him to VPN-Users", 'Add-ADGroupMember -Identity "VPN-Users" -Members contractor1', "",
             "didnt_work"),
        ],
    },
    {   # cause: RDP black screen from UDP transport/bitmap caching on a flaky link
        "id": "nm-rdp-black-screen", "domain": "systems", "split": "held_out",
        "summary": "rdp to app server just black screen",
        "reason": "connects, asks for password, then black screen forever. happens from home over vpn, from the office "
                  "mostly ok. no error message",
        "steps": [
            ("added the vpn subnet to the server firewall rule", "", "", "didnt_work"),
        ],
    },
    {   # cause: a password-spray attack against the AD FS extranet endpoint
        "id": "nm-lockout-adfs-spray", "domain": "security", "split": "dev",
        "summary": "lots of users locked out this morning",
        "reason": "like 15 accounts. 4740 caller computer is ADFS01 for all of them. none of them changed passwords "
                  "recently",
        "steps": [
            ("checked phones of 2 users for old mail accounts", "", "", "didnt_work"),
        ],
    },
    {   # cause: workstation DNS lists a public resolver, so it can't find the DC (GP event 1058/1129)
        "id": "nm-gpo-public-dns", "domain": "systems", "split": "held_out",
        "summary": "gpos not applying on a couple laptops",
        "reason": "gpupdate says 'the processing of group policy failed because of lack of network connectivity to a "
                  "domain controller'. ipconfig /all shows dns 8.8.8.8 first",
        "steps": [
            ("checked security filtering, auth users has read", "", "", "info"),
        ],
    },
    {   # cause: offsite backup upload saturating the uplink during business hours (no QoS)
        "id": "nm-voip-choppy-backup-upload", "domain": "network", "split": "dev",
        "summary": "phone calls choppy every afternoon",
        "reason": "robotic voice on desk phones from about 1pm. mornings are fine. the new offsite backup copy job "
                  "was moved to run during the day",
        "steps": [
            ("disabled sip alg", "", "", "didnt_work"),
        ],
    },
    {   # cause: public DNS autodiscover record points at the web host, so Outlook gets its certificate
        "id": "nm-autodiscover-webhost-cert", "domain": "m365", "split": "held_out",
        "summary": "outlook cert warning for autodiscover on every pc",
        "reason": "popup says name on certificate doesnt match autodiscover.example.com, cert is for the web hosting "
                  "company. in office and at home, vpn or not",
        "steps": [
            ("set the fortigate vpn policy to certificate inspection", "", "", "didnt_work"),
        ],
    },
]
