from django.apps import AppConfig


class WorklistConfig(AppConfig):
    name = "trellis.worklist"
    label = "worklist"
