"""Production: PostgreSQL via DATABASE_URL, Redis for the queue, behind a TLS-terminating proxy."""

from config import env
from config.settings.base import *  # noqa: F403
from config.settings.base import MIDDLEWARE

DEBUG = False
SECRET_KEY = env.read_str("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise RuntimeError("DJANGO_SECRET_KEY must be set to a random value of at least 50 characters.")

# Production never skips the second factor and never trusts a session that no login form marked.
TRELLIS_DEMO_SKIP_SECOND_FACTOR = False
TRELLIS_MFA_TRUST_UNMARKED_SESSIONS = False

# Checkpoints are refused (not the boot) until TRELLIS_AUDIT_CHECKPOINT_KEY is set: see docs/operations.md.
AUDIT_CHECKPOINT_KEY_REQUIRED = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.read_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.read_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# The app serves its own static files (collected by `make serve-prod`): hashed names, cached for a year,
# gzip and brotli copies; no separate static server to keep in step.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "trellis.core.staticfiles.CompressedManifestStorage"},
}
