from django.apps import AppConfig


class InsightConfig(AppConfig):
    """What the EDI group needs to see: cumulative impact, process measures, its home page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "insight"
    verbose_name = "Insight"
