from django.urls import URLPattern, URLResolver, path

from trellis.worklist import views

app_name = "worklist"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.worklist_view, name="list"),
    path("export.csv", views.worklist_csv_view, name="csv"),
]
