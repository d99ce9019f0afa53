"""Local development: `make run`."""

from config import env
from config.settings.base import *  # noqa: F403

DEBUG = env.read_bool("DJANGO_DEBUG", default=True)
