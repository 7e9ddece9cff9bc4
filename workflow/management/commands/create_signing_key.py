import shlex
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.signing_keys import (
    CA_NAME,
    DEVELOPMENT_PASSPHRASE,
    PKCS12_NAME,
    create_development_key,
)


def default_out_dir() -> Path:
    """signing/ in the project (git-ignored), where development settings look for a key."""
    return Path(getattr(settings, "DEVELOPMENT_SIGNING_DIR", Path(settings.BASE_DIR) / "signing"))


class Command(BaseCommand):
    help = (
        "Make a self-signed development CA and a signing key and certificate for signed PDFs "
        "(eqia-ca.pem and eqia-signing.p12), and print the settings that use them. Standard "
        'output holds only the export lines, so `eval "$(python manage.py create_signing_key)"` '
        "sets them. Never use a development key in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help=f"folder to write the key into (default: {default_out_dir()})",
        )
        parser.add_argument(
            "--common-name",
            default="eqia document signing (development)",
            help="the signing certificate's common name",
        )
        parser.add_argument(
            "--organisation",
            default=None,
            help="the certificates' organisation (default: EQIA_COUNCIL_NAME)",
        )
        parser.add_argument(
            "--passphrase",
            default=DEVELOPMENT_PASSPHRASE,
            help=f"passphrase of the PKCS#12 file (default: {DEVELOPMENT_PASSPHRASE})",
        )
        parser.add_argument(
            "--force", action="store_true", help="replace a key already in the folder"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out_dir: Path = (options["out"] or default_out_dir()).resolve()
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(f"{out_dir} exists and is not a folder", returncode=2)
        existing = [out_dir / name for name in (PKCS12_NAME, CA_NAME) if (out_dir / name).exists()]
        if existing and not options["force"]:
            raise CommandError(
                f"A key is already in {out_dir} ({', '.join(path.name for path in existing)}). "
                "Use --force to replace it: PDFs signed with the old key will then no longer "
                "chain to the trust root.",
                returncode=2,
            )
        if not options["common_name"].strip():
            raise CommandError("--common-name must not be empty", returncode=2)
        try:
            key = create_development_key(
                out_dir,
                common_name=options["common_name"].strip(),
                organisation=options["organisation"] or settings.EQIA_COUNCIL_NAME,
                passphrase=options["passphrase"],
            )
        except OSError as error:
            raise CommandError(
                f"Could not write the key into {out_dir}: {error.strerror}", returncode=2
            ) from None

        self.stderr.write(f"Made a development signing key in {out_dir}:")
        self.stderr.write(f"  signing key and certificate: {key.pkcs12_path}")
        self.stderr.write(f"  CA certificate (the trust root): {key.ca_path}")
        self.stderr.write("Set these to use it:")
        for name, value in key.settings().items():
            self.stdout.write(f"export {name}={shlex.quote(value)}")
        self.stderr.write(
            self.style.WARNING(
                "WARNING: this is a development key, made and signed on this machine. Nobody "
                "outside this system trusts it. In production, set EQIA_SIGNING_PKCS12, "
                "EQIA_SIGNING_PASSPHRASE and EQIA_SIGNING_TRUST_ROOTS to the organisation's own "
                "certificate."
            )
        )
