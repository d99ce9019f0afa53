"""The REST API under /api/: version 1 resources, a token endpoint, and the OpenAPI schema and docs."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from trellis.accounts.token_api import ObtainTokenApi
from trellis.attendance import api as attendance
from trellis.clients import api as clients
from trellis.episodes import api as episodes
from trellis.scheduling import api as scheduling

app_name = "api"


urlpatterns = [
    path("v1/token/", ObtainTokenApi.as_view(), name="token"),
    path("v1/clients/", clients.ClientListApi.as_view(), name="clients"),
    path("v1/clients/<uuid:pk>/", clients.ClientDetailApi.as_view(), name="client"),
    path("v1/episodes/", episodes.EpisodeListApi.as_view(), name="episodes"),
    path("v1/episodes/<uuid:pk>/", episodes.EpisodeDetailApi.as_view(), name="episode"),
    path(
        "v1/episodes/<uuid:pk>/discharge/", episodes.EpisodeDischargeApi.as_view(), name="episode-discharge"
    ),
    path("v1/enrollments/", episodes.EnrollmentListApi.as_view(), name="enrollments"),
    path("v1/enrollments/<uuid:pk>/", episodes.EnrollmentDetailApi.as_view(), name="enrollment"),
    path(
        "v1/enrollments/<uuid:pk>/change/", episodes.EnrollmentChangeApi.as_view(), name="enrollment-change"
    ),
    path("v1/groups/", scheduling.GroupListApi.as_view(), name="groups"),
    path("v1/groups/<uuid:pk>/", scheduling.GroupDetailApi.as_view(), name="group"),
    path("v1/sessions/", scheduling.SessionListApi.as_view(), name="sessions"),
    path("v1/sessions/<uuid:pk>/", scheduling.SessionDetailApi.as_view(), name="session"),
    path("v1/attendance/", attendance.AttendanceListApi.as_view(), name="attendance"),
    path("v1/attendance/<uuid:pk>/", attendance.AttendanceDetailApi.as_view(), name="attendance-record"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, so the page needs no inline script;
    # ReDoc builds its search index in a worker made from a blob. Both need a login (SERVE_PERMISSIONS).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        csp_update({"worker-src": [SELF, "blob:"]})(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
]

from django.urls import re_path  # noqa: E402

from trellis.measures import api as measures  # noqa: E402

urlpatterns += [
    re_path(r"^v1/measures/score/?$", measures.ScoreApi.as_view(), name="measures-score"),
    path("v1/measures/responses/", measures.MeasureResponseListApi.as_view(), name="measure-responses"),
]
