import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client as Browser

from conftest import World
from trellis.portal import services

CAROL_MOBILE = "(413) 555-0101"
DAVE_EMAIL = "dave@example.org"


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


SMS_FILE = "sms.jsonl"


def read_sms() -> list[dict[str, Any]]:
    """The file backend's texts, as the provider would have sent them."""
    path = Path(settings.TRELLIS_SMS_FILE_DIR) / SMS_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def sms_outbox() -> Callable[[], list[dict[str, Any]]]:
    """The texts sent during this test."""
    (Path(settings.TRELLIS_SMS_FILE_DIR) / SMS_FILE).unlink(missing_ok=True)
    return read_sms


def invite_both(world: World) -> World:
    """Carol invited by text, Dave by e-mail, both by their own site's clinician."""
    services.invite_client(client=world.carol, email="", mobile=CAROL_MOBILE, invited_by=world.alice)
    services.invite_client(client=world.dave, email=DAVE_EMAIL, mobile="", invited_by=world.bob)
    return world


@pytest.fixture
def invited(world: World, sms_outbox: Any) -> World:
    return invite_both(world)


def last_code(sms_outbox: Any) -> str:
    found = re.search(r"\b(\d{6})\b", sms_outbox()[-1]["body"])
    assert found is not None
    return found.group(1)


def sign_in(browser: Browser, sms_outbox: Any, *, address: str = CAROL_MOBILE) -> None:
    browser.post("/me/sign-in/", {"address": address})
    code = last_code(sms_outbox)
    answer = browser.post("/me/sign-in/code/", {"code": code})
    assert answer.status_code == 302
    assert answer["Location"] == "/me/"
