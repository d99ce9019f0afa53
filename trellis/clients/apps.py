from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "trellis.clients"
    label = "clients"
