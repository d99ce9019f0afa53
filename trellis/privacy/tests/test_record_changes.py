"""A change that touches many clients at once still leaves one event on each client's audit trail."""

from typing import Any

import pytest
from django.db import connection

from trellis.core import context
from trellis.privacy import audit, chain
from trellis.privacy.models import AuditEvent


def test_it_writes_one_event_per_client_in_one_query(world: Any, django_assert_num_queries: Any) -> None:
    # given a request context, as a page or the task queue sets it
    context.set_current(context.RequestContext(request_id="req-42", ip_address="10.0.0.7", path="/x"))
    try:
        # when a change touching two clients and the program is recorded: one INSERT for the events, and
        # one read (locking, or creating on the trail's first event) and one write of the organization's chain head,
        # two reads of the clients' sites (clients/site_stamps.py), one upsert of the clients' chart stamps
        # (a kept chart is never shown stale: clients/chart_stamps.py), one of their sites' activity stamps
        # and, their earlier sites not being known yet, one of the organization's (nor a kept Today or
        # worklist: core/kept_pages.py); PostgreSQL locks and writes the head and writes the events in one
        # statement (chain.append)
        with django_assert_num_queries(6 if connection.vendor == "postgresql" else 8):
            audit.record_changes(
                actor=world.dana,
                action=audit.Action.UPDATE,
                changes=[
                    (world.carol.pk, world.carol, "weekly schedule changed"),
                    (world.dave.pk, None, "3 charges captured"),
                ],
            )
    finally:
        context.set_current(None)
    # then each client's trail has its event, with who, from where and in which request
    rows = (
        AuditEvent.objects.exclude(detail="earlier")
        .order_by("detail")
        .values_list(
            "client_id", "actor_id", "action", "object_type", "object_id", "detail", "request_id", "ip_address",
            "organization_id", "system_job",
        )
    )  # fmt: skip
    organization = world.dana.organization_id
    assert list(rows) == [
        (world.dave.pk, world.dana.pk, "update", "", "", "3 charges captured", "req-42", "10.0.0.7",
         organization, ""),
        (world.carol.pk, world.dana.pk, "update", "clients.Client", str(world.carol.pk), "weekly schedule changed",
         "req-42", "10.0.0.7", organization, ""),
    ]  # fmt: skip


@pytest.mark.django_db
def test_it_writes_nothing_for_no_changes(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        audit.record_changes(actor=None, action=audit.Action.UPDATE, changes=[])


def test_events_written_with_their_heads_in_one_statement_verify(world: Any) -> None:
    # given views and changes as pages and jobs write them: a request with an address, one without, a job,
    # words outside ASCII
    context.set_current(context.RequestContext(request_id="req-7", ip_address="2001:db8::7", path="/x"))
    try:
        audit.record_views(actor=world.dana, client_ids=[world.carol.pk, world.dave.pk], detail="today")
    finally:
        context.set_current(None)
    audit.record(actor=world.dana, action=audit.Action.UPDATE, client_id=world.carol.pk, detail="Zoë's plan")
    audit.record(actor=None, action=audit.Action.CREATE, client_id=world.dave.pk, system_job="charge capture")
    # then the organization's chain verifies to its end, and its head is that end
    key = chain.chain_key(world.dana.organization_id)
    end, broken = chain.verify_chain(key)
    assert broken is None
    assert end.sequence == AuditEvent.objects.filter(organization_id=world.dana.organization_id).count()
