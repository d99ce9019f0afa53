"""The worklist page and its CSV export; both audited per client named."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.core import clock, page_memo
from trellis.privacy import audit
from trellis.worklist import kept, selectors
from trellis.worklist.csv_export import worklist_csv


def _worklist(request: HttpRequest) -> selectors.Worklist:
    return selectors.get_worklist(
        user=request.user,
        now=clock.now(),
        staff=request.GET.get("staff", "").strip()[:64],  # a pool's key holds a site id
    )


@requires(Capability.VIEW_CLINICAL)
def worklist_view(request: HttpRequest) -> HttpResponse:
    """Kept per reader until a write or the clock changes it (worklist.kept); every request audits its views."""
    # One page: the nav's count shares the activity stamp the body's key read.
    with page_memo.reading_page():
        body = kept.page_body(
            request,
            staff=request.GET.get("staff", "").strip()[:64],  # a pool's key holds a site id
            page=request.GET.get("page", "").strip()[:8],
        )
        return render(request, "worklist/worklist.html", {"body": mark_safe(body.html)})


@requires(Capability.VIEW_CLINICAL)
def worklist_csv_view(request: HttpRequest) -> HttpResponse:
    """The same lines as the page, for a staff meeting; every client named gets an export event."""
    worklist = _worklist(request)
    user: Any = request.user
    audit.record_changes(
        actor=user,
        action=audit.Action.EXPORT,
        changes=[(c, None, "worklist CSV") for c in dict.fromkeys(worklist.client_ids)]
        or [(None, None, "worklist CSV")],
    )
    response = HttpResponse(worklist_csv(worklist.groups), content_type="text/csv; charset=utf-8")
    day = clock.now().date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="worklist-{day}.csv"'
    return response
