from django.urls import URLPattern, URLResolver, path

from trellis.plans import release_views, review_views, rules_views, views

app_name = "plans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", review_views.due_list_view, name="due"),
    path("rules/", rules_views.rules_view, name="rules"),
    path("rules/<uuid:program_pk>/", rules_views.save_rules_view, name="save_rules"),
    path("client/<uuid:client_pk>/", views.client_plan_view, name="client"),
    path("client/<uuid:client_pk>/start/", views.start_plan_view, name="start"),
    path("<uuid:pk>/", views.plan_view, name="plan"),
    path("<uuid:pk>/problems/", views.add_problem_view, name="add_problem"),
    path("<uuid:pk>/problems/<uuid:problem_pk>/goals/", views.add_goal_view, name="add_goal"),
    path("<uuid:pk>/problems/<uuid:problem_pk>/remove/", views.remove_problem_view, name="remove_problem"),
    path("<uuid:pk>/goals/<uuid:goal_pk>/objectives/", views.add_objective_view, name="add_objective"),
    path(
        "<uuid:pk>/objectives/<uuid:objective_pk>/interventions/",
        views.add_intervention_view,
        name="add_intervention",
    ),
    path("<uuid:pk>/sign/<str:role>/", views.sign_view, name="sign"),
    path("<uuid:pk>/revise/", views.revise_view, name="revise"),
    path("<uuid:pk>/review/", review_views.review_view, name="review"),
    path("<uuid:pk>/step-down/", views.step_down_view, name="step_down"),
    path("<uuid:pk>/pdf/", review_views.plan_pdf_view, name="pdf"),
    path("<uuid:pk>/release/", release_views.plan_release_view, name="release"),
]
