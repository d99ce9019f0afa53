"""Failed logins lock the account from every address, and the address over every account (spraying)."""

import datetime as dt
from typing import Any

import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from trellis.privacy.models import AuditEvent

PASSWORD = "correct horse battery staple"  # tests/factories.py UserFactory
START = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)


def _login(username: str, password: str, *, ip: str = "127.0.0.1", client: Client | None = None) -> Any:
    return (client or Client()).post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_it_locks_an_address_that_sprays_a_few_guesses_at_many_accounts(world: Any) -> None:
    # given one address trying 4 passwords on each of 5 accounts (20 failures, none more than 4 per account)
    for username in ("bob", "amy", "nora", "bill", "dana"):
        for guess in range(4):
            _login(username, f"guess {guess}", ip="198.51.100.7")
    # when Alice's right password comes from that address, and from another
    from_sprayer = _login("alice", PASSWORD, ip="198.51.100.7")
    from_elsewhere = _login("alice", PASSWORD, ip="198.51.100.8")
    # then the spraying address is refused and Alice's own address is not
    assert from_sprayer.status_code == 429
    assert "Too many failed logins" in from_sprayer.content.decode()
    assert from_elsewhere.status_code == 302


def test_it_locks_an_account_guessed_from_many_addresses(world: Any) -> None:
    # given five wrong passwords for Alice, each from a different address
    for n in range(5):
        _login("alice", "guess", ip=f"203.0.113.{n + 1}")
    # when the right password comes from a sixth address
    response = _login("alice", PASSWORD, ip="203.0.113.99")
    # then the account stays locked
    assert response.status_code == 429


def test_it_keeps_a_locked_account_locked_from_another_address_until_the_cool_off_ends(world: Any) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        # given Alice's account locked from one address
        for _ in range(5):
            _login("alice", "guess", ip="203.0.113.1")
        # when she tries from another address, then after the 30-minute cool-off
        during = _login("alice", PASSWORD, ip="198.51.100.20")
        traveller.shift(dt.timedelta(minutes=31))
        after = _login("alice", PASSWORD, ip="198.51.100.20")
    # then she is refused during the lock and let in after it, and the page said when it would end
    assert during.status_code == 429
    assert 'datetime="2026-11-23T09:30:00-05:00"' in during.content.decode()  # 14:00 UTC + 30 min, New York
    assert after.status_code == 302


def test_it_says_the_same_whether_or_not_the_account_exists(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        # given a real and a made-up username, each guessed five times
        for username in ("alice", "nobody-here"):
            for _ in range(5):
                _login(username, "guess", ip="203.0.113.1" if username == "alice" else "203.0.113.2")
        # when each is tried again
        real = _login("alice", "guess", ip="203.0.113.1").content.decode()
        made_up = _login("nobody-here", "guess", ip="203.0.113.2").content.decode()
    # then both pages give the same message, naming no one
    for page in (real, made_up):
        assert "try again after" in page
        assert "administrator" in page
        assert "alice" not in page
        assert "nobody-here" not in page
    assert real.split("<main")[-1] == made_up.split("<main")[-1]


def test_it_audits_each_failure_with_the_username_tried(world: Any) -> None:
    # given three failed logins, one for a name that is nobody's
    _login("alice", "guess one")
    _login("alice", "guess two")
    _login("mallory", "guess")
    # then each left a failed-login event naming the username; Alice's are in her organization's trail
    events = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).order_by("occurred_at")
    assert [e.detail for e in events] == [
        "failed login as 'alice' (login form)",
        "failed login as 'alice' (login form)",
        "failed login as 'mallory' (login form)",
    ]
    assert [e.organization_id for e in events] == [world.organization.pk] * 2 + [None]


def test_it_tells_people_behind_the_trusted_proxy_apart(world: Any) -> None:
    proxy = "10.0.0.2"
    with override_settings(TRELLIS_TRUSTED_PROXIES=1):
        # given one person behind the proxy spraying 20 guesses
        for username in ("bob", "amy", "nora", "bill", "dana"):
            for guess in range(4):
                Client().post(
                    reverse("accounts:login"),
                    {"username": username, "password": f"guess {guess}"},
                    REMOTE_ADDR=proxy,
                    HTTP_X_FORWARDED_FOR="198.51.100.7",
                )
        # when Alice logs in through the same proxy from her own address
        response = Client().post(
            reverse("accounts:login"),
            {"username": "alice", "password": PASSWORD},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.8",
        )
    # then she gets in, and the audit trail has her address, not the proxy's
    assert response.status_code == 302
    login = AuditEvent.objects.get(actor=world.alice, action=AuditEvent.Action.LOGIN)
    assert login.ip_address == "198.51.100.8"


def test_it_ignores_forwarded_addresses_when_no_proxy_is_trusted(world: Any) -> None:
    # given twenty guesses over five accounts from one socket, each claiming a new forwarded address
    n = 0
    for username in ("bob", "amy", "nora", "bill", "dana"):
        for guess in range(4):
            n += 1
            Client().post(
                reverse("accounts:login"),
                {"username": username, "password": f"guess {guess}"},
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            )
    # when Alice's right password comes from the same socket
    response = _login("alice", PASSWORD)
    # then the address is locked: the header did not make each guess look new
    assert response.status_code == 429


def test_it_lets_the_administrator_see_and_lift_a_lock(world: Any) -> None:
    # given Alice locked out
    for _ in range(5):
        _login("alice", "guess", ip="203.0.113.1")
    adam = Client()
    adam.force_login(world.adam)
    # when Adam, her organization's administrator, opens the locked accounts and unlocks her
    page = adam.get(reverse("accounts:access")).content.decode()
    unlocked = adam.post(reverse("accounts:unlock", args=[world.alice.pk]))
    # then he saw her, the lock is gone, and the unlock is in the audit trail under his name
    assert "alice" in page
    assert unlocked.status_code == 302
    assert "No account is locked" in adam.get(reverse("accounts:access")).content.decode()
    assert _login("alice", PASSWORD, ip="203.0.113.1").status_code == 302
    assert AuditEvent.objects.filter(
        actor=world.adam, object_id=str(world.alice.pk), detail="login lock lifted"
    ).exists()


def test_it_keeps_locks_inside_the_organization(world: Any) -> None:
    # given Alice locked out
    for _ in range(5):
        _login("alice", "guess", ip="203.0.113.1")
    olga = Client()
    olga.force_login(world.olga)
    bob = Client()
    bob.force_login(world.bob)
    # when Harbor Light's director and Bob (a clinician of her organization) look and try to unlock
    page = olga.get(reverse("accounts:access")).content.decode()
    by_olga = olga.post(reverse("accounts:unlock", args=[world.alice.pk]))
    by_bob = bob.post(reverse("accounts:unlock", args=[world.alice.pk]))
    # then Olga sees no Riverside account and cannot unlock one; a clinician may not open the page at all
    assert "alice" not in page
    assert by_olga.status_code == 404
    assert by_bob.status_code == 403
    assert _login("alice", PASSWORD, ip="198.51.100.1").status_code == 429


def test_it_answers_the_api_token_endpoint_in_json_while_locked(world: Any) -> None:
    with time_machine.travel(START, tick=False):
        # given Alice's account locked through the login page
        for _ in range(5):
            _login("alice", "guess", ip="203.0.113.1")
        # when a program asks for a token with her right password
        response = Client().post(
            "/api/v1/token/", {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="198.51.100.3"
        )
    # then it gets no token but a JSON answer saying until when, and how long to wait
    assert response.status_code == 429
    assert response.json()["locked_until"] == "2026-11-23T14:30:00+00:00"
    assert response["Retry-After"] == "1800"


def test_the_access_page_has_a_plain_title_and_one_staff_table(world: Any) -> None:
    adam = Client()
    adam.force_login(world.adam)
    page = adam.get(reverse("accounts:access")).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title
    assert title.startswith("Locked accounts and API tokens")
    assert page.count("<h2>Staff accounts</h2>") == 1
