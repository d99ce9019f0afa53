from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "trellis.support"
    label = "support"
    verbose_name = "Case management and peer support"
