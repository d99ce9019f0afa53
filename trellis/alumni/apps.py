from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "trellis.alumni"
    label = "alumni"
