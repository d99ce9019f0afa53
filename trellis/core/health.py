"""Liveness and readiness answers for load balancers: `/healthz` and `/readyz`.

They are answered by the first middleware, before the host check, the HTTPS redirect, sessions and login,
because a load balancer probes each server over plain HTTP by its address. Neither answer names a client,
a host or an error message: only which dependency failed.
"""

import logging
import sqlite3
from collections.abc import Callable

import redis
from django.db import DatabaseError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from huey import Huey
from huey.exceptions import HueyException
from huey.storage import RedisStorage

logger = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 2


def database_answers(database: BaseDatabaseWrapper) -> bool:
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except DatabaseError as error:
        logger.warning("readiness: database check failed (%s)", type(error).__name__)
        return False


def queue_answers(queue: Huey) -> bool:
    """Redis answers a PING (with a short timeout, so a dead Redis cannot hang the probe); a SQLite or
    in-memory queue answers a count of its pending tasks."""
    try:
        if isinstance(queue.storage, RedisStorage):
            return _redis_answers(queue.storage.pool)
        queue.pending_count()
        return True
    except (redis.RedisError, HueyException, OSError, DatabaseError, sqlite3.Error) as error:
        logger.warning("readiness: queue check failed (%s)", type(error).__name__)
        return False


def _redis_answers(queue_pool: redis.ConnectionPool) -> bool:
    """PING the queue's Redis on a connection of its own, with a short timeout."""
    timeouts = {"socket_connect_timeout": PROBE_TIMEOUT_SECONDS, "socket_timeout": PROBE_TIMEOUT_SECONDS}
    pool = redis.ConnectionPool(
        connection_class=queue_pool.connection_class, **{**queue_pool.connection_kwargs, **timeouts}
    )
    try:
        return bool(redis.Redis(connection_pool=pool).ping())
    finally:
        pool.disconnect()


def readiness_problem(*, database: BaseDatabaseWrapper, queue: Huey) -> str:
    """Empty when the server can take traffic, else a short reason a load balancer's log can show."""
    if not database_answers(database):
        return "database unavailable"
    if not queue_answers(queue):
        return "queue unavailable"
    return ""


def _plain(text: str, *, status: int) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers `/healthz` (the process is alive; touches nothing) and `/readyz` (database and queue answer)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return _plain("ok", status=200)
        if request.path == "/readyz":
            from huey.contrib.djhuey import HUEY  # imported late: it reads settings when first imported

            problem = readiness_problem(database=connection, queue=HUEY)
            return _plain(problem, status=503) if problem else _plain("ready", status=200)
        return self.get_response(request)
