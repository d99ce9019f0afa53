"""Local development: `make run`."""

from config import env
from config.settings.base import *  # noqa: F403

DEBUG = env.read_bool("DJANGO_DEBUG", default=True)
# The demo's logins may skip the second factor (the login page says so); never in production (prod.py).
TRELLIS_DEMO_SKIP_SECOND_FACTOR = env.read_bool("TRELLIS_DEMO_SKIP_SECOND_FACTOR", default=True)
