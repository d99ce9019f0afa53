"""Logins lock after repeated failures; idle sessions end after the organization's timeout."""

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from tests.signin import sign_in

PASSWORD = "correct horse battery staple"


def test_it_locks_an_account_after_five_failed_logins(world: Any, client: Any) -> None:
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "alice", "password": "guess"})
    # then even the right password is refused while the lock lasts
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_it_lets_a_user_in_after_fewer_failures(world: Any, client: Any) -> None:
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "alice", "password": "guess"})
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_it_ends_an_idle_session_after_the_organization_timeout(world: Any, client: Any) -> None:
    world.organization.idle_timeout_minutes = 10
    world.organization.save()
    start = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, "alice")
        assert client.get(reverse("today")).status_code == 200
        traveller.shift(dt.timedelta(minutes=9))
        assert client.get(reverse("today")).status_code == 200  # activity resets the clock
        traveller.shift(dt.timedelta(minutes=11))
        response = client.get(reverse("today"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?idle=1"
