"""Intervals from settings (shortest wins), the group-scheduling rule, and the latest scores beside a review."""

import datetime as dt
from typing import Any

import time_machine

from tests import factories
from trellis.plans import selectors, services
from trellis.plans.models import PlanReviewRule
from trellis.plans.tests.given import draft_plan, signed_plan


def test_it_defaults_to_thirty_days_with_a_week_of_warning(world: Any) -> None:
    interval = selectors.intervals_for(program_ids=[world.program.pk])[world.program.pk]
    assert (interval.days, interval.due_soon_days) == (30, 7)


def test_it_takes_the_shortest_of_program_and_review_rules(world: Any) -> None:
    # given the program reviews every 30 days, the organization every 28, and a state rule for it 21 days
    other = factories.ProgramFactory.create(organization=world.organization, name="IOP Mental health")
    services.set_plan_rules(program=world.program, changed_by=world.dana, review_interval_days=30)
    PlanReviewRule.objects.create(organization=world.organization, interval_days=28, source="Org policy")
    PlanReviewRule.objects.create(
        organization=world.organization, program=world.program, interval_days=21, source="State rule"
    )

    # when the intervals are read, then the strictest applicable one wins for each program
    intervals = selectors.intervals_for(program_ids=[world.program.pk, other.pk])
    assert intervals[world.program.pk].days == 21
    assert intervals[other.pk].days == 28


def test_it_keeps_clients_out_of_groups_until_the_plan_is_signed_when_the_program_asks(world: Any) -> None:
    # given the program rule is off: everyone is schedulable
    assert selectors.is_schedulable(world.carol)

    # when the program turns it on, Carol (no signed plan) waits, until her plan is in force
    services.set_plan_rules(
        program=world.program,
        changed_by=world.dana,
        review_interval_days=30,
        require_signed_plan_for_groups=True,
    )
    assert not selectors.is_schedulable(world.carol)
    assert selectors.unschedulable_client_ids(client_ids=[world.carol.pk, world.dave.pk]) == {
        world.carol.pk,
        world.dave.pk,
    }
    draft = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    assert not selectors.is_schedulable(world.carol)
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, tzinfo=dt.UTC)):
        from trellis.plans import signing

        signing.sign_as_client(plan=draft, typed_name="Carol", attested=True, witnessed_by=world.alice)
        signing.sign_as_clinician(plan=draft, clinician=world.alice)
    assert selectors.is_schedulable(world.carol)


def test_it_shows_no_scores_when_the_client_has_taken_no_measures(world: Any) -> None:
    assert not selectors.list_latest_scores(client=world.carol)


def test_it_lists_reviews_due_and_unsigned_plans_for_the_clinicians_clients(world: Any) -> None:
    # given Carol's plan signed Oct 20 (due Nov 19) and Dave's (Lakeside) signed the same day, both 30 days
    with time_machine.travel(dt.datetime(2026, 10, 20, 15, tzinfo=dt.UTC), tick=False):
        carol_plan = signed_plan(episode=world.carol_enrollment.episode, author=world.alice)
        signed_plan(episode=world.dave_enrollment.episode, author=world.bob)
    other = factories.ClientFactory.create(site=world.site_a, legal_first_name="Erin")
    unsigned = draft_plan(
        episode=factories.EpisodeFactory.create(client=other, program=world.program), author=world.alice
    )

    # when Alice's alerts are read on Nov 18
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, tzinfo=dt.UTC), tick=False):
        alerts = selectors.list_plan_alerts(user=world.alice)

    # then she sees Carol's review due tomorrow and Erin's unsigned plan, never Dave's
    assert [(line.plan, line.due.due_on) for line in alerts.due] == [(carol_plan, dt.date(2026, 11, 19))]
    assert alerts.unsigned == [unsigned]
    assert selectors.list_plan_alerts(user=world.bill) == selectors.PlanAlerts(due=[], unsigned=[])
