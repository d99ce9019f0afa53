from django.urls import path

from trellis.measures import views

app_name = "measures"
urlpatterns = [
    path("due/", views.due_view, name="due"),
    path("schedules/", views.schedules_view, name="schedules"),
    path("schedules/<uuid:pk>/remove/", views.remove_schedule_view, name="remove_schedule"),
    path("clients/<uuid:pk>/", views.client_measures_view, name="client"),
    path("clients/<uuid:pk>/give/<slug:instrument>/", views.record_view, name="record"),
    path("tasks/<uuid:pk>/", views.safety_task_view, name="task"),
]
