"""The inbox and the nav count run the same queries for 3 threads and for 30."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from conftest import World
from tests import factories
from trellis.messaging import services

NOW = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True, scope="module")
def _frozen_module() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _threads(world: World, count: int) -> None:
    for n in range(count):
        client = factories.ClientFactory.create(site=world.site_a, legal_first_name=f"Client{n}")
        factories.EpisodeFactory.create(client=client, program=world.program)
        thread = services.start_thread(client=client, subject=f"Question {n}", body="Hello")
        services.assign_to(thread=thread, user=world.alice)


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        answer = browser.get(url)
    assert answer.status_code == 200
    return len(captured)


def test_it_runs_the_same_queries_for_3_and_30_threads(world: World) -> None:
    browser = Browser()
    browser.force_login(world.alice)
    _threads(world, 3)
    browser.get("/inbox/")
    few = _queries(browser, "/inbox/")
    _threads(world, 27)
    page = browser.get("/inbox/").content.decode()
    assert page.count("Question") == 30
    assert few == _queries(browser, "/inbox/")
