"""Settings shared by every environment. Values that differ come from the environment (config.env)."""

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

from config import env

# Lets generic classes such as ModelForm[Program] be subscripted at run time, as mypy --strict wants.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.read_str("TRELLIS_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env.read_str("DJANGO_SECRET_KEY", "insecure-dev-key-only-for-local-use")
DEBUG = env.read_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.read_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "template_partials",
    "axes",
    "huey.contrib.djhuey",
    "trellis.core",
    "trellis.accounts",
    "trellis.privacy",
    "trellis.programs",
    "trellis.clients",
    "trellis.intake",
    "trellis.episodes",
    "trellis.plans",
    "trellis.scheduling",
    "trellis.measures",
    "trellis.casework",
    "trellis.attendance",
    "trellis.notes",
    "trellis.medications",
    "trellis.support",
    "trellis.billing",
    "trellis.referrals",
    "trellis.notifications",
    "trellis.portal",
    "trellis.alumni",
    "trellis.messaging",
    "trellis.worklist",
    "trellis.outcomes",
    "trellis.demo",
]

MIDDLEWARE = [
    # First: load balancers probe each server by address, over plain HTTP, without a session.
    "trellis.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "trellis.core.headers.PrivateResponseHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trellis.core.middleware.RequestContextMiddleware",
    "trellis.accounts.middleware.IdleSessionTimeoutMiddleware",
    # After the idle check (an ended session goes to the login page, not to its second step).
    "trellis.accounts.mfa.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "trellis" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trellis.accounts.context_processors.navigation",
                "trellis.messaging.context_processors.inbox",
            ],
        },
    },
]


def sqlite_database(path: Path) -> dict[str, Any]:
    """SQLite tuned to lose nothing: WAL, full fsync, immediate write transactions, a busy timeout."""
    return {
        "ENGINE": "trellis.core.db.sqlite3",
        "NAME": str(path),
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=FULL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASE_URL = env.read_str("DATABASE_URL", "")
DATABASES: dict[str, Any]
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
else:
    DATABASES = {
        "default": sqlite_database(Path(env.read_str("TRELLIS_SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))))
    }

# A PostgreSQL read replica for aggregate reports (trellis.core.reporting_db): only the outcome dashboards read
# from it, never a page that must show a write just made. Tests treat it as a mirror of "default".
REPORTING_DATABASE_URL = env.read_str("REPORTING_DATABASE_URL", "")
TRELLIS_REPORTING_READS = bool(REPORTING_DATABASE_URL)
if REPORTING_DATABASE_URL:
    DATABASES["reporting"] = dj_database_url.parse(
        REPORTING_DATABASE_URL, conn_max_age=600, conn_health_checks=True
    ) | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["trellis.core.reporting_db.ReportingRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "accounts:login"

# Argon2 first; PBKDF2 stays so older hashes still verify and are upgraded on login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user's organization with the user (accounts.middleware reads it).
    "trellis.accounts.backends.StaffBackend",
]

# How many reverse proxies in front of the app append to X-Forwarded-For (docs/operations.md): 0 trusts no
# header and reads the socket's address; 1 is the documented single proxy. Read by trellis.core.client_ip.
TRELLIS_TRUSTED_PROXIES = env.read_int("TRELLIS_TRUSTED_PROXIES", 0)

# Failed logins lock the account (from any address) and the address (over any usernames): accounts.lockout.
AXES_HANDLER = "trellis.accounts.lockout.AccountAndAddressHandler"
AXES_FAILURE_LIMIT = env.read_int("TRELLIS_LOGIN_FAILURE_LIMIT", 5)
TRELLIS_ADDRESS_FAILURE_LIMIT = env.read_int("TRELLIS_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 0.5  # hours after the last failure
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "trellis.core.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = False  # the handler clears the account's own failures; the address's count stays
AXES_LOCKOUT_CALLABLE = "trellis.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# Second factor (accounts.mfa): which roles need one is each organization's setting (the Access page).
# Signing and disclosing ask to confirm identity again unless it was confirmed this many minutes ago.
TRELLIS_REAUTH_MINUTES = env.read_int("TRELLIS_REAUTH_MINUTES", 10)
# Passkeys belong to this host name; unset, the host of the request (already vetted by ALLOWED_HOSTS).
TRELLIS_WEBAUTHN_RP_ID = env.read_str("TRELLIS_WEBAUTHN_RP_ID", "")
# Only config/settings/dev.py turns this on (and only with DEBUG): demo users without a factor skip the step.
TRELLIS_DEMO_SKIP_SECOND_FACTOR = False
# Only config/settings/test.py turns this on: a session no login form marked (the test client's force_login)
# counts as signed in. Everywhere else such a session is held at the second step.
TRELLIS_MFA_TRUST_UNMARKED_SESSIONS = False

# API tokens expire this many days after they are made (accounts.tokens).
TRELLIS_API_TOKEN_DAYS = env.read_int("TRELLIS_API_TOKEN_DAYS", 30)

# API throttles count in this cache: shared by every app server through Redis (its own URL, else the queue's
# Redis), per process when there is no Redis (the embedded single-server setup).
CACHE_URL = env.read_str("TRELLIS_CACHE_REDIS_URL", "") or env.read_str("HUEY_REDIS_URL", "")
CACHES: dict[str, Any] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "trellis"}
    )
}

# No inline script anywhere: scripts are static files, behaviour is bound from them (trellis/static).
# Styles allow inline `style=` attributes: templates set computed sizes (bar charts, progress) that way,
# and a style cannot run code. Reports go to a view that logs only the directive broken.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "report-uri": "/csp-report/",
    },
}
SECURE_REFERRER_POLICY = "same-origin"

# Sessions in the database, read through the shared cache when there is one (Redis: every app server sees
# the same entry, and a logout or a "sign out everywhere" deletes it there too): a page then reads its session
# without a query. Without Redis each process would keep its own copy, which a logout elsewhere would not
# reach, so the database alone serves.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if CACHE_URL else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Fallback only; each organization sets its own idle timeout (accounts.middleware).
TRELLIS_DEFAULT_IDLE_MINUTES = 15
# Absolute lifetime: log in again after this long, however active (ASVS 5 V7 session timeout).
TRELLIS_SESSION_MAX_HOURS = env.read_int("TRELLIS_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = TRELLIS_SESSION_MAX_HOURS * 3600

# Password reset links work once and for an hour.
PASSWORD_RESET_TIMEOUT = 3600
# Mail (password reset): printed to the console unless DJANGO_EMAIL_URL (smtp://user:pass@host:587,
# smtps:// for implicit TLS) or EMAIL_HOST and friends name a server.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Where staff reach Trellis: links in e-mails sent outside a request (an urgent safety task's notice).
TRELLIS_BASE_URL = env.read_str("TRELLIS_BASE_URL", "http://127.0.0.1:8000")
# The video service telehealth groups meet on (an open-source Jitsi server, say); rooms are random tokens.
TELEHEALTH_BASE_URL = env.read_str("TELEHEALTH_BASE_URL", "https://meet.jit.si")
DEFAULT_FROM_EMAIL = env.read_str("DEFAULT_FROM_EMAIL", "Trellis <no-reply@localhost>")
EMAIL_TIMEOUT = 10
EMAIL_URL = urlsplit(env.read_str("DJANGO_EMAIL_URL", ""))
if EMAIL_URL.scheme in {"smtp", "smtps"}:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = EMAIL_URL.hostname or ""
    EMAIL_PORT = EMAIL_URL.port or (465 if EMAIL_URL.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(EMAIL_URL.username or "")
    EMAIL_HOST_PASSWORD = unquote(EMAIL_URL.password or "")
    EMAIL_USE_TLS = EMAIL_URL.scheme == "smtp"
    EMAIL_USE_SSL = EMAIL_URL.scheme == "smtps"
elif env.read_str("EMAIL_HOST", ""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.read_str("EMAIL_HOST", "")
    EMAIL_PORT = env.read_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.read_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.read_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env.read_bool("EMAIL_USE_TLS", default=True)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "trellis" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
# `manage.py backup` writes here unless given a path (docs/operations.md).
BACKUP_DIR = Path(env.read_str("TRELLIS_BACKUP_DIR", str(VAR_DIR / "backups")))
# Signed audit chain checkpoints (trellis.privacy.checkpoints): outside the database, under a key it never holds.
# Without a key, development and tests sign with one derived from SECRET_KEY; production requires it (prod.py).
AUDIT_CHECKPOINT_DIR = Path(env.read_str("TRELLIS_AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints")))
AUDIT_CHECKPOINT_KEY = env.read_str("TRELLIS_AUDIT_CHECKPOINT_KEY", "")
AUDIT_CHECKPOINT_KEY_REQUIRED = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so a refused request answers 401 with `WWW-Authenticate: Token`, not a bare 403.
        "trellis.accounts.token_auth.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        # Outside systems read only, and only from views that release through the disclosure gate.
        "trellis.privacy.outside_api.OutsideSystemAccess",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "trellis.core.json_input.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "trellis.core.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "trellis.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "trellis.core.throttles.AnonymousThrottle",
        "trellis.core.throttles.UserThrottle",
        "trellis.core.throttles.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": "30/minute",
        "user": "2000/hour",
        "api_token": "1000/hour",
        "token": "10/minute",
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Trellis API",
    "DESCRIPTION": "Clients, episodes, enrollments, groups, sessions and attendance of an IOP.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema names every field of the client record: only signed-in staff (session or token) read it.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

HUEY_URL = env.read_str("HUEY_REDIS_URL", "")
if HUEY_URL:
    HUEY: dict[str, Any] = {"huey_class": "huey.RedisHuey", "name": "trellis", "url": HUEY_URL}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded queue keeps its file here
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "trellis",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }

# Reminders by text (trellis/notifications, docs/operations.md): "file" writes one JSON line per message under
# the var dir; "twilio" posts to Twilio's Messages API (or any provider with its shape) at TRELLIS_SMS_API_BASE.
TRELLIS_SMS_BACKEND = env.read_str("TRELLIS_SMS_BACKEND", "file")
TRELLIS_SMS_FILE_DIR = Path(env.read_str("TRELLIS_SMS_FILE_DIR", str(VAR_DIR / "sms")))
TRELLIS_SMS_API_BASE = env.read_str("TRELLIS_SMS_API_BASE", "https://api.twilio.com")
TRELLIS_SMS_ACCOUNT_SID = env.read_str("TRELLIS_SMS_ACCOUNT_SID", "")
TRELLIS_SMS_AUTH_TOKEN = env.read_str("TRELLIS_SMS_AUTH_TOKEN", "")
TRELLIS_SMS_FROM = env.read_str("TRELLIS_SMS_FROM", "")
# The public https origin the provider calls back (status and inbound webhooks); signatures are checked
# against it, so a reverse proxy's internal host name does not matter.
TRELLIS_SMS_WEBHOOK_BASE_URL = env.read_str("TRELLIS_SMS_WEBHOOK_BASE_URL", "")

# Never log PHI: log records carry ids and request ids, not names or notes.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools log every rendering step at INFO: noise in the console and the worker log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
