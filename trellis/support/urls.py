from django.urls import path

from trellis.support import views

app_name = "support"

urlpatterns = [
    path("clients/<uuid:client_pk>/contacts/", views.contacts_view, name="contacts"),
    path("clients/<uuid:client_pk>/contacts/new/", views.contact_new_view, name="contact_new"),
    path("clients/<uuid:client_pk>/meetings/", views.meetings_view, name="meetings"),
    path("contacts/<uuid:pk>/", views.contact_view, name="contact"),
    path("contacts/<uuid:pk>/sign/", views.contact_sign_view, name="contact_sign"),
    path("contacts/<uuid:pk>/addendum/", views.contact_addendum_view, name="contact_addendum"),
]
