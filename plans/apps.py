from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The council's Equality Objectives and Action Plan and its yearly progress reports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Equality plans"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from eqia.extensions import register_action_extension
        from plans.extension import ObjectiveExtension
        from plans.roles import grant_status_permissions

        # An EqIA action may name the objective it serves: eqia offers the field, plans keeps it.
        register_action_extension(ObjectiveExtension())
        post_migrate.connect(grant_status_permissions, sender=self)
