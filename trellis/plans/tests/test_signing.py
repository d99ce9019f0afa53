"""Signing: complete plans only, a witnessed client signature, the clinician, and a supervisor where required."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from trellis.plans import services, signing
from trellis.plans.choices import PlanStatus
from trellis.plans.tests.given import draft_plan
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 11, 18, 3, 0, tzinfo=dt.UTC)  # still Nov 17 in New York


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_activates_the_plan_on_the_last_signature_dated_in_the_site_zone(world: Any) -> None:
    # given a complete draft
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)

    # when the client signs (witnessed) and then the clinician
    signing.sign_as_client(plan=plan, typed_name=" Carol Northcott ", attested=True, witnessed_by=world.nora)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.missing_signatures() == ["clinician"]
    signing.sign_as_clinician(plan=plan, clinician=world.alice)

    # then it is in force from the site's date (New York, still the 17th), with both signatures kept
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert plan.effective_on == dt.date(2026, 11, 17)
    assert (plan.client_signed_name, plan.client_witness, plan.clinician) == (
        "Carol Northcott",
        world.nora,
        world.alice,
    )
    details = list(AuditEvent.objects.filter(object_id=str(plan.pk)).values_list("detail", flat=True))
    assert {"plan v1 signed by client (witnessed)", "plan v1 signed by clinician", "plan v1 in force"} <= set(
        details
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"typed_name": "", "attested": True}, "client_signed_name"),
        ({"typed_name": "Carol Northcott", "attested": False}, "attested"),
    ],
)
def test_it_refuses_a_client_signature_without_name_or_attestation(
    world: Any, kwargs: dict[str, Any], field: str
) -> None:
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    with pytest.raises(ValidationError) as refused:
        signing.sign_as_client(plan=plan, witnessed_by=world.alice, **kwargs)
    assert list(refused.value.message_dict) == [field]
    plan.refresh_from_db()
    assert plan.client_signed_at is None
    assert not plan.is_locked


def test_it_refuses_to_sign_an_incomplete_plan(world: Any) -> None:
    # given a draft whose only goal has no objective yet
    plan = services.create_plan(episode=world.carol_enrollment.episode, created_by=world.alice)
    problem = services.add_problem(plan=plan, statement="Isolation", added_by=world.alice)
    services.add_goal(problem=problem, client_words="I want friends who don't drink", added_by=world.alice)

    # when the clinician signs, then it is refused saying what is missing
    with pytest.raises(ValidationError) as refused:
        signing.sign_as_clinician(plan=plan, clinician=world.alice)
    assert refused.value.message_dict["plan"] == ["Before signing, add a measurable objective for goal 1.1."]


def test_it_refuses_an_empty_plan(world: Any) -> None:
    plan = services.create_plan(episode=world.carol_enrollment.episode, created_by=world.alice)
    with pytest.raises(ValidationError, match="at least one problem"):
        signing.sign_as_clinician(plan=plan, clinician=world.alice)


def test_it_refuses_a_clinician_signature_from_a_biller(world: Any) -> None:
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    with pytest.raises(ValidationError) as refused:
        signing.sign_as_clinician(plan=plan, clinician=world.bill)
    assert "clinician" in refused.value.message_dict


def test_it_waits_for_the_supervisor_where_required(world: Any) -> None:
    # given a plan that needs co-signature, signed by client and clinician
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice, supervisor=True)
    signing.sign_as_client(plan=plan, typed_name="Carol Northcott", attested=True, witnessed_by=world.alice)
    signing.sign_as_clinician(plan=plan, clinician=world.alice)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.missing_signatures() == ["supervisor"]

    # when a clinician tries to co-sign, it is refused; the director's signature activates it
    with pytest.raises(ValidationError, match="clinical director"):
        signing.sign_as_supervisor(plan=plan, supervisor=world.nora)
    signing.sign_as_supervisor(plan=plan, supervisor=world.dana)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert plan.supervisor == world.dana


def test_it_refuses_a_supervisor_signature_nobody_asked_for(world: Any) -> None:
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    with pytest.raises(ValidationError, match="does not need"):
        signing.sign_as_supervisor(plan=plan, supervisor=world.dana)


def test_it_refuses_the_director_co_signing_their_own_plan(world: Any) -> None:
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.dana, supervisor=True)
    signing.sign_as_clinician(plan=plan, clinician=world.dana)
    with pytest.raises(ValidationError, match="someone other"):
        signing.sign_as_supervisor(plan=plan, supervisor=world.dana)


def test_it_refuses_signing_twice(world: Any) -> None:
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    signing.sign_as_client(plan=plan, typed_name="Carol", attested=True, witnessed_by=world.alice)
    with pytest.raises(ValidationError, match="already signed"):
        signing.sign_as_client(plan=plan, typed_name="Carol", attested=True, witnessed_by=world.alice)
