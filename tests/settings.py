"""Where the suite runs: the repository, the PostgreSQL database it may use, CI or not."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("RF_TEST_DATABASE_URL", "").strip()
IN_CI = os.environ.get("CI", "").lower() == "true"
