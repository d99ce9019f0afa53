from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "trellis.casework"
    label = "casework"
