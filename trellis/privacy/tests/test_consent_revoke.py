"""Revoking a consent (confirmed, with how and a note) and recording the event that ends one, both audited."""

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from tests import part2 as consents_for
from trellis.privacy.consent_models import Consent
from trellis.privacy.models import AuditEvent
from trellis.privacy.tests.consent_pages import NOW, TODAY, prepared


def _signed(world: Any, **kwargs: Any) -> Consent:
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        return consents_for.signed(prepared(world.carol, world.alice, **kwargs), world.alice)


@time_machine.travel(NOW, tick=False)
def test_it_asks_before_revoking_then_revokes_at_once(world: Any, client: Any) -> None:
    consent = _signed(world)
    client.force_login(world.alice)
    url = reverse("consents:revoke", kwargs={"pk": consent.pk})
    # given the confirmation page, which says what revoking does, and a refused answer without a method
    page = client.get(url).content.decode()
    assert "Revoke this consent?" in page
    assert "Revoking takes effect at once" in page
    assert "This field is required." in client.post(url, {"note": "x"}).content.decode()
    assert not Consent.objects.filter(pk=consent.pk, revoked_at__isnull=False).exists()
    # when Alice records that Carol revoked it verbally
    response = client.post(url, {"method": "verbally", "note": "Told me at group"})
    # then it is revoked from this moment, audited, and the chart shows it revoked
    consent.refresh_from_db()
    assert (consent.revoked_at, consent.revoked_by, consent.revocation_method, consent.revocation_note) == (
        NOW,
        world.alice,
        "verbally",
        "Told me at group",
    )
    assert (
        AuditEvent.objects.filter(
            client=world.carol, action=AuditEvent.Action.REVOKE, actor=world.alice
        ).count()
        == 1
    )
    assert "No record will be released under it" in client.get(response["Location"]).content.decode()
    chart = client.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()
    assert '<span class="badge bad">Revoked</span>' in chart


@time_machine.travel(NOW, tick=False)
def test_it_refuses_to_revoke_twice_or_a_consent_never_signed(world: Any, client: Any) -> None:
    consent = _signed(world)
    unsigned = prepared(world.carol, world.alice)
    client.force_login(world.alice)
    client.post(reverse("consents:revoke", kwargs={"pk": consent.pk}), {"method": "in writing"})
    again = client.post(reverse("consents:revoke", kwargs={"pk": consent.pk}), {"method": "verbally"})
    never = client.post(reverse("consents:revoke", kwargs={"pk": unsigned.pk}), {"method": "verbally"})
    assert "This consent was already revoked." in again.content.decode()
    assert "An unsigned consent has nothing to revoke" in never.content.decode()
    consent.refresh_from_db()
    assert consent.revocation_method == "in writing"
    assert AuditEvent.objects.filter(client=world.carol, action=AuditEvent.Action.REVOKE).count() == 1


@time_machine.travel(NOW, tick=False)
def test_it_ends_a_consent_on_the_day_its_event_is_recorded(world: Any, client: Any) -> None:
    consent = _signed(world, event="Carol finishes the program")
    client.force_login(world.alice)
    url = reverse("consents:expiry_event", kwargs={"pk": consent.pk})
    detail = reverse("consents:detail", kwargs={"pk": consent.pk})
    assert "Has the event happened?" in client.get(detail).content.decode()
    # a day still to come is refused
    refused = client.post(url, {"occurred_on": (TODAY + dt.timedelta(days=1)).isoformat()}, follow=True)
    assert "The event cannot be recorded before it happens." in refused.content.decode()
    consent.refresh_from_db()
    assert consent.expiry_event_occurred_on is None
    # today is taken: the consent has ended
    client.post(url, {"occurred_on": TODAY.isoformat()})
    consent.refresh_from_db()
    assert consent.expiry_event_occurred_on == TODAY
    assert AuditEvent.objects.filter(client=world.carol, detail="consent expiry event recorded").count() == 1
    page = client.get(detail).content.decode()
    assert '<span class="badge warn">Expired</span>' in page
    assert "this happened on November 25, 2026" in page
