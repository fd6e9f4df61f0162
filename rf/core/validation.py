"""Email address checks shared by forms, the CLI and the outbox."""
import re

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def email_problem(email, max_length=254):
    """Plain syntax check: self-hosted MSPs use internal domains (.local, .lan) too."""
    if not email:
        return "Enter an email address."
    if len(email) > max_length:
        return f"Email addresses are at most {max_length} characters."
    if not EMAIL_PATTERN.match(email):
        return "Enter a valid email address, like name@example.com."
    return None
