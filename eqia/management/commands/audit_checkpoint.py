import json
from pathlib import Path
from typing import Any

from django.core import mail
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from eqia.audit import checkpoint


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of every assessment's audit trail (its length and last "
        "hash) to a file and/or e-mail it, to keep outside the database. "
        "`verify_audit_trail --checkpoint FILE` later proves nothing before it was rewritten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="write the checkpoint to this file")
        parser.add_argument(
            "--email", action="append", default=[], help="e-mail it to this address (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path | None = options["out"]
        addresses: list[str] = options["email"]
        if out is None and not addresses:
            raise CommandError(
                "Say where the checkpoint goes: --out FILE and/or --email ADDRESS", returncode=2
            )
        data = checkpoint()
        text = json.dumps(data, indent=2, sort_keys=True)
        if out is not None:
            if out.is_dir():
                out = out / f"eqia-audit-checkpoint-{timezone.localdate():%Y-%m-%d}.json"
            try:
                out.write_text(text + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    f"{out} cannot be written: {error.strerror}", returncode=2
                ) from None
            self.stdout.write(f"Checkpoint of {len(data['heads'])} audit trails written to {out}")
        if addresses:
            message = mail.EmailMessage(
                subject=f"eqia audit checkpoint {data['made_at']}",
                body=(
                    "The attached file records the length and last hash of every assessment's "
                    "audit trail, signed with the audit key. Keep it where the database's "
                    "administrators cannot change it; check the trails against it with\n\n"
                    "    manage.py verify_audit_trail --checkpoint FILE\n"
                ),
                to=addresses,
            )
            message.attach("eqia-audit-checkpoint.json", text, "application/json")
            message.send()
            self.stdout.write(f"Checkpoint e-mailed to {', '.join(addresses)}")
