from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.dates import iso_date_argument
from eqia.selectors import signed_assessments
from policies.models import Policy, normalise_reference
from workflow.documents.export import export_to_folder


class Command(BaseCommand):
    help = (
        "Write every matching signed EqIA PDF into OUT_DIR, with a manifest.csv of file, "
        "policy reference, title, version, signer, signing time and SHA-256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out_dir", type=Path)
        parser.add_argument("--policy", default="", help="only this policy reference")
        parser.add_argument(
            "--since", type=iso_date_argument, help="only those signed on or after yyyy-mm-dd"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reference = options["policy"]
        if (
            reference
            and not Policy.objects.filter(reference=normalise_reference(reference)).exists()
        ):
            raise CommandError(f"No policy with the reference {reference!r}", returncode=2)
        out_dir: Path = options["out_dir"]
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(f"{out_dir} exists and is not a folder", returncode=2)
        count = export_to_folder(
            signed_assessments(policy_reference=reference, since=options["since"]), out_dir
        )
        self.stdout.write(
            f"Wrote {count} signed PDF{'' if count == 1 else 's'} and manifest.csv to {out_dir}"
        )
