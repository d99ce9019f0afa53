"""Which sites' pages an audited change can show on, so only their kept pages go cold (issue 14).

A summary page (Today, the worklist, a roster) shows a client to a reader at the client's home site or at
the site of one of the client's tracks (`visible_to` scopes by one or the other), and a session's records at
its track's site. So a change naming a client renews: the client's sites now (home site and every track
they were ever enrolled in), the sites stored with their chart stamp at the last change (a client who moved,
or an enrollment deleted, is gone from the old site's pages at once), and the site of the object changed
when it has one (a makeup session at a track the client is not enrolled in). When the stored sites are not
known (no stamp since sites were kept), the whole organization is renewed: never a stale page.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import OuterRef, Subquery

from trellis.clients.models import ChartStamp, Client

# Objects whose own site is not the client's: the path to it, by model label.
OBJECT_SITE_PATHS = {
    "attendance.AttendanceRecord": "session__track__site_id",
    "scheduling.GroupSession": "track__site_id",
    "notes.GroupNote": "session__track__site_id",
    "episodes.Enrollment": "track__site_id",
    "episodes.WaitlistEntry": "track__site_id",
}


@dataclass
class Reach:
    """Where a batch of changes to clients shows: the sites to renew, each client's sites now (stored with
    its new chart stamp), and the organizations whose clients' earlier sites are not known."""

    sites: set[Any] = field(default_factory=set)
    now: dict[Any, list[str]] = field(default_factory=dict)
    unknown_organizations: set[Any] = field(default_factory=set)


def reach(changes: Iterable[tuple[Any, Any, Any]]) -> Reach:
    """For (client id, object, organization id) changes naming a client: two queries, and one per kind of
    object that has a site of its own."""
    changes = [(c, obj, org) for c, obj, org in changes if c is not None]
    found = Reach()
    if not changes:
        return found
    client_ids = {c for c, _, _ in changes}
    now: dict[Any, set[Any]] = defaultdict(set)
    before: dict[Any, Any] = {}
    stored = ChartStamp.objects.filter(client_id=OuterRef("pk")).values("sites")[:1]
    rows = Client.objects.filter(pk__in=client_ids).annotate(stored=Subquery(stored))
    for client_id, site_id, sites in rows.values_list("pk", "site_id", "stored"):
        now[client_id].add(site_id)
        before[client_id] = sites
    Enrollment = apps.get_model("episodes", "Enrollment")
    tracks = Enrollment.objects.filter(episode__client_id__in=client_ids).values_list(
        "episode__client_id", "track__site_id"
    )
    for client_id, site_id in tracks.distinct():
        now[client_id].add(site_id)
    gone = client_ids - before.keys()  # deleted in this change: only their stored sites tell
    before.update(ChartStamp.objects.filter(client_id__in=gone).values_list("client_id", "sites"))
    for client_id, _, organization_id in changes:
        if before.get(client_id) is None:
            found.unknown_organizations.add(organization_id)
    for client_id in client_ids:
        found.now[client_id] = sorted(str(s) for s in now[client_id])
        found.sites |= {str(s) for s in now[client_id]} | set(before.get(client_id) or ())
    found.sites |= _sites_of_objects(obj for _, obj, _ in changes)
    return found


def _sites_of_objects(objects: Iterable[Any]) -> set[str]:
    by_label: dict[str, set[Any]] = defaultdict(set)
    for obj in objects:
        label = getattr(getattr(obj, "_meta", None), "label", "")
        if label in OBJECT_SITE_PATHS and obj.pk is not None:
            by_label[label].add(obj.pk)
    sites: set[str] = set()
    for label, pks in sorted(by_label.items()):
        model = apps.get_model(label)
        rows = model._default_manager.filter(pk__in=pks).values_list(OBJECT_SITE_PATHS[label], flat=True)
        sites |= {str(s) for s in rows.distinct() if s is not None}
    return sites
