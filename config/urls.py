from django.urls import include, path

from trellis.attendance.urls import chart_urlpatterns
from trellis.attendance.views import today_view
from trellis.clients import urls as client_urls
from trellis.core.headers import csp_report_view

# The chart reads across the spine, so its view lives at the top and joins the clients namespace here.
clients = ([*client_urls.urlpatterns, *chart_urlpatterns], "clients")

urlpatterns = [
    path("", today_view, name="today"),
    path("", include("trellis.accounts.urls")),
    path("", include("trellis.attendance.urls")),
    path("clients/", include(clients)),
    path("", include("trellis.episodes.urls")),
    path("", include("trellis.scheduling.urls")),
    path("setup/", include("trellis.programs.urls")),
    path("intake/", include("trellis.intake.urls")),
    path("measures/", include("trellis.measures.urls")),
    path("casework/", include("trellis.casework.urls")),
    path("plans/", include("trellis.plans.urls")),
    path("notes/", include("trellis.notes.urls")),
    path("medications/", include("trellis.medications.urls")),
    path("billing/", include("trellis.billing.urls")),
    path("referrals/", include("trellis.referrals.urls")),
    path("support/", include("trellis.support.urls")),
    path("notifications/", include("trellis.notifications.urls")),
    path("worklist/", include("trellis.worklist.urls")),
    path("outcomes/", include("trellis.outcomes.urls")),
    path("", include("trellis.portal.urls")),
    path("", include("trellis.alumni.urls")),
    path("", include("trellis.messaging.urls")),
    path("audit/", include("trellis.privacy.urls")),
    path("consents/", include("trellis.privacy.consent_urls")),
    path("privacy/", include("trellis.privacy.part2_urls")),
    path("api/", include("config.api_urls")),
    path("csp-report/", csp_report_view, name="csp_report"),
]
