"""Configuration read from ``RF_*`` environment variables.

Every setting has a default that runs locally with no setup: SQLite under
``instance/`` and a secret key generated once and kept in ``instance/secret_key``.
A malformed value stops the app at startup with a message naming the variable.
"""
import ipaddress
import os
import re
import secrets
import tempfile
from urllib.parse import urlsplit


class ConfigError(ValueError):
    """A setting is malformed; the message names the variable and what it expects."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(environ, name, default):
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}.")


def env_int(environ, name, default, minimum=0, maximum=None):
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise ConfigError(f"{name} must be at least {minimum}{upper}, not {value}.")
    return value


def database_url(environ, instance_path):
    """The SQLAlchemy URL: ``RF_DATABASE_URL`` or a SQLite file under instance/."""
    raw = environ.get("RF_DATABASE_URL", "").strip()
    if not raw:
        return "sqlite:///" + os.path.join(instance_path, "resolutionflow.sqlite3")
    scheme = raw.split(":", 1)[0]
    if scheme not in {"sqlite", "postgres", "postgresql", "postgresql+psycopg2"}:
        raise ConfigError(
            "RF_DATABASE_URL must start with sqlite:/// or postgresql://, "
            f"not {scheme + ':' if ':' in raw else repr(raw)}."
        )
    return with_driver(raw)


def with_driver(url):
    """PostgreSQL URLs use psycopg2 (patched for gevent by psycogreen), whatever the spelling."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def base_url(environ):
    """The address users reach the app at; by default the one gunicorn binds to."""
    host = environ.get("RF_HOST", "").strip() or "127.0.0.1"
    if host in {"0.0.0.0", "::"}:
        host = "127.0.0.1"
    default = f"http://{host}:{environ.get('RF_PORT', '').strip() or '8000'}"
    raw = environ.get("RF_BASE_URL", "").strip() or default
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"RF_BASE_URL must be an http:// or https:// address, not {raw!r}.")
    return raw.rstrip("/")


def llm_settings(environ):
    """The optional OpenAI-compatible chat-completions endpoint for assessments."""
    raw = environ.get("RF_LLM_BASE_URL", "").strip()
    if not raw:
        return None, None
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"RF_LLM_BASE_URL must be an http:// or https:// address, not {raw!r}.")
    model = environ.get("RF_LLM_MODEL", "").strip()
    if not model:
        raise ConfigError("RF_LLM_MODEL must name the model when RF_LLM_BASE_URL is set.")
    return raw.rstrip("/"), model


HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$")


def parse_allowed_hosts(raw):
    """Comma-separated hostnames, IP addresses or networks (``10.0.0.0/8``) that webhooks may
    post to although they are not public: ``(hostnames, networks)``."""
    names, networks = set(), []
    for item in (part.strip().lower() for part in (raw or "").split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            if "/" in item or ":" in item or not HOSTNAME.match(item):
                raise ConfigError(f"RF_WEBHOOK_ALLOWED_HOSTS: {item!r} is not a hostname, an IP address or a network "
                                  "like 10.0.0.0/8 (no ports or URLs).") from None
            names.add(item.rstrip("."))
    return frozenset(names), tuple(networks)


def secret_key(environ, instance_path):
    """``RF_SECRET_KEY``, or a random key created once and persisted in instance/."""
    configured = environ.get("RF_SECRET_KEY", "").strip()
    if configured:
        if len(configured) < 16:
            raise ConfigError("RF_SECRET_KEY must be at least 16 characters long.")
        return configured
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        # Write a complete file under a temporary name, then link it into place: a process
        # starting at the same moment either wins or reads the winner's whole key.
        os.makedirs(instance_path, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=instance_path, prefix=".secret_key.")
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    with open(path) as f:
        stored = f.read().strip()
    if len(stored) < 16:
        raise ConfigError(f"{path} holds no usable key: delete it to generate a new one, or set RF_SECRET_KEY.")
    return stored


def mail_sender(environ):
    sender = environ.get("RF_MAIL_SENDER", "").strip() or "ResolutionFlow <resolutionflow@localhost>"
    if "@" not in sender:
        raise ConfigError(f"RF_MAIL_SENDER must contain an email address, not {sender!r}.")
    return sender


def engine_options(url, pool_size):
    """Pool sizing per worker; SQLite gets no pool arguments it would reject."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 5}}
    return {"pool_size": pool_size, "max_overflow": pool_size, "pool_pre_ping": True,
            "pool_recycle": 1800, "pool_timeout": 10, "connect_args": {"connect_timeout": 5}}


class Config:
    """Flask settings built from the environment when the app is created."""

    TESTING = False
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SESSION_COOKIE_NAME = "rf_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A queue tab stays open all day: the CSRF token lives as long as the login does.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_HEADERS = ["X-CSRFToken"]
    # Pasted command output can be megabytes of logs: accept it, then keep a capped excerpt.
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 16 * 1024 * 1024

    def __init__(self, instance_path, environ=None):
        environ = os.environ if environ is None else environ
        self.SECRET_KEY = secret_key(environ, instance_path)
        self.RF_SECRET_KEY_FROM_FILE = not environ.get("RF_SECRET_KEY", "").strip()
        # How often a running server says again which settings it runs with (rf.core.servers).
        self.RF_SERVER_HEARTBEAT_SECONDS = env_int(environ, "RF_SERVER_HEARTBEAT_SECONDS", 3600, minimum=1)
        self.SQLALCHEMY_DATABASE_URI = database_url(environ, instance_path)
        self.RF_DB_POOL_SIZE = env_int(environ, "RF_DB_POOL_SIZE", 10, minimum=1, maximum=200)
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(
            self.SQLALCHEMY_DATABASE_URI, self.RF_DB_POOL_SIZE)
        self.RF_BASE_URL = base_url(environ)
        secure = self.RF_BASE_URL.startswith("https://")
        self.SESSION_COOKIE_SECURE = secure
        self.REMEMBER_COOKIE_SECURE = secure
        self.PREFERRED_URL_SCHEME = "https" if secure else "http"

        self.MAIL_SERVER = environ.get("RF_MAIL_SERVER", "").strip() or "localhost"
        self.MAIL_PORT = env_int(environ, "RF_MAIL_PORT", 25, minimum=1, maximum=65535)
        self.MAIL_USE_TLS = env_bool(environ, "RF_MAIL_USE_TLS", False)
        self.MAIL_USE_SSL = env_bool(environ, "RF_MAIL_USE_SSL", False)
        if self.MAIL_USE_TLS and self.MAIL_USE_SSL:
            raise ConfigError("Set only one of RF_MAIL_USE_TLS (STARTTLS) and RF_MAIL_USE_SSL.")
        self.MAIL_USERNAME = environ.get("RF_MAIL_USERNAME") or None
        self.MAIL_PASSWORD = environ.get("RF_MAIL_PASSWORD") or None
        self.MAIL_DEFAULT_SENDER = mail_sender(environ)
        self.MAIL_TIMEOUT = env_int(environ, "RF_MAIL_TIMEOUT", 10, minimum=1, maximum=120)
        self.MAIL_SUPPRESS_SEND = False

        self.RF_INVITE_TTL_HOURS = env_int(environ, "RF_INVITE_TTL_HOURS", 72, minimum=1, maximum=24 * 30)
        self.RF_LOGIN_MAX_FAILURES = env_int(environ, "RF_LOGIN_MAX_FAILURES", 10, minimum=1)
        self.RF_LOGIN_WINDOW_MINUTES = env_int(environ, "RF_LOGIN_WINDOW_MINUTES", 15, minimum=1)
        self.RF_LOGIN_DAYS = env_int(environ, "RF_LOGIN_DAYS", 14, minimum=1, maximum=365)
        # Reverse proxies in front (nginx: 1) whose X-Forwarded-For/-Proto are believed: login
        # throttling counts attempts per client address, which is the proxy's without this.
        self.RF_TRUSTED_PROXIES = env_int(environ, "RF_TRUSTED_PROXIES", 0, minimum=0, maximum=5)
        # How long a queue long-poll waits for a change before answering anyway.
        self.RF_LONGPOLL_SECONDS = env_int(environ, "RF_LONGPOLL_SECONDS", 25, minimum=1, maximum=55)
        # Assess escalations after their request has answered (tests assess inline, in order).
        self.RF_ASSESS_IN_BACKGROUND = True
        # Notifications: tries per delivery before it is "failed"; whether each gunicorn worker
        # runs a dispatcher (else run `flask rf dispatch --forever` as a service; tests call it).
        self.RF_NOTIFY_MAX_ATTEMPTS = env_int(environ, "RF_NOTIFY_MAX_ATTEMPTS", 6, minimum=1, maximum=20)
        self.RF_DISPATCH_IN_BACKGROUND = env_bool(environ, "RF_DISPATCH_IN_WORKERS", True)
        # The test suite's control hook (rf.test_hooks: move the clock of a running server).
        # Never on in production: rf doctor fails a server that has it.
        self.RF_TEST_HOOKS = env_bool(environ, "RF_TEST_HOOKS", False)
        # Team-chat webhooks: how long a post may take, and non-public hosts or networks
        # (an internal Mattermost, say) that may be posted to nonetheless.
        self.RF_WEBHOOK_TIMEOUT_SECONDS = env_int(environ, "RF_WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1, maximum=60)
        self.RF_WEBHOOK_ALLOWED_HOSTS = environ.get("RF_WEBHOOK_ALLOWED_HOSTS", "").strip()
        parse_allowed_hosts(self.RF_WEBHOOK_ALLOWED_HOSTS)
        # Metrics page and CSV loads per user per minute.
        self.RF_METRICS_RATE_LIMIT = env_int(environ, "RF_METRICS_RATE_LIMIT", 30, minimum=1)
        self.RF_LLM_BASE_URL, self.RF_LLM_MODEL = llm_settings(environ)
        self.RF_LLM_API_KEY = environ.get("RF_LLM_API_KEY", "").strip() or None
        self.RF_LLM_TIMEOUT_SECONDS = env_int(environ, "RF_LLM_TIMEOUT_SECONDS", 20, minimum=1, maximum=120)


class TestConfig(Config):
    """Settings for the test suite: CSRF off unless a test turns it on, mail delivered."""

    __test__ = False  # not a pytest test class
    TESTING = True
    WTF_CSRF_ENABLED = False

    def __init__(self, instance_path, environ=None, database_url=None):
        super().__init__(instance_path, environ or {"RF_SECRET_KEY": "test-secret-key-not-for-production"})
        if database_url:
            database_url = with_driver(database_url)
            self.SQLALCHEMY_DATABASE_URI = database_url
            self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(database_url, 5)
        # Flask-Mail suppresses sending whenever app.testing is set; tests use a real SMTP server.
        self.MAIL_SUPPRESS_SEND = False
        self.RF_ASSESS_IN_BACKGROUND = False
        self.RF_DISPATCH_IN_BACKGROUND = False
