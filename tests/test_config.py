"""Settings come from RF_* variables, default to a local setup, and fail loudly when malformed."""
import os
import re
import subprocess
import sys

import pytest

from rf.core.config import Config, ConfigError

from .settings import ROOT


def test_defaults_run_locally_without_setup(tmp_path):
    config = Config(str(tmp_path), environ={})
    assert config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path}/resolutionflow.sqlite3"
    assert config.RF_BASE_URL == "http://127.0.0.1:8000"
    assert config.SESSION_COOKIE_SECURE is False
    assert config.SESSION_COOKIE_HTTPONLY is True
    assert config.SESSION_COOKIE_SAMESITE == "Lax"
    assert config.WTF_CSRF_TIME_LIMIT is None  # tokens last as long as the login: tabs stay open all day


def test_generated_secret_key_is_persisted_privately_and_reused(tmp_path):
    first = Config(str(tmp_path), environ={}).SECRET_KEY
    second = Config(str(tmp_path), environ={}).SECRET_KEY
    assert first == second and len(first) >= 32
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_settings_are_read_from_environment(tmp_path):
    config = Config(str(tmp_path), environ={
        "RF_DATABASE_URL": "postgres://rf@db.internal/rf", "RF_BASE_URL": "https://rf.example.com/",
        "RF_SECRET_KEY": "s" * 32, "RF_MAIL_SERVER": "smtp.example.com", "RF_MAIL_PORT": "587",
        "RF_MAIL_USE_TLS": "true", "RF_MAIL_USERNAME": "rf", "RF_MAIL_PASSWORD": "pw",
        "RF_MAIL_SENDER": "RF <rf@example.com>"})
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg2://rf@db.internal/rf"
    assert config.RF_BASE_URL == "https://rf.example.com"
    assert config.SESSION_COOKIE_SECURE is True and config.REMEMBER_COOKIE_SECURE is True
    assert (config.MAIL_SERVER, config.MAIL_PORT, config.MAIL_USE_TLS) == ("smtp.example.com", 587, True)
    assert (config.MAIL_USERNAME, config.MAIL_PASSWORD) == ("rf", "pw")
    assert config.MAIL_DEFAULT_SENDER == "RF <rf@example.com>"
    assert config.SQLALCHEMY_ENGINE_OPTIONS["pool_size"] == 10


def test_an_empty_secret_key_file_is_a_clear_error(tmp_path):
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(ConfigError, match="holds no usable key: delete it"):
        Config(str(tmp_path), environ={})


@pytest.mark.parametrize("variable, value, expected", [
    ("RF_DATABASE_URL", "mysql://x/y", "RF_DATABASE_URL must start with sqlite:/// or postgresql://"),
    ("RF_MAIL_PORT", "twenty-five", "RF_MAIL_PORT must be a whole number"),
    ("RF_MAIL_PORT", "70000", "RF_MAIL_PORT must be at least 1 and at most 65535"),
    ("RF_MAIL_USE_TLS", "maybe", "RF_MAIL_USE_TLS must be true or false"),
    ("RF_BASE_URL", "rf.example.com", "RF_BASE_URL must be an http:// or https:// address"),
    ("RF_SECRET_KEY", "short", "RF_SECRET_KEY must be at least 16 characters"),
    ("RF_MAIL_SENDER", "nobody", "RF_MAIL_SENDER must contain an email address"),
])
def test_bad_setting_names_the_variable(tmp_path, variable, value, expected):
    with pytest.raises(ConfigError, match=expected):
        Config(str(tmp_path), environ={variable: value})


def run_in_root(args, **env):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "FLASK_APP": "wsgi", **env})


def test_cli_startup_error_is_a_clear_message():
    result = run_in_root([sys.executable, "-m", "flask", "rf", "--help"], RF_MAIL_PORT="abc")
    assert result.returncode != 0
    assert "ResolutionFlow configuration error: RF_MAIL_PORT must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_startup_error_is_a_clear_message():
    result = run_in_root([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--check-config", "wsgi:app"],
                         RF_BASE_URL="ftp://nope")
    assert result.returncode != 0
    assert "ResolutionFlow configuration error: RF_BASE_URL must be an http:// or https:// address" in (
        result.stderr + result.stdout)


@pytest.mark.parametrize("variable, value, expected", [
    ("RF_PORT", "http", "RF_PORT must be a whole number"),
    ("RF_WORKERS", "0", "RF_WORKERS must be at least 1"),
])
def test_gunicorn_rejects_bad_server_settings(variable, value, expected):
    result = run_in_root([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--check-config", "wsgi:app"],
                         RF_SECRET_KEY="x" * 20, **{variable: value})
    assert result.returncode != 0
    assert expected in result.stderr + result.stdout


def test_gunicorn_accepts_empty_values_and_ipv6_hosts():
    result = run_in_root([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config", "wsgi:app"],
                         RF_SECRET_KEY="x" * 20, RF_PORT="", RF_HOST="::")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^bind\s+= \['\[::\]:8000'\]$", result.stdout, re.M)


def test_operator_commands_are_listed():
    result = run_in_root([sys.executable, "-m", "flask", "rf", "--help"],
                         RF_DATABASE_URL="sqlite:////tmp/rf-help.sqlite3", RF_SECRET_KEY="x" * 20)
    assert result.returncode == 0, result.stderr
    for command in ("init", "create-account", "create-user", "demo"):
        assert command in result.stdout


def test_base_url_follows_the_bind_address_by_default(tmp_path):
    config = Config(str(tmp_path), environ={"RF_HOST": "0.0.0.0", "RF_PORT": "9000"})
    assert config.RF_BASE_URL == "http://127.0.0.1:9000"
