from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "trellis.attendance"
    label = "attendance"
