"""The supervisor's pages: the co-sign queue, reviewing a note, bulk co-signing, the rules page and Today."""

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.notes import cosign_rules, services
from trellis.notes.choices import SECTIONS
from trellis.notes.models import CosignRule, IndividualNote
from trellis.notes.tests import given
from trellis.plans import signing as plan_signing
from trellis.plans.tests.given import draft_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


def _waiting_note(world: Any, client: Any = None) -> IndividualNote:
    note = services.create_individual_note(
        client=client or world.carol,
        author=world.alice,
        service_date=given.SESSION_DAY,
        duration_minutes=50,
        note_format="dap",
        sections={key: f"{label} written by Alice." for key, label in SECTIONS["dap"]},
    )
    return services.sign_individual_note(note=note, signed_by=world.alice)


@pytest.fixture
def rule(world: Any) -> CosignRule:
    return cosign_rules.add_rule(
        set_by=world.dana, role="clinician", license_type="", kinds=["dap"], signer="any"
    )


@pytest.mark.usefixtures("rule")
def test_a_supervisor_reviews_then_cosigns_from_the_queue(world: Any, client: Any) -> None:
    note = _waiting_note(world)
    client.force_login(world.dana)
    # the queue names the client, kind and author; the note cannot be ticked before it is opened
    queue = client.get(reverse("notes:cosign_queue")).content.decode()
    assert world.carol.display_name in queue
    assert "DAP note" in queue
    assert "Alice Test" in queue
    assert "Open it first" in queue
    assert f'value="individual:{note.pk}"' not in queue
    # opening it shows the note read-only with the co-sign button
    review = client.get(reverse("notes:cosign_review", kwargs={"kind": "individual", "pk": note.pk}))
    assert "Data written by Alice." in review.content.decode()
    assert "Co-sign as supervisor" in review.content.decode()
    # back on the queue it can be ticked, and co-signing the ticked notes signs it
    assert f'value="individual:{note.pk}"' in client.get(reverse("notes:cosign_queue")).content.decode()
    done = client.post(reverse("notes:cosign_bulk"), {"notes": [f"individual:{note.pk}"]}, follow=True)
    assert "Co-signed 1 note." in done.content.decode()
    note.refresh_from_db()
    assert note.cosigned_by == world.dana
    assert note.status_label == "Co-signed"


@pytest.mark.usefixtures("rule")
def test_bulk_cosigning_an_unopened_note_changes_nothing(world: Any, client: Any) -> None:
    note = _waiting_note(world)
    client.force_login(world.dana)
    done = client.post(reverse("notes:cosign_bulk"), {"notes": [f"individual:{note.pk}"]}, follow=True)
    assert "you have not opened yet" in done.content.decode()
    note.refresh_from_db()
    assert note.awaiting_cosignature


@pytest.mark.usefixtures("rule")
def test_the_author_sees_no_cosign_button_on_her_own_note(world: Any, client: Any) -> None:
    note = _waiting_note(world)
    client.force_login(world.alice)
    review = client.get(reverse("notes:cosign_review", kwargs={"kind": "individual", "pk": note.pk}))
    assert review.status_code == 200
    assert "Co-sign as supervisor" not in review.content.decode()
    assert "No notes are waiting" in client.get(reverse("notes:cosign_queue")).content.decode()


@pytest.mark.usefixtures("rule")
def test_today_shows_the_supervisor_how_many_notes_wait(world: Any, client: Any) -> None:
    _waiting_note(world)
    _waiting_note(world)
    client.force_login(world.dana)
    today = client.get(reverse("today")).content.decode()
    assert "waiting for your co-signature" in today
    assert reverse("notes:cosign_queue") in today


@pytest.mark.usefixtures("rule")
def test_the_queue_runs_the_same_queries_for_one_and_five_notes(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    _waiting_note(world)
    url = reverse("notes:cosign_queue")
    client.get(url)

    def count() -> int:
        cache.clear()  # read afresh: kept memberships and counts would differ by state
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = count()
    for _ in range(4):
        other = factories.ClientFactory.create(site=world.site_a)
        factories.EpisodeFactory.create(client=other, program=world.program)
        _waiting_note(world, other)
    assert count() == one


def test_the_director_adds_and_removes_a_rule_from_setup(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    assert reverse("notes:cosign_rules") in client.get(reverse("programs:setup")).content.decode()
    form = {"role": "", "license_type": "none", "kinds": ["group", "soap"], "signer": "named"}
    page = client.post(reverse("notes:cosign_rule_add"), form, follow=True).content.decode()
    assert "Staff holding no license" in page
    assert "Group notes, SOAP" in page
    refused = client.post(reverse("notes:cosign_rule_add"), {"signer": "any", "kinds": ["group"]})
    assert refused.status_code == 422
    assert "Name a role" in refused.content.decode()
    rule = CosignRule.objects.get()
    client.post(reverse("notes:cosign_rule_remove", kwargs={"pk": rule.pk}))
    assert not CosignRule.objects.exists()


def test_the_queue_lists_plans_awaiting_the_supervisors_signature(world: Any, client: Any) -> None:
    # given a plan whose program needs a supervisor, signed by Alice, and one she has not signed yet
    signed = draft_plan(episode=world.carol_enrollment.episode, author=world.alice, supervisor=True)
    plan_signing.sign_as_clinician(plan=signed, clinician=world.alice)
    client.force_login(world.dana)
    page = client.get(reverse("notes:cosign_queue")).content.decode()
    # then Dana sees it with a link to sign it; Alice, who does not supervise, sees no plans section
    assert "Treatment plans awaiting a supervisor" in page
    assert reverse("plans:plan", kwargs={"pk": signed.pk}) in page
    client.force_login(world.alice)
    assert "Treatment plans awaiting" not in client.get(reverse("notes:cosign_queue")).content.decode()


def test_a_group_note_opens_read_only_with_each_participants_entry(world: Any, client: Any) -> None:
    cosign_rules.add_rule(set_by=world.dana, role="clinician", license_type="", kinds=["group"], signer="any")
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol], world.alice)
    services.sign_group_note(note=note, signed_by=world.alice)
    client.force_login(world.dana)
    page = client.get(
        reverse("notes:cosign_review", kwargs={"kind": "group", "pk": note.pk})
    ).content.decode()
    assert world.carol.display_name in page
    assert given.COMPLETE["response"] in page
    assert "Co-sign as supervisor" in page
    assert f'value="group:{note.pk}"' in client.get(reverse("notes:cosign_queue")).content.decode()
