from django.urls import URLPattern, URLResolver, path

from trellis.notes import clinical_views, cosign_views, individual_views, multi_family_views, views

app_name = "notes"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", individual_views.notes_list_view, name="list"),
    path("sessions/<uuid:session_pk>/", views.group_note_view, name="group_note"),
    path("sessions/<uuid:session_pk>/shared/", views.save_shared_view, name="save_shared"),
    path("sessions/<uuid:session_pk>/entries/<uuid:client_pk>/", views.save_entry_view, name="save_entry"),
    path("sessions/<uuid:session_pk>/sign/", views.sign_view, name="sign_group_note"),
    path("sessions/<uuid:session_pk>/family/", multi_family_views.multi_family_view, name="multi_family"),
    path("sessions/<uuid:session_pk>/addenda/", views.group_addendum_view, name="group_addendum"),
    path("sessions/<uuid:session_pk>/cosign/", views.group_cosign_view, name="group_cosign"),
    path("clients/<uuid:client_pk>/new/", individual_views.individual_new_view, name="individual_new"),
    path("clients/<uuid:client_pk>/family/new/", clinical_views.family_new_view, name="family_new"),
    path(
        "clients/<uuid:client_pk>/psychiatric/new/",
        clinical_views.psychiatric_new_view,
        name="psychiatric_new",
    ),
    path("individual/<uuid:pk>/", individual_views.individual_view, name="individual"),
    path("individual/<uuid:pk>/save/", individual_views.individual_save_view, name="individual_save"),
    path(
        "individual/<uuid:pk>/addenda/", individual_views.individual_addendum_view, name="individual_addendum"
    ),
    path("individual/<uuid:pk>/cosign/", individual_views.individual_cosign_view, name="individual_cosign"),
    path("cosign/", cosign_views.queue_view, name="cosign_queue"),
    path("cosign/bulk/", cosign_views.cosign_bulk_view, name="cosign_bulk"),
    path("cosign/rules/", cosign_views.rules_view, name="cosign_rules"),
    path("cosign/rules/add/", cosign_views.add_rule_view, name="cosign_rule_add"),
    path("cosign/rules/<uuid:pk>/remove/", cosign_views.remove_rule_view, name="cosign_rule_remove"),
    path("cosign/supervisors/add/", cosign_views.add_named_view, name="cosign_named_add"),
    path("cosign/supervisors/<uuid:pk>/remove/", cosign_views.remove_named_view, name="cosign_named_remove"),
    path("cosign/<str:kind>/<uuid:pk>/", cosign_views.review_view, name="cosign_review"),
    path("cosign/<str:kind>/<uuid:pk>/sign/", cosign_views.cosign_one_view, name="cosign_sign"),
]
