import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from conftest import World


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture
def sms_outbox() -> Any:
    """The file backend's messages sent during this test."""
    path = Path(settings.TRELLIS_SMS_FILE_DIR) / "sms.jsonl"
    path.unlink(missing_ok=True)

    def read() -> list[dict[str, Any]]:
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines()]

    return read
