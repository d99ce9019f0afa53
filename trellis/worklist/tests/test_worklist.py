"""The worklist: plans missing after admission, per responsible person, scoped, exported and audited.

The first plan is due a program-set number of days after admission (PlanRules.plan_due_days, default 7:
REFERENCE.md section 7 leaves the figure to state rule and program policy).
"""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from trellis.plans import services as plan_services
from trellis.plans.tests.given import signed_plan
from trellis.privacy.models import AuditEvent
from trellis.worklist import selectors
from trellis.worklist.items import Kind

ADMITTED = dt.date(2026, 11, 2)  # the world's episodes
NOON_NY = dt.time(17, 0)  # noon in New York, in UTC


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, NOON_NY, tzinfo=dt.UTC)


def _assign(world: Any) -> None:
    for enrollment, clinician in ((world.carol_enrollment, world.alice), (world.dave_enrollment, world.bob)):
        enrollment.episode.primary_clinician = clinician
        enrollment.episode.save(update_fields=["primary_clinician"])


def _plan_lines(user: Any, day: dt.date) -> list[Any]:
    with time_machine.travel(_at(day), tick=False):
        return [i for i in selectors.list_items(user=user, now=_at(day)) if i.kind is Kind.PLAN_MISSING]


@pytest.mark.parametrize(
    ("days_after", "overdue"), [(0, False), (6, False), (7, False), (8, False), (9, True)]
)
def test_it_lists_a_missing_plan_from_admission_and_flags_it_after_the_deadline(
    world: Any, days_after: int, overdue: bool
) -> None:
    # given the program gives 8 days for the first plan
    plan_services.set_plan_rules(
        program=world.program, changed_by=world.dana, review_interval_days=30, plan_due_days=8
    )
    # when Alice reads her worklist that many days after Carol's admission
    (line,) = _plan_lines(world.alice, ADMITTED + dt.timedelta(days=days_after))
    # then Carol's plan is listed, due on admission + 8, overdue only from the day after
    assert (line.client_name, line.due_on, line.overdue) == (
        world.carol.display_name,
        ADMITTED + dt.timedelta(days=8),
        overdue,
    )


def test_it_stops_listing_the_plan_once_it_is_signed(world: Any) -> None:
    with time_machine.travel(_at(ADMITTED), tick=False):
        signed_plan(episode=world.carol_enrollment.episode, author=world.alice)
    assert _plan_lines(world.alice, ADMITTED + dt.timedelta(days=3)) == []


def test_the_director_sees_each_clinicians_group_and_can_filter_to_one(world: Any) -> None:
    _assign(world)
    with time_machine.travel(_at(ADMITTED + dt.timedelta(days=10)), tick=False):
        everyone = selectors.get_worklist(user=world.dana, now=_at(ADMITTED + dt.timedelta(days=10)))
        only_bob = selectors.get_worklist(
            user=world.dana, now=_at(ADMITTED + dt.timedelta(days=10)), staff=str(world.bob.pk)
        )
    names = {
        g.staff.name: [i.client_name for i in g.items if i.kind is Kind.PLAN_MISSING] for g in everyone.groups
    }
    assert names["Alice Test"] == [world.carol.display_name]
    assert names["Bob Test"] == [world.dave.display_name]
    assert [g.staff.name for g in only_bob.groups] == ["Bob Test"]


def test_a_clinician_sees_only_her_sites_clients_and_her_own_group_first(world: Any) -> None:
    _assign(world)
    other = factories.EpisodeFactory.create(
        client=factories.ClientFactory.create(site=world.site_a, legal_last_name="Nobody"),
        program=world.program,
    )
    with time_machine.travel(_at(ADMITTED + dt.timedelta(days=10)), tick=False):
        worklist = selectors.get_worklist(user=world.alice, now=_at(ADMITTED + dt.timedelta(days=10)))
    assert [g.staff.name for g in worklist.groups] == ["Alice Test", "No one assigned"]
    assert worklist.groups[0].is_me
    listed = {i.client_id for i in worklist.items}
    assert listed == {world.carol.pk, other.client_id}


def test_staff_of_another_organization_and_non_clinical_roles_see_nothing(world: Any) -> None:
    with time_machine.travel(_at(ADMITTED + dt.timedelta(days=10)), tick=False):
        olga = selectors.list_items(user=world.olga, now=_at(ADMITTED + dt.timedelta(days=10)))
        bill = selectors.list_items(user=world.bill, now=_at(ADMITTED + dt.timedelta(days=10)))
    assert world.carol.pk not in {i.client_id for i in olga}
    assert bill == []


def test_the_page_shows_the_missing_plan_and_audits_each_client_named(world: Any, client: Any) -> None:
    _assign(world)
    client.force_login(world.dana)
    with time_machine.travel(_at(ADMITTED + dt.timedelta(days=10)), tick=False):
        page = client.get(reverse("worklist:list")).content.decode()
    assert "Treatment plan missing" in page
    assert world.carol.display_name in page
    assert "Bob Test" in page
    viewed = AuditEvent.objects.filter(actor=world.dana, detail="worklist")
    assert set(viewed.values_list("client_id", flat=True)) == {world.carol.pk, world.dave.pk}


def test_the_csv_export_lists_the_lines_and_records_an_export_per_client(world: Any, client: Any) -> None:
    _assign(world)
    world.carol.legal_first_name = "=cmd"
    world.carol.save(update_fields=["legal_first_name"])
    client.force_login(world.dana)
    with time_machine.travel(_at(ADMITTED + dt.timedelta(days=10)), tick=False):
        response = client.get(reverse("worklist:csv"), {"staff": str(world.alice.pk)})
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0] == "Responsible,What is owed,Client,Detail,Due,Overdue"
    assert "Treatment plan missing" in body
    assert "Lakewood" not in body
    assert "'=cmd" in body  # a spreadsheet shows the name, never runs it
    exported = AuditEvent.objects.filter(actor=world.dana, action=AuditEvent.Action.EXPORT)
    assert list(exported.values_list("client_id", flat=True)) == [world.carol.pk]


def test_today_and_the_chart_show_the_missing_plan(world: Any, client: Any) -> None:
    _assign(world)
    client.force_login(world.alice)
    with time_machine.travel(_at(ADMITTED + dt.timedelta(days=10)), tick=False):
        today = client.get(reverse("today")).content.decode()
        chart = client.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()
        reviews = client.get(reverse("plans:due")).content.decode()
    assert "1 client without a treatment plan" in today
    assert "Missing or overdue for" in chart
    assert "Treatment plan missing" in chart
    assert "Clients without a plan" in reviews
    assert world.carol.display_name in reviews


def test_the_charts_lines_are_the_worklists_lines_that_name_that_client(world: Any) -> None:
    # given two clients each owed a first plan, read by the director (every site)
    _assign(world)
    now = _at(ADMITTED + dt.timedelta(days=10))
    with time_machine.travel(now, tick=False):
        everything = selectors.list_items(user=world.dana, now=now)
        carols = selectors.list_client_items(user=world.dana, client=world.carol, now=now)
    # then Carol's chart shows exactly the worklist's lines about Carol, none about Dave
    about_carol = sorted((i.kind, i.what, i.due_on) for i in everything if i.client_id == world.carol.pk)
    assert about_carol
    assert sorted((i.kind, i.what, i.due_on) for i in carols) == about_carol
    assert {i.client_id for i in carols} == {world.carol.pk}


def test_a_person_with_nothing_owed_is_shown_as_such_not_as_everyone(world: Any, client: Any) -> None:
    # given Alice and Bob owe their clients' plans and Nora nothing; Dana filters by Nora (an old link)
    _assign(world)
    client.force_login(world.dana)
    with time_machine.travel(_at(ADMITTED + dt.timedelta(days=10)), tick=False):
        page = client.get(reverse("worklist:list"), {"staff": str(world.nora.pk)}).content.decode()
        everyone = client.get(reverse("worklist:list")).content.decode()
    # then the filter says so and the page says nothing is owed, rather than "Everyone" over an empty list
    assert '<option value="" >Everyone</option>' not in page
    assert f'<option value="{world.nora.pk}" selected>Someone with nothing owed</option>' in page
    assert "Nothing owed by this staff member" in page
    assert "Someone with nothing owed" not in everyone
