"""Load balancers ask `/healthz` (is the process alive?) and `/readyz` (can it serve: database and queue?).
Both answer anyone, by any host name, uncached, and say nothing about clients or the error."""

import socket
from pathlib import Path

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler
from django.test import Client
from huey import RedisHuey, SqliteHuey

from trellis.core.health import readiness_problem


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens once the probe closes


def test_it_answers_healthz_without_the_database_or_a_login() -> None:
    # given a load balancer that probes the server by its address (and no database: this test has no
    # django_db mark, so any query would fail it)
    # when it asks whether the process is alive
    response = Client().get("/healthz", HTTP_HOST="10.0.0.7")
    # then the answer is yes, and no cache keeps it
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_it_answers_readyz_when_the_database_and_queue_answer() -> None:
    response = Client().get("/readyz", HTTP_HOST="10.0.0.7")
    assert (response.status_code, response.content) == (200, b"ready\n")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_it_is_not_ready_when_the_queue_does_not_answer() -> None:
    # given a Redis queue on a port where nothing listens
    queue = RedisHuey("trellis-health", url=f"redis://127.0.0.1:{_closed_port()}/0")
    # when readiness is checked, then it names the queue and nothing more
    assert readiness_problem(database=connection, queue=queue) == "queue unavailable"


@pytest.mark.django_db
def test_it_is_not_ready_when_the_database_does_not_answer() -> None:
    # given a PostgreSQL database on a port where nothing listens
    unreachable = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "trellis",
                "USER": "postgres",
                "HOST": "127.0.0.1",
                "PORT": _closed_port(),
            }
        }
    )["default"]
    # when readiness is checked, then it names the database
    queue = RedisHuey("trellis-health", url=f"redis://127.0.0.1:{_closed_port()}/0")
    assert readiness_problem(database=unreachable, queue=queue) == "database unavailable"


@pytest.mark.django_db
def test_it_is_ready_with_the_embedded_sqlite_queue(tmp_path: Path) -> None:
    queue = SqliteHuey("trellis-health", filename=str(tmp_path / "huey.sqlite3"))
    assert readiness_problem(database=connection, queue=queue) == ""
