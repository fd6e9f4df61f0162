"""Email address checks shared by forms, the CLI and the outbox."""
import re

# RFC 5322's dot-atom on both sides of the @ (RFC 6531: non-ASCII letters allowed too): no
# quoted local parts, comments or address literals, which a mail header would have to escape
# ("<", ">", '"' and the like never get in), no empty or doubled dots. The domain needs a dot;
# internal ones (.local, .lan) are fine: self-hosted MSPs use them.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+"
_LABEL = r"[A-Za-z0-9\u0080-\U0010ffff](?:[A-Za-z0-9\-\u0080-\U0010ffff]*[A-Za-z0-9\u0080-\U0010ffff])?"
EMAIL_PATTERN = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+$")


def email_problem(email, max_length=254):
    """Plain syntax check: self-hosted MSPs use internal domains (.local, .lan) too."""
    if not email:
        return "Enter an email address."
    if len(email) > max_length:
        return f"Email addresses are at most {max_length} characters."
    if not EMAIL_PATTERN.match(email):
        return "Enter a valid email address, like name@example.com."
    return None
