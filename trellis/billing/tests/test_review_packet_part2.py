"""The UR review packet goes to the payer through the disclosure gate: refused without a consent, otherwise a
cover sheet with the notice and consent, and only what the consent's scope and the sender's role allow."""

import datetime as dt
import io
from typing import Any

import time_machine
from django.urls import reverse
from pypdf import PdfReader

from tests import part2 as consents_for
from trellis.billing.models import Authorization
from trellis.billing.tests import billing_factories as given
from trellis.measures.models import MeasureResponse
from trellis.plans.tests.given import signed_plan
from trellis.privacy import paths
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import NOTICE, InfoKind

NOW = dt.datetime(2026, 11, 10, 15, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 2)


def reviewed(world: Any, *, consent: bool = True) -> Authorization:
    """Carol's authorization with two PHQ-9s and a signed plan: everything a review could hold."""
    payer = given.PayerFactory.create(organization=world.organization, name="Prairie Mutual")
    given.insure(world.carol, payer, by=world.bill, consent=consent)
    given.billable_day(world, world.carol, MONDAY)
    for week, total in ((0, 17), (1, 11)):
        MeasureResponse.objects.create(
            client=world.carol, instrument="phq9", answers=[1] * 9, total=total, band="moderate",
            administered_at=dt.datetime(2026, 11, 2 + 7 * week, 15, tzinfo=dt.UTC), administered_by=world.alice,
        )  # fmt: skip
    signed_plan(episode=world.carol_enrollment.episode, author=world.alice)
    return Authorization.objects.get()


def packet(client: Any, authorization: Authorization) -> tuple[list[str], Any]:
    response = client.get(reverse("billing:review_packet", args=[authorization.pk]))
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages], response


@time_machine.travel(NOW, tick=False)
def test_without_a_consent_the_packet_is_refused_with_the_gates_message(world: Any, client: Any) -> None:
    authorization = reviewed(world, consent=False)
    client.force_login(world.bill)
    response = client.get(reverse("billing:review_packet", args=[authorization.pk]), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("billing:client", args=[world.carol.pk])
    assert "Refused: no consent in force covers giving" in page
    assert "Prairie Mutual" in page
    assert not Disclosure.objects.exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DISCLOSURE_REFUSED, client=world.carol, detail="review_packet: no_consent"
    ).exists()


@time_machine.travel(NOW, tick=False)
def test_a_billers_packet_has_the_cover_sheet_first_and_no_phq9_scores(world: Any, client: Any) -> None:
    authorization = reviewed(world)
    client.force_login(world.bill)
    pages, _ = packet(client, authorization)
    # the cover sheet comes first, with the notice and the consent's scope
    assert "Disclosure cover sheet" in pages[0]
    assert NOTICE in " ".join(pages[0].split())
    assert "Disclosed with the written consent of the client" in pages[0]
    assert "Concurrent review packet" not in pages[0]
    # the packet itself has attendance and units, and nothing clinical: a biller may not read it
    rest = " ".join(pages[1:])
    assert "Concurrent review packet" in rest
    assert "0 of 20 days used" in rest
    # one session offered that week, attended: the fair weekly minimum asks no more than was offered
    assert "Nov 2 1 3.0 3.0 met" in rest
    assert "PHQ9" not in rest
    assert "moderate" not in rest
    assert "Attend meetings 1" not in rest
    assert "Outcome measure scores and Treatment plan objectives" in " ".join(pages[0].split())
    row = Disclosure.objects.get()
    assert (row.path, row.client, row.disclosed_by) == (paths.REVIEW_PACKET, world.carol, world.bill)
    assert InfoKind.MEASURES not in row.information
    assert InfoKind.TREATMENT_PLAN not in row.information


@time_machine.travel(NOW, tick=False)
def test_a_director_sends_the_scores_and_objectives_the_consent_covers(world: Any, client: Any) -> None:
    authorization = reviewed(world)
    client.force_login(world.dana)
    pages, _ = packet(client, authorization)
    rest = " ".join(pages[1:])
    assert "PHQ9: Nov 2 17 (moderate) → Nov 9 11 (moderate)" in rest
    assert "Attend meetings 1" in rest
    row = Disclosure.objects.get()
    assert {InfoKind.MEASURES, InfoKind.TREATMENT_PLAN} <= set(row.information)


@time_machine.travel(NOW, tick=False)
def test_a_director_sends_no_scores_when_the_consent_does_not_cover_them(world: Any, client: Any) -> None:
    # given Carol's consent lets the plan go to payers, but not her measure scores
    narrower = tuple(k for k in consents_for.ALL_BUT_NOTES if k != InfoKind.MEASURES)
    with time_machine.travel(given.CONSENTED_AT, tick=False):
        consents_for.tpo_consent(world.carol, world.amy, information=narrower)
    authorization = reviewed(world)
    client.force_login(world.dana)
    pages, _ = packet(client, authorization)
    rest = " ".join(pages[1:])
    assert "PHQ9" not in rest
    assert "Attend meetings 1" in rest
    assert set(Disclosure.objects.get().information) == {
        InfoKind.IDENTITY,
        InfoKind.ATTENDANCE,
        InfoKind.BILLING,
        InfoKind.TREATMENT_PLAN,
    }
