"""The alumni panel's figures equal a plain recount of the follow-ups and reconnects behind them."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import World
from trellis.alumni import rules, services
from trellis.alumni.models import FollowUp, Reconnect
from trellis.alumni.tests.conftest import DISCHARGED_ON, NOW, discharge, invited, sms_outbox
from trellis.episodes.models import Episode
from trellis.outcomes.alumni import get_alumni_figures
from trellis.outcomes.scope import build_scope
from trellis.portal.models import PortalAccount

FIRST = dt.date(2026, 10, 1)
__all__ = ["invited", "sms_outbox"]  # fixtures
REPORT = services.SelfReport(
    using_since="no", in_support=True, working_or_school=None, housing_stable=True, note=""
)


def _bam(use_days: int) -> list[Any]:
    answers: list[Any] = [0] * 17
    answers[3], answers[4], answers[6] = use_days, (0 if use_days else None), None
    return answers


def _answer(world: World, name: str, at: dt.datetime, use_days: int) -> None:
    with time_machine.travel(at, tick=False):
        account = PortalAccount.objects.get(client=getattr(world, name))
        services.submit_follow_up(account=account, answers=_bam(use_days), sex=None, report=REPORT)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def alumni(invited: World) -> World:
    """Carol discharged Nov 7 (30-day answered Dec 7, use reported); Dave Oct 1 (30-day answered Oct 29, no
    use; 60-day on Nov 30 not answered); Dave also asked to come back."""
    discharge(invited, "carol", on=DISCHARGED_ON)
    discharge(invited, "dave", on=FIRST)
    Episode.objects.filter(client=invited.dave).update(primary_clinician=invited.bob)
    _answer(invited, "dave", dt.datetime(2026, 10, 29, 15, tzinfo=dt.UTC), use_days=0)
    _answer(invited, "carol", NOW, use_days=2)
    services.request_reconnect(account=PortalAccount.objects.get(client=invited.dave))
    return invited


def test_the_figures_recount_the_follow_ups(alumni: World) -> None:
    scope = build_scope(user=alumni.dana, first=FIRST, last=NOW.date(), today=NOW.date())
    figures = get_alumni_figures(scope)
    by_day = {m.milestone: m for m in figures.milestones}
    # a plain recount: each discharged stay's follow-up days inside the range
    for milestone in rules.MILESTONES:
        due = [
            e
            for e in Episode.objects.filter(discharged_on__isnull=False)
            if FIRST <= e.discharged_on + dt.timedelta(days=milestone) <= NOW.date()
        ]
        answered = FollowUp.objects.filter(episode__in=due, milestone=milestone, completed_at__isnull=False)
        assert by_day[milestone].due == len(due)
        assert by_day[milestone].completed == answered.count()
        used = [f for f in answered if f.response and (f.response.answers[3] or f.response.answers[5])]
        assert by_day[milestone].reporting_use == len(used)
        assert by_day[milestone].abstinent == answered.count() - len(used)
    assert (by_day[30].due, by_day[30].completed, by_day[30].abstinent, by_day[30].reporting_use) == (
        2,
        2,
        1,
        1,
    )
    assert (by_day[60].due, by_day[60].completed) == (1, 0)
    assert figures.reconnects_asked == Reconnect.objects.filter(reason="asked").count() == 1
    assert figures.reconnects_follow_up == 1  # Carol's use
    # and Bob, at Lakeside only, counts Dave's stay alone
    lakeside = get_alumni_figures(
        build_scope(user=alumni.bob, first=FIRST, last=NOW.date(), today=NOW.date())
    )
    assert [m.due for m in lakeside.milestones] == [1, 1, 0]


def test_the_dashboard_shows_the_panel(alumni: World) -> None:
    dana = Browser()
    dana.force_login(alumni.dana)
    page = dana.get(
        "/outcomes/", {"first": FIRST.isoformat(), "last": NOW.date().isoformat()}
    ).content.decode()
    assert 'data-testid="outcomes-alumni"' in page
    assert "Asked to talk about coming back" in page
