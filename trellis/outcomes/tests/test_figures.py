"""Every dashboard figure equals a plain recount from the raw rows of a small program."""

import copy
import datetime as dt
import statistics
from typing import Any

import pytest
import time_machine

from conftest import World
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.selectors import list_weeks_compliance
from trellis.episodes.models import Enrollment, Episode
from trellis.measures.models import MeasureResponse
from trellis.notes.models import GroupNote, IndividualNote
from trellis.outcomes.measures import RULES
from trellis.outcomes.models import TrackWeek
from trellis.outcomes.scope import build_scope
from trellis.outcomes.selectors import Dashboard, get_dashboard
from trellis.outcomes.services import roll_up_weeks
from trellis.outcomes.tests import program
from trellis.plans.models import TreatmentPlan
from trellis.privacy.models import AuditEvent

FIRST = program.TODAY - dt.timedelta(weeks=12) + dt.timedelta(days=1)
LAST = program.TODAY


@pytest.fixture(scope="module")
def module_program(module_world: World) -> dict[str, Any]:
    return program.build(module_world)


@pytest.fixture
def world(module_world: World, module_program: dict[str, Any], db: None) -> World:
    return copy.deepcopy(module_world)


def _dashboard(user: Any, first: dt.date = FIRST, last: dt.date = LAST, **narrow: Any) -> Dashboard:
    with time_machine.travel(program.NOW, tick=False):
        scope = build_scope(user=user, first=first, last=last, today=program.TODAY, **narrow)
        return get_dashboard(scope=scope)


def _episodes(sites: list[Any]) -> list[Episode]:
    return [e for e in Episode.objects.select_related("client") if e.client.site_id in {s.pk for s in sites}]


def test_it_counts_the_census_admissions_and_discharges_of_each_week(world: World) -> None:
    # given the whole program, as its director sees it
    dashboard = _dashboard(world.dana)
    episodes = _episodes([world.site_a, world.site_b])
    # then each week's figures are a recount of the episodes
    for week in dashboard.flow:
        days = [week.monday + dt.timedelta(days=n) for n in range(7)]
        days = [day for day in days if FIRST <= day <= LAST]
        day = week.census_on
        assert week.census == sum(
            1 for e in episodes if e.admitted_on <= day and (e.discharged_on is None or e.discharged_on > day)
        )
        assert week.admissions == sum(1 for e in episodes if e.admitted_on in days)
        assert week.discharges == sum(1 for e in episodes if e.discharged_on in days)
    assert dashboard.flow[0].monday == dt.date(2026, 8, 31)  # the week holding Sep 2, the range's first day
    assert dashboard.flow[-1].census_on == LAST
    assert sum(w.discharges for w in dashboard.flow) == 4


def test_it_counts_stays_completion_and_teds_reasons_of_the_discharges_in_the_range(world: World) -> None:
    dashboard = _dashboard(world.dana).discharges
    left = [
        e
        for e in _episodes([world.site_a, world.site_b])
        if e.discharged_on and FIRST <= e.discharged_on <= LAST
    ]
    stays = [(e.discharged_on - e.admitted_on).days for e in left if e.discharged_on]
    assert dashboard.total == len(left) == 4
    assert dashboard.completed == sum(1 for e in left if e.discharge_reason == 1) == 2
    assert dashboard.completion_rate == 0.5
    assert dashboard.median_stay_days == statistics.median(stays)
    assert dashboard.mean_stay_days == round(statistics.fmean(stays), 1)
    assert {r.reason.value: r.count for r in dashboard.reasons} == {
        code: sum(1 for e in left if e.discharge_reason == code) for code in range(1, 8)
    }


def test_it_rates_attendance_and_weekly_hours_by_track_as_today_does(world: World) -> None:
    dashboard = _dashboard(world.dana)
    records = list(AttendanceRecord.objects.select_related("session__track"))
    for line in dashboard.attendance:
        mine = [r for r in records if r.session.track.name == line.track]
        assert line.expected == sum(1 for r in mine if r.status != "cancelled")
        assert line.attended == sum(1 for r in mine if r.status in ("present", "late", "left_early"))
    # and the weeks met are the attendance app's own verdicts, week by week (the weeks of Nov 9 and Nov 16 are
    # the only finished weeks with sessions; earlier weeks had none and owe nothing), over the weeks wholly
    # inside the range and over by today
    mondays = [dt.date(2026, 9, 7) + dt.timedelta(weeks=n) for n in range(11)]
    clients = list(Enrollment.objects.values_list("episode__client_id", flat=True))
    with time_machine.travel(program.NOW, tick=False):
        verdicts = list_weeks_compliance(client_ids=clients, mondays=mondays, today=program.TODAY)
    met = sum(1 for week in verdicts.values() for r in week.values() if r.status == "met")
    due = sum(1 for week in verdicts.values() for r in week.values() if r.status in ("met", "below"))
    assert sum(line.weeks_met for line in dashboard.attendance) == met
    assert sum(line.weeks_due for line in dashboard.attendance) == due
    by_track = {line.track: line for line in dashboard.attendance}
    assert (by_track["Northside day"].attended, by_track["Northside day"].expected) == (
        4,
        6,
    )  # excused counts


def _score(response: MeasureResponse, rule: Any) -> int:
    score = response.total if rule.score == "total" else response.subscales[rule.score]
    assert score is not None
    return int(score)


def test_it_compares_first_and_latest_scores_and_counts_reliable_improvement(world: World) -> None:
    dashboard = _dashboard(world.dana)
    for change in dashboard.measures:
        rule = change.rule
        pairs: list[tuple[int, int]] = []
        for episode in _episodes([world.site_a, world.site_b]):
            scores = sorted(
                (r for r in MeasureResponse.objects.filter(episode=episode, instrument=rule.instrument)
                 if r.administered_at.date() <= LAST),
                key=lambda r: r.administered_at,
            )  # fmt: skip
            if len(scores) >= 2 and any(r.administered_at.date() >= FIRST for r in scores):
                pairs.append((_score(scores[0], rule), _score(scores[-1], rule)))
        assert change.episodes == len(pairs)
        assert change.improved == sum(1 for first, last in pairs if first - last >= rule.reliable_drop)
        if pairs:
            assert change.mean_first == round(statistics.fmean(p[0] for p in pairs), 1)
            assert change.mean_latest == round(statistics.fmean(p[1] for p in pairs), 1)
    phq9, gad7, bam = dashboard.measures
    assert (phq9.episodes, phq9.improved) == (3, 2)  # a1 18->9 and b1 20->13 improved; a3 12->8 did not
    assert (gad7.episodes, gad7.improved) == (2, 1)
    assert (bam.episodes, bam.improved) == (1, 1)
    assert [r.instrument for r in RULES] == ["phq9", "gad7", "bam"]


def test_it_counts_days_to_the_first_signed_plan_of_the_admissions_in_the_range(world: World) -> None:
    plans = _dashboard(world.dana).plans
    admitted = [e for e in _episodes([world.site_a, world.site_b]) if FIRST <= e.admitted_on <= LAST]
    days = []
    for episode in admitted:
        signed = [p.effective_on for p in TreatmentPlan.objects.filter(episode=episode) if p.effective_on]
        if signed:
            days.append((min(signed) - episode.admitted_on).days)
    assert plans.admitted == len(admitted)
    assert plans.signed == len(days) == 4
    assert plans.median_days == statistics.median(days)
    assert dict(plans.buckets)["within 7 days"] == sum(1 for n in days if n <= 7)


def test_it_counts_notes_signed_within_24_hours_of_the_service(world: World) -> None:
    group, individual = _dashboard(world.dana).notes
    notes = [n for n in GroupNote.objects.select_related("session") if FIRST <= n.session.date <= LAST]
    assert group.written == len(notes) == 4
    assert group.on_time == sum(
        1 for n in notes if n.signed_at and n.signed_at <= n.session.ends_at + dt.timedelta(hours=24)
    ) == 2  # fmt: skip
    assert group.unsigned == 1
    mine = [
        n for n in IndividualNote.objects.select_related("client__site") if FIRST <= n.service_date <= LAST
    ]
    on_time = sum(
        1 for n in mine
        if n.signed_at and n.signed_at <= n.service_ended_at(n.client.site.timezone) + dt.timedelta(hours=24)
    )  # fmt: skip
    assert (individual.written, individual.on_time, individual.unsigned) == (len(mine), on_time, 1)
    assert on_time == 1


def test_it_keeps_to_the_range_including_its_first_and_last_day(world: World) -> None:
    # given a range of exactly the day a4 was admitted to the day it was discharged
    dashboard = _dashboard(world.dana, first=dt.date(2026, 11, 16), last=dt.date(2026, 11, 24))
    # then both edges count
    assert dashboard.admissions == 1
    assert dashboard.discharges.total == 2  # a4 on Nov 24, b1 on Nov 20
    # and a range ending the day before leaves the last discharge out
    earlier = _dashboard(world.dana, first=dt.date(2026, 11, 17), last=dt.date(2026, 11, 23))
    assert (earlier.admissions, earlier.discharges.total) == (0, 1)


def test_it_shows_a_site_limited_clinician_only_her_sites_figures(world: World) -> None:
    # given Alice, who works at Northside only
    alice, dana = _dashboard(world.alice), _dashboard(world.dana)
    # then Lakeside's discharge and its track are not in her figures, and the director's include them
    assert alice.discharges.total == 3
    assert dana.discharges.total == 4
    assert {line.site for line in alice.attendance} == {"Northside"}
    assert alice.measures[0].episodes == 2
    # and a site dashboard is that site's share of the director's
    lakeside = _dashboard(world.dana, site=world.site_b)
    assert lakeside.discharges.total == 1
    assert {line.site for line in lakeside.attendance} == {"Lakeside"}


def test_it_shows_another_organizations_director_none_of_riversides_figures(world: World) -> None:
    olga = _dashboard(world.olga)
    assert olga.discharges.total == 0
    assert olga.attendance == []
    assert all(m.episodes == 0 for m in olga.measures)
    assert olga.census_now == 1  # Hugo, her own client


def test_it_counts_the_same_weeks_from_the_rollup_as_it_judges_live(world: World) -> None:
    # given the figures judged live, before any rollup
    live = [(line.track, line.weeks_met, line.weeks_due) for line in _dashboard(world.dana).attendance]
    # when the nightly job rolls the finished weeks up
    mondays = [dt.date(2026, 9, 7) + dt.timedelta(weeks=n) for n in range(11)]
    kept = roll_up_weeks(organization_id=world.organization.pk, mondays=mondays, today=program.TODAY)
    # then the dashboard counts the same from the rollup
    rolled = [(line.track, line.weeks_met, line.weeks_due) for line in _dashboard(world.dana).attendance]
    assert rolled == live
    assert kept == sum(due for _, _, due in live)
    # and it is the rollup it reads: a week rolled up again after a correction shows the new verdict
    TrackWeek.objects.update(met=0)
    assert sum(line.weeks_met for line in _dashboard(world.dana).attendance) == 0
    assert AuditEvent.objects.filter(system_job="roll_up_outcomes").count() == 1
