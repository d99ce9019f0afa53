"""A change that touches many clients at once still leaves one event on each client's audit trail."""

from typing import Any

import pytest

from trellis.core import context
from trellis.privacy import audit
from trellis.privacy.models import AuditEvent


def test_it_writes_one_event_per_client_in_one_query(world: Any, django_assert_num_queries: Any) -> None:
    # given a request context, as a page or the task queue sets it
    context.set_current(context.RequestContext(request_id="req-42", ip_address="10.0.0.7", path="/x"))
    try:
        # when a change touching two clients and the program is recorded: one INSERT for the events, and
        # one read (locking, or creating on the trail's first event) and one write of the organization's chain head,
        # one upsert of the clients' chart stamps (a kept chart is never shown stale: clients/chart_stamps.py)
        # and one of the organization's activity stamp (nor a kept Today or worklist: core/kept_pages.py)
        with django_assert_num_queries(5):
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
        .values_list("client_id", "actor_id", "object_type", "detail", "request_id", "ip_address")
    )
    assert list(rows) == [
        (world.dave.pk, world.dana.pk, "", "3 charges captured", "req-42", "10.0.0.7"),
        (world.carol.pk, world.dana.pk, "clients.Client", "weekly schedule changed", "req-42", "10.0.0.7"),
    ]


@pytest.mark.django_db
def test_it_writes_nothing_for_no_changes(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        audit.record_changes(actor=None, action=audit.Action.UPDATE, changes=[])
