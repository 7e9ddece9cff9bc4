from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plans.demo.seed import DemoNotReady, seed_plans


class Command(BaseCommand):
    help = (
        "Load the demo's equality plans (the council's 2019-2022 plan with its published 2022 "
        "progress report, and the draft 2022-2025 plan carrying actions forward). Run after "
        "seed_demo; safe to run again."
    )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_plans loads demo data, so it runs only with DEBUG=1.", returncode=2
            )
        try:
            result = seed_plans()
        except DemoNotReady as exc:
            raise CommandError(str(exc), returncode=2) from None
        for line in result.done:
            self.stdout.write(line)
        self.stdout.write("Demo plans: /plans/ (EDI reviewer) and /equality-plans/ (public)")
