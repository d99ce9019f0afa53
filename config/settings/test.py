"""The test suite: SQLite in a temporary file by default, PostgreSQL when DATABASE_URL is set."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASE_URL, DATABASES, HUEY, sqlite_database

_scratch = Path(tempfile.mkdtemp(prefix="trellis-test-"))
if not DATABASE_URL:
    DATABASES["default"] = sqlite_database(_scratch / "test.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": str(_scratch / "test.sqlite3")}

# Every file the suite writes lands in this process's own scratch folder, never the checkout's var/: parallel
# workers (pytest-xdist) and concurrent runs then share nothing on disk.
MEDIA_ROOT = _scratch / "media"
STATIC_ROOT = _scratch / "static"
BACKUP_DIR = _scratch / "backups"
AUDIT_CHECKPOINT_DIR = _scratch / "audit-checkpoints"
TRELLIS_SMS_FILE_DIR = _scratch / "sms"

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
HUEY = {**HUEY, "immediate": True, "huey_class": "huey.MemoryHuey", "filename": None}
HUEY.pop("filename")
AXES_ENABLED = True
# The suite's `client.force_login` stands for a finished sign-in (second factor included); the tests of the
# second factor sign in through the login form, which marks the session, or turn this off (accounts.mfa).
TRELLIS_MFA_TRUST_UNMARKED_SESSIONS = True
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(_scratch)},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A second database standing for the read replica, holding rows of its own: the replica test turns its reads on
# (TRELLIS_REPORTING_READS) and shows the dashboards count from it; the rest of the suite reads "default" only.
# Its tables come from the models, not the migrations: a replica gets its schema from the primary.
TRELLIS_REPORTING_READS = False
if DATABASE_URL:
    DATABASES["reporting"] = {
        **DATABASES["default"],
        "NAME": f"{DATABASES['default']['NAME']}_reporting",
        "TEST": {"MIGRATE": False},
    }
else:
    DATABASES["reporting"] = sqlite_database(_scratch / "reporting.sqlite3")
    DATABASES["reporting"]["TEST"] = {"NAME": str(_scratch / "reporting.sqlite3"), "MIGRATE": False}
