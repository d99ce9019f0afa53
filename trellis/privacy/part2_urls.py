"""The Privacy area (/privacy/): each client's accounting of disclosures, restrictions, court orders and
emergency disclosures, and the breach register. The audit log keeps its own address (/audit/)."""

from django.urls import path

from trellis.privacy import breach_views, client_privacy_views, order_views, restriction_views

app_name = "part2"
urlpatterns = [
    path("clients/<uuid:pk>/", client_privacy_views.client_privacy_view, name="client"),
    path("clients/<uuid:pk>/accounting.pdf", client_privacy_views.accounting_pdf_view, name="accounting_pdf"),
    path(
        "clients/<uuid:pk>/restrictions/new/", restriction_views.restriction_new_view, name="restriction_new"
    ),
    path(
        "restrictions/<uuid:pk>/decide/", restriction_views.restriction_decide_view, name="restriction_decide"
    ),
    path("restrictions/<uuid:pk>/end/", restriction_views.restriction_end_view, name="restriction_end"),
    path("clients/<uuid:pk>/court-orders/new/", order_views.court_order_new_view, name="court_order_new"),
    path("clients/<uuid:pk>/emergency/", order_views.emergency_new_view, name="emergency_new"),
    path("emergencies/<uuid:pk>/review/", order_views.emergency_review_view, name="emergency_review"),
    path("breaches/", breach_views.breach_list_view, name="breaches"),
    path("breaches/new/", breach_views.breach_new_view, name="breach_new"),
    path("breaches/<uuid:pk>/", breach_views.breach_view, name="breach"),
    path("breaches/<uuid:pk>/edit/", breach_views.breach_edit_view, name="breach_edit"),
    path("breaches/<uuid:pk>/notice/", breach_views.breach_notice_view, name="breach_notice"),
    path(
        "breaches/<uuid:pk>/letters/<uuid:client_pk>.pdf",
        breach_views.breach_letter_view,
        name="breach_letter",
    ),
]
