from django.urls import path

from trellis.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.network_view, name="network"),
    path("export.csv", views.network_csv_view, name="network_csv"),
    path("site/<uuid:pk>/", views.site_view, name="site"),
    path("site/<uuid:pk>/export.csv", views.site_csv_view, name="site_csv"),
    path("program/<uuid:pk>/", views.program_view, name="program"),
    path("program/<uuid:pk>/export.csv", views.program_csv_view, name="program_csv"),
]
