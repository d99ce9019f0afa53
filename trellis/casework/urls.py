from django.urls import path

from trellis.casework import views

app_name = "casework"
urlpatterns = [
    path("caseload/", views.caseload_view, name="caseload"),
    path("clients/<uuid:client_pk>/screen/", views.screen_view, name="screen"),
    path("clients/<uuid:client_pk>/case-plan/", views.client_case_plan_view, name="client"),
    path("screenings/<uuid:pk>/", views.screening_view, name="screening"),
    path("screenings/<uuid:pk>/plan/<slug:domain>/", views.add_to_plan_view, name="add_to_plan"),
    path("episodes/<uuid:pk>/", views.case_plan_view, name="case_plan"),
    path("episodes/<uuid:pk>/needs/", views.add_need_view, name="add_need"),
    path("episodes/<uuid:pk>/goals/", views.add_goal_view, name="add_goal"),
    path("episodes/<uuid:pk>/tasks/", views.add_task_view, name="add_task"),
    path("episodes/<uuid:pk>/assign/", views.assign_view, name="assign"),
    path("needs/<uuid:pk>/status/", views.need_status_view, name="need_status"),
    path("tasks/<uuid:pk>/done/", views.complete_task_view, name="complete_task"),
]
