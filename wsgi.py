"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app`` or ``flask --app wsgi``."""
import sys

from rf import create_app
from rf.core.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    sys.exit(f"ResolutionFlow configuration error: {error}")
