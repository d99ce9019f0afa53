"""API tokens are kept hashed, expire, are revoked by their owner or an administrator, die with their user's
account, and the token endpoint's throttle holds whatever X-Forwarded-For says."""

import datetime as dt
from typing import Any

import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.signin import fresh_code, sign_in
from trellis.accounts import tokens
from trellis.accounts.models import ApiToken
from trellis.privacy.models import AuditEvent

TOKEN_URL = "/api/v1/token/"
PASSWORD = "correct horse battery staple"  # tests/factories.py UserFactory
START = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)


def _api(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def _calls_work(secret: str) -> bool:
    return bool(_api(secret).get("/api/v1/clients/").status_code == 200)


def test_it_keeps_no_token_in_plain_text(world: Any) -> None:
    # given a token Alice got from the token endpoint
    credentials = {"username": "alice", "password": PASSWORD, "code": fresh_code(world.alice)}
    answer = APIClient().post(TOKEN_URL, credentials, format="json").json()
    secret = answer["token"]
    # when every column of the tokens table is read
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    # then the secret is nowhere in it; only its first characters, to tell tokens apart
    assert len(secret) >= 40
    assert secret not in stored
    assert answer["prefix"] == secret[:8]
    assert _calls_work(secret)


def test_it_expires_a_token_after_its_lifetime(world: Any) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        # given a token made now, with the 30-day default lifetime
        _, secret = tokens.issue_token(user=world.alice)
        traveller.shift(dt.timedelta(days=29, hours=23))
        on_the_last_day = _calls_work(secret)
        # when its lifetime has passed
        traveller.shift(dt.timedelta(hours=2))
        after = _api(secret).get("/api/v1/clients/")
    # then it worked until then and is refused after
    assert on_the_last_day
    assert after.status_code == 401


def test_it_lets_the_owner_list_and_revoke_a_token(world: Any) -> None:
    # given Alice's token, made on her API tokens page, and shown to her once
    alice = Client()
    alice.force_login(world.alice)
    made = alice.post(reverse("accounts:tokens"), {"name": "reporting script"}).content.decode()
    token = ApiToken.objects.get(user=world.alice)
    secret = made.split('<code id="new-token">')[1].split("</code>")[0]
    assert _calls_work(secret)
    listed = alice.get(reverse("accounts:tokens")).content.decode()
    # when she revokes it
    alice.post(reverse("accounts:token_revoke", args=[token.pk]))
    # then the list named it without the secret, and it no longer opens the API
    assert "reporting script" in listed
    assert secret not in listed
    assert _api(secret).get("/api/v1/clients/").status_code == 401
    assert AuditEvent.objects.filter(
        actor=world.alice, object_id=str(token.pk), detail__contains="revoked"
    ).exists()


def test_it_lets_the_organizations_administrator_revoke_a_token(world: Any) -> None:
    # given Alice's token, seen by Adam (her administrator) but not by Olga (another organization's director)
    token, secret = tokens.issue_token(user=world.alice, name="nightly export")
    adam, olga = Client(), Client()
    adam.force_login(world.adam)
    olga.force_login(world.olga)
    assert "nightly export" in adam.get(reverse("accounts:access")).content.decode()
    assert "nightly export" not in olga.get(reverse("accounts:access")).content.decode()
    # when Olga and then Adam try to revoke it
    by_olga = olga.post(reverse("accounts:token_revoke", args=[token.pk]))
    still_works = _calls_work(secret)
    adam.post(reverse("accounts:token_revoke", args=[token.pk]), {"back": "access"})
    # then Olga could not, and after Adam it is dead
    assert by_olga.status_code == 404
    assert still_works
    assert not _calls_work(secret)


def test_it_kills_the_tokens_of_a_deactivated_user(world: Any) -> None:
    # given two tokens of Alice's
    _, first_secret = tokens.issue_token(user=world.alice)
    _, second_secret = tokens.issue_token(user=world.alice)
    adam = Client()
    adam.force_login(world.adam)
    # when Adam deactivates her account on the access page
    adam.post(reverse("accounts:deactivate", args=[world.alice.pk]))
    # then neither opens the API, both are marked revoked, she cannot log in, and it is in the audit trail
    assert not _calls_work(first_secret)
    assert not _calls_work(second_secret)
    assert ApiToken.objects.filter(user=world.alice, revoked_at__isnull=True).count() == 0
    login = Client().post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert login.status_code == 200
    assert AuditEvent.objects.filter(actor=world.adam, detail="account deactivated").exists()


def test_it_refuses_a_token_whose_user_was_deactivated_any_other_way(world: Any) -> None:
    # given Alice's token, and her account switched off directly (Django's admin, a shell)
    _, secret = tokens.issue_token(user=world.alice)
    world.alice.is_active = False
    world.alice.save(update_fields=["is_active"])
    # then the token no longer works
    assert not _calls_work(secret)


def test_it_ends_a_session_token_at_logout(world: Any) -> None:
    # given two tokens Alice made on her page: one for this session only, one to keep
    alice = Client()
    sign_in(alice, "alice")
    session_only = alice.post(
        reverse("accounts:tokens"), {"name": "a", "session_only": "on"}
    ).content.decode()
    kept = alice.post(reverse("accounts:tokens"), {"name": "b"}).content.decode()
    secrets = [page.split('<code id="new-token">')[1].split("</code>")[0] for page in (session_only, kept)]
    # when she logs out
    alice.post(reverse("accounts:logout"))
    # then the session's token is dead and the other works
    assert not _calls_work(secrets[0])
    assert _calls_work(secrets[1])


def test_it_throttles_the_token_endpoint_whatever_x_forwarded_for_says(world: Any) -> None:
    # given one socket guessing passwords, claiming a new forwarded address each time
    statuses = [
        APIClient()
        .post(
            TOKEN_URL,
            {"username": f"user{n}", "password": "guess"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
        .status_code
        for n in range(12)
    ]
    # then it is slowed after ten
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]


def test_it_throttles_behind_a_trusted_proxy_per_real_address(world: Any) -> None:
    with override_settings(TRELLIS_TRUSTED_PROXIES=1):
        # given one address behind the proxy that used up its allowance
        for n in range(10):
            APIClient().post(
                TOKEN_URL, {"username": f"user{n}", "password": "guess"}, format="json",
                REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7",
            )  # fmt: skip
        # when it and another person behind the same proxy ask again
        blocked = APIClient().post(
            TOKEN_URL, {"username": "alice", "password": PASSWORD}, format="json",
            REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7",
        )  # fmt: skip
        other = APIClient().post(
            TOKEN_URL, {"username": "alice", "password": PASSWORD, "code": fresh_code(world.alice)}, format="json",
            REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8",
        )  # fmt: skip
    # then only the first is slowed
    assert blocked.status_code == 429
    assert other.status_code == 200


def _rates(**rates: str) -> dict[str, Any]:
    from django.conf import settings

    configured: dict[str, Any] = settings.REST_FRAMEWORK
    return {**configured, "DEFAULT_THROTTLE_RATES": {**configured["DEFAULT_THROTTLE_RATES"], **rates}}


def test_it_throttles_each_user_and_each_token(world: Any) -> None:
    # given narrow rates: 5 calls a minute per user, 2 per token, and three tokens of Alice's
    secrets = [tokens.issue_token(user=world.alice)[1] for _ in range(3)]
    with override_settings(REST_FRAMEWORK=_rates(user="5/minute", api_token="2/minute")):
        # when she calls three times with the first, three with the second, once with the third
        statuses = [_api(secrets[i]).get("/api/v1/clients/").status_code for i in (0, 0, 0, 1, 1, 1, 2)]
    # then each token stops after two calls, and once her own five are used a fresh token is slowed too
    assert statuses == [200, 200, 429, 200, 200, 429, 429]
