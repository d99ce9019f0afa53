from django.urls import path

from trellis.measures import on_call_views, views

app_name = "measures"
urlpatterns = [
    path("due/", views.due_view, name="due"),
    path("schedules/", views.schedules_view, name="schedules"),
    path("schedules/<uuid:pk>/remove/", views.remove_schedule_view, name="remove_schedule"),
    path("clients/<uuid:pk>/", views.client_measures_view, name="client"),
    path("clients/<uuid:pk>/give/<slug:instrument>/", views.record_view, name="record"),
    path("tasks/<uuid:pk>/", views.safety_task_view, name="task"),
    path("on-call/", on_call_views.on_call_view, name="on_call"),
    path("on-call/<uuid:site_pk>/", on_call_views.set_on_call_view, name="set_on_call"),
]
