"""Outcome dashboards of the network, a site and a program: tables, SVG charts and CSV of aggregate figures."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.attendance.today import get_local_today
from trellis.core.csv_export import csv_download
from trellis.outcomes import alumni, attendance, charts, exports
from trellis.outcomes.forms import DateRangeForm
from trellis.outcomes.scope import build_scope, visible_programs, visible_sites
from trellis.outcomes.selectors import get_dashboard


def _dashboard_page(request: HttpRequest, *, title: str, url: str, **narrow: Any) -> HttpResponse:
    user: Any = request.user
    today, _ = get_local_today(user=user)
    form = DateRangeForm(request.GET, today=today)
    context: dict[str, Any] = {"title": title, "form": form, "url": url, "query": request.GET.urlencode()}
    if not form.is_valid():
        return render(request, "outcomes/dashboard.html", context, status=400)
    scope = build_scope(user=user, today=today, **form.cleaned_data, **narrow)
    dashboard = get_dashboard(scope=scope)
    context |= {
        "dashboard": dashboard,
        "census_chart": charts.area_chart(
            [week.census for week in dashboard.flow],
            [f"{week.census_on:%b} {week.census_on.day}" for week in dashboard.flow],
        ),
        "reasons_chart": charts.bar_chart([(r.reason.label, r.count) for r in dashboard.discharges.reasons]),
        "sites": visible_sites(user).order_by("name") if not narrow else [],
        "programs": visible_programs(user).order_by("name") if not narrow.get("program") else [],
        "alumni": alumni.get_alumni_figures(scope),
        "attendance_by_site": len({line.site for line in dashboard.attendance}) > 1,
    }
    if context["attendance_by_site"]:
        context["attendance_lines"] = attendance.by_site(dashboard.attendance)
    else:
        context["attendance_lines"] = dashboard.attendance
    return render(request, "outcomes/dashboard.html", context)


def _csv(request: HttpRequest, *, name: str, **narrow: Any) -> HttpResponse:
    """A table of the dashboard (?table=, census by default) as CSV: aggregate figures only, no client row."""
    table = request.GET.get("table", "census")
    writer = exports.TABLES.get(table)
    if writer is None:
        raise Http404
    user: Any = request.user
    today, _ = get_local_today(user=user)
    form = DateRangeForm(request.GET, today=today)
    if not form.is_valid():
        return HttpResponse("; ".join(str(e) for errors in form.errors.values() for e in errors), status=400)
    scope = build_scope(user=user, today=today, **form.cleaned_data, **narrow)
    header, rows = writer(get_dashboard(scope=scope))
    return csv_download(
        filename=f"outcomes-{name}-{table}-{scope.first:%Y%m%d}-{scope.last:%Y%m%d}.csv",
        header=header,
        rows=rows,
        actor=user,
        client_ids=[],
        what=f"outcomes {table}",
    )


@require_GET
@requires(Capability.VIEW_OUTCOMES)
def network_view(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(request, title="Outcomes: all my sites", url=reverse("outcomes:network"))


@require_GET
@requires(Capability.VIEW_OUTCOMES)
def site_view(request: HttpRequest, pk: Any) -> HttpResponse:
    site = get_object_or_404(visible_sites(request.user), pk=pk)
    return _dashboard_page(
        request, title=f"Outcomes: {site.name}", url=reverse("outcomes:site", args=[pk]), site=site
    )


@require_GET
@requires(Capability.VIEW_OUTCOMES)
def program_view(request: HttpRequest, pk: Any) -> HttpResponse:
    program = get_object_or_404(visible_programs(request.user), pk=pk)
    return _dashboard_page(
        request,
        title=f"Outcomes: {program.name}",
        url=reverse("outcomes:program", args=[pk]),
        program=program,
    )


@require_GET
@requires(Capability.VIEW_OUTCOMES)
def network_csv_view(request: HttpRequest) -> HttpResponse:
    return _csv(request, name="network")


@require_GET
@requires(Capability.VIEW_OUTCOMES)
def site_csv_view(request: HttpRequest, pk: Any) -> HttpResponse:
    site = get_object_or_404(visible_sites(request.user), pk=pk)
    return _csv(request, name="site", site=site)


@require_GET
@requires(Capability.VIEW_OUTCOMES)
def program_csv_view(request: HttpRequest, pk: Any) -> HttpResponse:
    program = get_object_or_404(visible_programs(request.user), pk=pk)
    return _csv(request, name="program", program=program)
