from django.apps import AppConfig


class EqiaConfig(AppConfig):
    name = "eqia"
    verbose_name = "Equality impact assessments"

    def ready(self) -> None:
        # The register (a layer below) cannot see assessments: it is told which policy details
        # an open one fixes.
        from eqia.policy_details import details_fixed_by_open_assessment
        from policies.services import fix_details_while

        fix_details_while(details_fixed_by_open_assessment)
