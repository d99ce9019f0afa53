"""The client's accounting of disclosures: every disclosure of the last three years on the page and in the PDF
for the client, the general-designation list of 42 CFR 2.24, audited, scoped and in constant queries."""

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from tests import part2 as consents_for
from trellis.privacy import gate, paths
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import NOTICE, InfoKind, Purpose, RecipientKind

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
PAYER = gate.Recipient(RecipientKind.HEALTH_PLAN, "Blue Ridge Health Plan")
CLAIM_INFO = (InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DIAGNOSIS, InfoKind.BILLING)


def _claim(world: Any, description: str = "837P claim file 000000012") -> None:
    gate.disclose(
        path=paths.CLAIMS_EXPORT,
        client=world.carol,
        recipient=PAYER,
        purpose=Purpose.PAYMENT,
        information=CLAIM_INFO,
        description=description,
        actor=world.bill,
    )


@pytest.fixture
def disclosed(world: Any) -> Any:
    """Carol signed the TPO consent in 2023; a claim went to her health plan then (too old to list) and now."""
    with time_machine.travel(NOW - dt.timedelta(days=3 * 365 + 5), tick=False):
        consents_for.tpo_consent(world.carol, world.alice)
        _claim(world, "837P claim file from long ago")
    with time_machine.travel(NOW, tick=False):
        _claim(world)
    return world


def _page(browser: Any, world: Any) -> Any:
    return browser.get(reverse("part2:client", kwargs={"pk": world.carol.pk}))


@time_machine.travel(NOW, tick=False)
def test_it_lists_each_disclosure_of_the_last_three_years_with_its_authority(
    disclosed: Any, client: Any
) -> None:
    # given Alice, Carol's clinician
    client.force_login(disclosed.alice)
    # when she opens Carol's privacy page
    body = _page(client, disclosed).content.decode()
    # then the claim of this month is listed with date, recipient, purpose, what and under which consent
    assert "Blue Ridge Health Plan" in body
    assert "837P claim file 000000012" in body
    assert "Nov 25, 2026" in body
    assert "Client&#x27;s written consent: Treatment, payment" in body
    assert "Bill Test" in body
    # and the one of more than three years ago is not
    assert "from long ago" not in body
    # and the general-designation list names the plan
    general = body[body.index('id="gd-h"') :]
    assert "Blue Ridge Health Plan" in general[: general.index("</section>")]
    # and the view is on Carol's trail
    assert AuditEvent.objects.filter(
        actor=disclosed.alice, client=disclosed.carol, detail="privacy: accounting"
    ).exists()


@time_machine.travel(NOW, tick=False)
def test_the_pdf_for_the_client_lists_the_disclosures_and_is_audited(disclosed: Any, client: Any) -> None:
    client.force_login(disclosed.amy)
    response = client.get(reverse("part2:accounting_pdf", kwargs={"pk": disclosed.carol.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Accounting of disclosures" in text
    assert "Blue Ridge Health Plan" in text
    assert "from long ago" not in text
    assert NOTICE in " ".join(text.split())
    assert AuditEvent.objects.filter(
        actor=disclosed.amy, client=disclosed.carol, action=AuditEvent.Action.EXPORT
    ).exists()


@time_machine.travel(NOW, tick=False)
def test_it_shows_nothing_before_records_leave(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    body = _page(client, world).content.decode()
    assert "No records of this client left the program in these three years." in body


@pytest.mark.parametrize(("persona", "status"), [("bob", 404), ("adam", 403), ("olga", 404)])
def test_it_is_not_shown_to_staff_who_cannot_see_the_client(
    disclosed: Any, client: Any, persona: str, status: int
) -> None:
    client.force_login(getattr(disclosed, persona))
    assert _page(client, disclosed).status_code == status
    pdf = client.get(reverse("part2:accounting_pdf", kwargs={"pk": disclosed.carol.pk}))
    assert pdf.status_code == status
    assert not AuditEvent.objects.filter(actor=getattr(disclosed, persona), client=disclosed.carol).exists()


def _queries(browser: Any, world: Any) -> int:
    cache.clear()  # read afresh each time: kept memberships, counts and parts would differ by state
    with CaptureQueriesContext(connection) as captured:
        assert _page(browser, world).status_code == 200
    return len(captured)


@time_machine.travel(NOW, tick=False)
def test_it_runs_the_same_queries_for_one_disclosure_or_twenty(disclosed: Any, client: Any) -> None:
    client.force_login(disclosed.dana)
    few = _queries(client, disclosed)
    for n in range(20):
        _claim(disclosed, f"837P claim file {n}")
    assert _queries(client, disclosed) == few
