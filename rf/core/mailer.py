"""Flask-Mail with a connect/read timeout (Flask-Mail 0.10 opens SMTP without one, so a
server that accepts and never answers would hang the request forever), and mail errors
in words."""
import smtplib

from flask import current_app
from flask_mail import Connection, Mail


class TimeoutConnection(Connection):
    def configure_host(self):
        timeout = current_app.config["MAIL_TIMEOUT"]
        smtp_class = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = smtp_class(self.mail.server, self.mail.port, timeout=timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


class TimeoutMail(Mail):
    def connect(self):
        return TimeoutConnection(current_app.extensions["mail"])


def describe_mail_error(exc):
    """The mail server's answer in words: '550 mailbox unavailable', 'Connection refused'."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"the mail server answered {exc.smtp_code} {text}"
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):  # smtplib rewraps read timeouts
        return "the mail server did not answer in time"
    if isinstance(exc, OSError) and exc.strerror:
        return f"mail server {current_app.config['MAIL_SERVER']}:{current_app.config['MAIL_PORT']}: {exc.strerror}"
    return str(exc) or exc.__class__.__name__
