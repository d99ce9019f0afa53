from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "trellis.privacy"
    label = "privacy"
