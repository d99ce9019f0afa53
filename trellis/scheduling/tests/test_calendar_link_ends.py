"""A client's calendar link dies at discharge, stays dead after a readmission, and can be turned off without
a replacement (by staff for a client, by a clinician for their own)."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client as Browser
from django.urls import reverse

from tests import factories
from trellis.episodes import services as episodes
from trellis.episodes.choices import DischargeReason
from trellis.episodes.models import Episode
from trellis.privacy.models import AuditEvent
from trellis.scheduling import services
from trellis.scheduling.models import CalendarFeedToken

EASTERN = ZoneInfo("America/New_York")
ADMITTED = dt.datetime(2026, 11, 2, 9, 0, tzinfo=EASTERN)
LINK_MADE = dt.datetime(2026, 11, 16, 10, 0, tzinfo=EASTERN)
DISCHARGED = dt.datetime(2026, 11, 20, 15, 0, tzinfo=EASTERN)
READMITTED = dt.datetime(2026, 11, 30, 9, 0, tzinfo=EASTERN)


def _feed(token: str) -> int:
    return Browser().get(reverse("scheduling:feed", args=[token])).status_code


def _admitted_client(world: Any, when: dt.datetime = ADMITTED, client: Any = None) -> Any:
    """Cora, a Northside client admitted at `when` (the stay's record is made then, as in the clinic)."""
    client = client or factories.ClientFactory.create(
        site=world.carol.site, legal_first_name="Cora", legal_last_name="Vantongeren"
    )
    with time_machine.travel(when, tick=False):
        episodes.admit_client(
            client=client,
            program=world.carol_enrollment.episode.program,
            admitted_on=when.date(),
            admitted_by=world.alice,
        )
    return client


def _discharge(world: Any, client: Any) -> None:
    episodes.discharge_client(
        episode=Episode.objects.get(client=client, discharged_on__isnull=True),
        discharged_on=DISCHARGED.date(),
        reason=DischargeReason.COMPLETED,
        summary="Completed the program.",
        discharged_by=world.alice,
    )


def test_it_ends_a_clients_calendar_link_at_discharge(world: Any) -> None:
    # given Cora's calendar link, read by her phone while she is in care
    cora = _admitted_client(world)
    with time_machine.travel(LINK_MADE, tick=False):
        token = services.rotate_feed_token(owner=cora, rotated_by=world.alice).token
        assert _feed(token) == 200
    # when she is discharged
    with time_machine.travel(DISCHARGED, tick=False):
        _discharge(world, cora)
        reads_before = AuditEvent.objects.filter(detail__startswith="calendar feed read").count()
        # then her phone is told the calendar is gone, and nothing more is disclosed or recorded as read
        assert _feed(token) == 410
        assert AuditEvent.objects.filter(detail__startswith="calendar feed read").count() == reads_before


def test_it_keeps_the_old_link_dead_after_a_readmission_and_a_new_link_works(world: Any) -> None:
    # given Cora's link from her first stay, and her discharge
    cora = _admitted_client(world)
    with time_machine.travel(LINK_MADE, tick=False):
        old = services.rotate_feed_token(owner=cora, rotated_by=world.alice).token
    with time_machine.travel(DISCHARGED, tick=False):
        _discharge(world, cora)
    # when she is admitted again
    _admitted_client(world, READMITTED, client=cora)
    # then the first stay's link stays dead, and a link made now works
    with time_machine.travel(READMITTED + dt.timedelta(minutes=5), tick=False):
        assert _feed(old) == 410
        new = services.rotate_feed_token(owner=cora, rotated_by=world.alice).token
        assert _feed(new) == 200


def test_it_turns_a_clients_link_off_without_making_another(world: Any) -> None:
    # given Carol's calendar link
    with time_machine.travel(LINK_MADE, tick=False):
        token = services.rotate_feed_token(owner=world.carol, rotated_by=world.alice).token
        browser = Browser()
        browser.force_login(world.alice)
        # when Alice turns it off from Carol's schedule page
        page = browser.post(
            reverse("scheduling:client_feed_off", kwargs={"pk": world.carol.pk}), follow=True
        ).content.decode()
    # then the link answers 404, no new link exists, the page offers to make one, and the change is audited
    assert _feed(token) == 404
    assert not CalendarFeedToken.objects.filter(client=world.carol).exists()
    assert "Make a calendar link" in page
    assert "Turn off calendar link" not in page
    assert AuditEvent.objects.filter(client=world.carol, detail="calendar link turned off").count() == 1


def test_it_turns_a_clinicians_own_link_off(world: Any) -> None:
    token = services.rotate_feed_token(owner=world.alice, rotated_by=world.alice).token
    browser = Browser()
    browser.force_login(world.alice)
    browser.post(reverse("scheduling:my_feed_off"))
    assert _feed(token) == 404
    assert not CalendarFeedToken.objects.filter(user=world.alice).exists()


def test_it_lets_no_one_outside_carols_site_turn_her_link_off(world: Any) -> None:
    token = services.rotate_feed_token(owner=world.carol, rotated_by=world.alice).token
    browser = Browser()
    browser.force_login(world.bob)
    response = browser.post(reverse("scheduling:client_feed_off", kwargs={"pk": world.carol.pk}))
    assert response.status_code == 404
    assert _feed(token) == 200
