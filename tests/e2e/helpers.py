import re


def log_in(page, base_url, email, password):
    """Log in through the form, as a person would."""
    page.goto(base_url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def start_session(page, ticket, client, summary, domain=None):
    """Open a new troubleshooting session through the form, as a junior would; returns once
    its page has loaded (its scripts run: a test's next keys go to a working page)."""
    page.get_by_role("link", name="New session").first.click()
    page.get_by_label("Ticket number").fill(ticket)
    page.get_by_label("Client").fill(client)
    page.get_by_label("Problem summary").fill(summary)
    if domain:
        page.get_by_label("Domain").select_option(label=domain)
    page.get_by_role("button", name="Start session").click()
    page.wait_for_url(re.compile(r"/sessions/\d+$"))
    page.wait_for_load_state("load")
