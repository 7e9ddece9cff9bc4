from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app may use: roles, refusals, people's names, dates, e-mail and the GOV.UK
    interface pieces (form renderer, template tags, pagination). It imports no other app."""

    name = "core"
    verbose_name = "Shared"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core import lookups  # noqa: F401  # registers ``in`` for integer columns
        from core.roles import grant_administrator_permissions

        # Listed last in INSTALLED_APPS, so every app's permissions exist when this runs.
        post_migrate.connect(grant_administrator_permissions, sender=self)
