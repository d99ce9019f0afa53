from django.urls import URLPattern, URLResolver, path

from trellis.medications import views

app_name = "medications"
urlpatterns: list[URLPattern | URLResolver] = [
    path("clients/<uuid:client_pk>/", views.client_medications_view, name="client"),
    path("clients/<uuid:client_pk>/new/", views.add_medication_view, name="add"),
    path("clients/<uuid:client_pk>/screens/new/", views.record_screen_view, name="record_screen"),
    path("clients/<uuid:client_pk>/orders/new/", views.new_order_view, name="new_order"),
    path("orders/<uuid:pk>/discontinue/", views.discontinue_order_view, name="discontinue_order"),
    path("<uuid:pk>/change/", views.change_medication_view, name="change"),
    path("<uuid:pk>/stop/", views.stop_medication_view, name="stop"),
    path("flags/<uuid:pk>/review/", views.review_flag_view, name="review_flag"),
]
