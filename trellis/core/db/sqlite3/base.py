"""Django's SQLite backend, told the real variable limit of the SQLite it runs on.

Django 5.2 assumes SQLite's old compile-time limit of 999 variables per statement, so a bulk insert of a
few hundred rows turns into several statements; SQLite 3.32+ allows 32,766 (Debian's 250,000). Django 6.0
reads the limit from the connection in the same way.
"""

import sqlite3
from functools import cached_property

from django.db.backends.sqlite3 import base, features


def _variable_limit() -> int:
    with sqlite3.connect(":memory:") as probe:
        return int(probe.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:  # type: ignore[override]
        return min(_variable_limit(), 32_766)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
