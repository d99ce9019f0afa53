from django.urls import URLPattern, URLResolver, path

from trellis.intake import assessment_views, views

app_name = "intake"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.pipeline_view, name="pipeline"),
    path("new/", views.inquiry_new_view, name="inquiry_new"),
    path("report/", views.conversion_report_view, name="report"),
    path("<uuid:pk>/", views.inquiry_detail_view, name="inquiry"),
    path("<uuid:pk>/screen/", views.screen_view, name="screen"),
    path("<uuid:pk>/next/", views.next_action_view, name="next_action"),
    path("<uuid:pk>/book/", views.book_view, name="book"),
    path("<uuid:pk>/admit/", views.admit_view, name="admit"),
    path("<uuid:pk>/refer/", views.refer_view, name="refer"),
    path("<uuid:pk>/lose/", views.lose_view, name="lose"),
    path("clients/<uuid:client_pk>/assess/", assessment_views.assessment_new_view, name="assessment_new"),
    path("assessments/<uuid:pk>/", assessment_views.assessment_detail_view, name="assessment"),
    path("assessments/<uuid:pk>/decide/", assessment_views.decide_view, name="decide"),
    path(
        "assessments/<uuid:pk>/enrollment/", assessment_views.change_enrollment_view, name="change_enrollment"
    ),
]
