from django.core.management.base import BaseCommand

from policies.demo.seed import DEMO_PASSWORD, DEMO_USERS, seed_demo


class Command(BaseCommand):
    help = "Load the demo register and one demo login per role. Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        result = seed_demo()
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
        self.stdout.write(f"Demo register: {result.summary_line()}")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for demo in DEMO_USERS:
            self.stdout.write(f"  {demo.username:<10} {demo.role.label}")
