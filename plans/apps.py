from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The council's Equality Objectives and Action Plan and its yearly progress reports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Equality plans"
