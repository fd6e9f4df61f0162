"""Flask-Mail with a connect/read timeout (Flask-Mail 0.10 opens SMTP without one, so a
server that accepts and never answers would hang the request forever), and mail errors
in words, permanent or worth another try."""
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

    def __exit__(self, exc_type, exc_value, tb):
        """A failed goodbye changes nothing: the message went (or didn't) before it. Flask-Mail's
        own QUIT on a connection smtplib already closed (after a 421) would replace the server's
        answer with 'please run connect() first'."""
        if self.host is None:
            return
        try:
            self.host.quit()
        except (smtplib.SMTPException, OSError):
            self.host.close()


class TimeoutMail(Mail):
    def connect(self):
        return TimeoutConnection(current_app.extensions["mail"])


def smtp_answers(exc):
    """The server's (code, text) answers in a mail error: one for a refused command, one per
    refused recipient (smtplib keeps those in a dict), none for a network fault."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return [(exc.smtp_code, exc.smtp_error)]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return list(exc.recipients.values())
    return []


def is_permanent_mail_error(exc):
    """A 5xx about this message (no such mailbox, message refused) will be refused again, so
    it fails at once. A refused login is the server's setup, not the message: retried, so
    fixing the password sends what is queued."""
    answers = smtp_answers(exc)
    return (bool(answers) and not isinstance(exc, smtplib.SMTPAuthenticationError)
            and all(500 <= code < 600 for code, _ in answers))


def describe_mail_error(exc):
    """The mail server's answer in words: '550 mailbox unavailable', 'Connection refused'."""
    answers = smtp_answers(exc)
    if answers:
        said = "; ".join(f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
                         for code, text in dict.fromkeys(answers))
        return f"the mail server answered {said}"
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):  # smtplib rewraps read timeouts
        return "the mail server did not answer in time"
    if isinstance(exc, OSError) and exc.strerror:
        return f"mail server {current_app.config['MAIL_SERVER']}:{current_app.config['MAIL_PORT']}: {exc.strerror}"
    return str(exc) or exc.__class__.__name__


def send_test_email(address, subject, from_where):
    """Send a test email with the RF_MAIL_* settings (``rf mail-test``, the first-run
    checklist); None when it went, else why not, in words."""
    from flask_mail import Message

    from .extensions import mail

    body = (f"This is a test from ResolutionFlow{from_where}: escalation emails will reach your team.\n\n"
            f"{current_app.config['RF_BASE_URL']}\n")
    try:
        mail.send(Message(subject=subject, recipients=[address], body=body))
    except (smtplib.SMTPException, OSError) as error:
        return describe_mail_error(error)
    return None
