from django.urls import path

from trellis.privacy import views

app_name = "privacy"
urlpatterns = [path("", views.audit_log_view, name="audit_log")]
