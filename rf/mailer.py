"""Flask-Mail with a connect/read timeout (Flask-Mail 0.10 opens SMTP without one, so a
server that accepts and never answers would hang the request forever)."""
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
