from django.apps import AppConfig


class EqiaConfig(AppConfig):
    name = "eqia"
    verbose_name = "Equality impact assessments"
