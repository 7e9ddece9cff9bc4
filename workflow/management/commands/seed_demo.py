from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from policies.demo.seed import DEMO_PASSWORD, DEMO_USERS
from workflow.demo import seed_demo


class Command(BaseCommand):
    help = "Load the demo register and one demo login per role. Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            # The demo logins have a published password: never on a real service.
            raise CommandError(
                "seed_demo makes logins with a published password, so it runs only with "
                "DEBUG=1 (a development or demonstration copy), never in production.",
                returncode=2,
            )
        # The demo's reviews and sign-offs would e-mail the demo users: keep them quiet.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            result = seed_demo()
        for error in result.register.result.errors if result.register.result else []:
            self.stderr.write(str(error))
        self.stdout.write(f"Demo register: {result.register.summary_line()}")
        self.stdout.write(f"Demo assessments made: {result.assessments_made}")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for demo in DEMO_USERS:
            self.stdout.write(f"  {demo.username:<10} {demo.role.label}")
