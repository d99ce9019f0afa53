from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]  # not in the stubs
from django.db.models.sql.compiler import SQLCompiler

from trellis.accounts.models import User


class StaffBackend(ModelBackend):
    """Django's password login; the user of each request arrives with their organization, whose idle
    timeout the session middleware reads on every request, in the same query."""

    def get_user(self, user_id: Any) -> User | None:
        user = read_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class _PreparedRead:
    """The query of the user with their organization, built once per database: building it (the ORM's
    compiler) cost every page three times what running it costs. Only the id changes between requests; the
    row becomes a user and organization as the ORM's own iterator makes them (field converters, the related
    organization cached on the user), and is read fresh from the database every time."""

    def __init__(self, database: str, user_id: Any) -> None:
        query = User.objects.select_related("organization").filter(pk=user_id).order_by().query
        self.compiler: SQLCompiler = query.get_compiler(using=database)
        self.sql, _ = self.compiler.as_sql()
        fields = self.compiler.klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in self.compiler.select[self.start : self.end]]
        self.populators = get_related_populators(self.compiler.klass_info, self.compiler.select, database)


_prepared: dict[tuple[str, str], _PreparedRead] = {}


def read_user(user_id: Any) -> User | None:
    """The user with this id and their organization, in one query, or None."""
    database = router.db_for_read(User)
    connection = connections[database]
    prepared = _prepared.get((database, connection.vendor))
    if prepared is None:
        prepared = _prepared[(database, connection.vendor)] = _PreparedRead(database, user_id)
    key = User._meta.pk
    assert key is not None
    value = key.get_db_prep_value(key.get_prep_value(user_id), connection, prepared=True)
    with connection.cursor() as cursor:
        cursor.execute(prepared.sql, (value,))
        rows = cursor.fetchall()
    for row in prepared.compiler.results_iter([rows]):
        user = User.from_db(database, prepared.init_list, row[prepared.start : prepared.end])
        for populator in prepared.populators:
            populator.populate(row, user)
        return user
    return None
