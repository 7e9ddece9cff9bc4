from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = "Workflow"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from workflow.roles import grant_administrator_permissions

        post_migrate.connect(grant_administrator_permissions, sender=self)
