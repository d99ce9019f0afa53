"""Events linked and written in one statement (chain.append) keep every chain verifiable, whatever they say,
whichever chains one batch extends, and however many writers extend them at once."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import transaction

from trellis.core import context
from trellis.core.tests.races import committed, run_together
from trellis.privacy import audit, chain
from trellis.privacy.models import AuditChainHead, AuditEvent

NOW = dt.datetime(2026, 11, 18, 15, 0, 0, 123456, tzinfo=dt.UTC)
AWKWARD = 'Zoë said "no" \\ C:\\notes\\ \u2713 \U0001f600 \'quoted\' \\"'


def _in_request(ip_address: str | None) -> None:
    context.set_current(context.RequestContext(request_id='req-\\"9"', ip_address=ip_address, path="/x"))


def _verifies(key: str) -> int:
    end, broken = chain.verify_chain(key)
    assert broken is None, str(broken)
    return end.sequence


@time_machine.travel(NOW, tick=False)
def test_a_batch_over_three_chains_with_awkward_words_verifies_on_each(world: Any) -> None:
    # given a job's batch, from an IPv6 address in capitals, naming clients of two organizations and no client
    # at all (the chain of no organization), each chain's first events, with quotes, backslashes and words
    # outside ASCII
    _in_request("2001:DB8::A")
    try:
        audit.record_changes(
            actor=None,
            action=audit.Action.VIEW,
            changes=[
                (world.carol.pk, None, AWKWARD),
                (world.hugo.pk, None, "Hugo's «plan»"),
                (None, None, 'no one\'s \\ "trail"'),
                (world.carol.pk, world.carol, "second for Carol"),
            ],
            system_job='nightly "check" \\',
        )
    finally:
        context.set_current(None)
    # then every chain verifies to its end, and its head is that end
    home, harbor = str(world.organization.pk), str(world.organization_b.pk)
    assert (_verifies(home), _verifies(harbor), _verifies(chain.NO_ORGANIZATION)) == (2, 1, 1)
    # and the events are in list order within their chain, with the fields as given
    rows = AuditEvent.objects.order_by("organization_id", "sequence").values_list(
        "organization_id", "sequence", "actor_id", "action", "client_id", "object_type", "object_id",
        "detail", "ip_address", "request_id", "system_job", "occurred_at",
    )  # fmt: skip
    job, request_id = 'nightly "check" \\', 'req-\\"9"'
    expected = {
        (world.organization.pk, 1, None, "view", world.carol.pk, "", "", AWKWARD),
        (world.organization.pk, 2, None, "view", world.carol.pk, "clients.Client", str(world.carol.pk),
         "second for Carol"),
        (world.organization_b.pk, 1, None, "view", world.hugo.pk, "", "", "Hugo's «plan»"),
        (None, 1, None, "view", None, "", "", "no one's \\ \"trail\""),
    }  # fmt: skip
    assert {row[:8] for row in rows} == expected
    assert {row[8:] for row in rows} == {("2001:db8::a", request_id, job, NOW)}


@time_machine.travel(NOW, tick=False)
def test_events_with_no_address_extend_a_chain_that_verifies(world: Any) -> None:
    # given views by a person with no request at all, then a change in a request with no address
    audit.record_views(actor=world.dana, client_ids=[world.carol.pk, world.dave.pk], detail="today")
    _in_request(None)
    try:
        audit.record(actor=world.dana, action=audit.Action.UPDATE, client_id=world.carol.pk, detail="plan")
    finally:
        context.set_current(None)
    # then the chain holds the three events, in the order written, and verifies
    assert _verifies(str(world.organization.pk)) == 3
    assert list(AuditEvent.objects.order_by("sequence").values_list("detail", "actor_id", "ip_address")) == [
        ("today", world.dana.pk, None),
        ("today", world.dana.pk, None),
        ("plan", world.dana.pk, None),
    ]


def test_views_recorded_in_a_transaction_that_fails_leave_no_trace(world: Any) -> None:
    # given a view on the trail
    audit.record_views(actor=world.dana, client_ids=[world.carol.pk], detail="chart")

    # when a change records views and then fails
    def failing_change() -> None:
        with transaction.atomic():
            audit.record_views(actor=world.dana, client_ids=[world.dave.pk], detail="lost")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    # then its views are gone with it and the chain, head included, is as before; the next view extends it
    assert not AuditEvent.objects.filter(detail="lost").exists()
    assert AuditChainHead.objects.get(chain=str(world.organization.pk)).sequence == 1
    audit.record_views(actor=world.dana, client_ids=[world.dave.pk], detail="chart")
    assert _verifies(str(world.organization.pk)) == 2


@pytest.mark.usefixtures(committed.__name__)
def test_jobs_extending_two_chains_at_once_never_wait_on_each_other(world: Any) -> None:
    # given six jobs at the same moment, each writing one batch over both organizations' chains, half of them
    # naming the organizations in the other order
    def job(number: int) -> Any:
        clients = [world.carol.pk, world.hugo.pk] if number % 2 else [world.hugo.pk, world.carol.pk]
        return lambda: audit.record_views(
            actor=None, client_ids=clients, detail=f"job {number}", system_job="reminders"
        )

    outcomes = run_together([job(number) for number in range(6)])
    # then none failed (no deadlock), and each chain took every job's event in turn, unbroken
    assert outcomes == [None] * 6
    assert _verifies(str(world.organization.pk)) == 6
    assert _verifies(str(world.organization_b.pk)) == 6
