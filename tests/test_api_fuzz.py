"""A fuzz pass over every API operation: whatever a client sends, the answer is never a server error.

Schemathesis reads our OpenAPI schema and generates valid and invalid requests for each operation (odd
unicode, NUL bytes, huge integers, dates out of range); they run in-process through the WSGI app as Dana,
the clinical director, who may call every operation. Ids in paths and bodies are pointed at real records,
so requests reach the services instead of stopping at a 404. Hypothesis is derandomized: CI never flakes.
"""

import datetime as dt
import json
from typing import Any

import pytest
import schemathesis
import time_machine
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from tests import factories
from trellis.accounts import tokens
from trellis.attendance import services as attendance
from trellis.attendance.models import AttendanceRecord

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
EXAMPLES_PER_OPERATION = 25

# Built at collection, in process: the schema view needs a login, and no user exists before a test runs.
# Generating it reads no database. (A lazily loaded schema breaks on pytest 9.)
schema = schemathesis.openapi.from_dict(
    json.loads(
        OpenApiJsonRenderer().render(
            SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
        )
    )
)
schema.app = application


@pytest.fixture
def in_process_requests() -> Any:
    """Requests share the test's transaction, as with Django's test client: no closing it between them."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def dana_token(world: Any, in_process_requests: None) -> str:
    with time_machine.travel(NOW, tick=False):  # the token is young when the requests run
        _, secret = tokens.issue_token(user=world.dana)
    return secret


@pytest.fixture
def known(world: Any) -> dict[str, Any]:
    """Real records of Carol's, by the name an API path or body field uses for them."""
    session = factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 16))
    with time_machine.travel(NOW, tick=False):
        record = attendance.record_attendance(
            session=session,
            client=world.carol,
            status=AttendanceRecord.Status.PRESENT,
            recorded_by=world.alice,
        )
    episode = world.carol_enrollment.episode
    return {
        "/clients/": world.carol.pk,
        "/episodes/": episode.pk,
        "/enrollments/": world.carol_enrollment.pk,
        "/groups/": world.group_a.pk,
        "/sessions/": session.pk,
        "/attendance/": record.pk,
        "client": world.carol.pk,
        "episode": episode.pk,
        "session": session.pk,
        "program": world.program.pk,
        "track": world.track_a.pk,
        "phase": world.phase3.pk,
        "site": world.site_a.pk,
        "room": world.group_a.room_id,
        "facilitator": world.alice.pk,
        "primary_clinician": world.alice.pk,
    }


def _aim_at_known_records(case: Any, known: dict[str, Any]) -> None:
    if case.path_parameters and "id" in case.path_parameters:
        prefix = next(p for p in known if p.startswith("/") and p in case.path)
        case.path_parameters["id"] = str(known[prefix])
    if isinstance(case.body, dict):
        for name in case.body.keys() & known.keys():
            case.body[name] = str(known[name]) if not isinstance(known[name], int) else known[name]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_it_never_answers_with_a_server_error(case: Any, dana_token: str, known: dict[str, Any]) -> None:
    _aim_at_known_records(case, known)
    with time_machine.travel(NOW, tick=False):
        case.call_and_validate(headers={"Authorization": f"Token {dana_token}"}, checks=[not_a_server_error])
