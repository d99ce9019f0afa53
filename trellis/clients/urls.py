from django.urls import path

from trellis.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list_view, name="list"),
    path("<uuid:pk>/face-sheet/", views.face_sheet_view, name="face_sheet"),
    path("<uuid:pk>/allergies/", views.add_allergy_view, name="add_allergy"),
    path("<uuid:pk>/allergies/<uuid:allergy_pk>/remove/", views.remove_allergy_view, name="remove_allergy"),
    path("<uuid:pk>/insurance-cards/", views.add_insurance_card_view, name="add_insurance_card"),
    path(
        "<uuid:pk>/insurance-cards/<uuid:card_pk>/<slug:side>/",
        views.insurance_card_image_view,
        name="insurance_card_image",
    ),
]
