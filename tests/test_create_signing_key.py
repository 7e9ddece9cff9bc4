"""The create_signing_key management command: a development key, its settings, no overwrite."""

import io
import shlex

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command
from django.test import override_settings

from core.signing_keys import CA_NAME, PKCS12_NAME
from tests.signed_pdfs import signed_pdf
from workflow.documents.verification import Problem, verify_pdf_bytes

pytestmark = pytest.mark.django_db


def run_create(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_signing_key", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def exported(out: str) -> dict[str, str]:
    """The settings from the command's `export NAME=value` lines, as a shell would read them."""
    values = {}
    for line in out.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        (values[name],) = shlex.split(value)
    return values


def common_name(certificate: x509.Certificate) -> str:
    return certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value


def test_it_makes_a_key_and_prints_only_the_settings_on_standard_output(tmp_path):
    out, err = run_create("--out", str(tmp_path / "keys"))

    assert exported(out) == {
        "EQIA_SIGNING_PKCS12": str(tmp_path / "keys" / PKCS12_NAME),
        "EQIA_SIGNING_PASSPHRASE": "eqia-development",
        "EQIA_SIGNING_TRUST_ROOTS": str(tmp_path / "keys" / CA_NAME),
    }
    assert all(line.startswith("export EQIA_SIGNING_") for line in out.splitlines())
    assert "WARNING: this is a development key" in err
    assert (tmp_path / "keys" / PKCS12_NAME).stat().st_mode & 0o077 == 0


def test_the_key_it_makes_signs_pdfs_that_verify_against_its_ca(tmp_path):
    out, _ = run_create("--out", str(tmp_path), "--common-name", "Example signing")
    settings = exported(out)

    with override_settings(**{**settings, "EQIA_SIGNING_TRUST_ROOTS": [str(tmp_path / CA_NAME)]}):
        verdict = verify_pdf_bytes(signed_pdf())

    assert verdict.problems == [Problem.NOT_ISSUED_HERE]  # trusted, but not on record
    assert verdict.certificate == "Example signing"


def test_the_common_name_organisation_and_passphrase_can_be_chosen(tmp_path):
    run_create(
        "--out",
        str(tmp_path),
        "--common-name",
        "Borough signing 2027",
        "--organisation",
        "Example Borough Council",
        "--passphrase",
        "correct horse",
    )

    key, certificate, cas = pkcs12.load_key_and_certificates(
        (tmp_path / PKCS12_NAME).read_bytes(), b"correct horse"
    )
    assert key is not None
    assert common_name(certificate) == "Borough signing 2027"
    assert common_name(cas[0]) == "Example Borough Council development CA"


def test_the_organisation_defaults_to_the_council_name(tmp_path, settings):
    settings.EQIA_COUNCIL_NAME = "Testshire County Council"

    run_create("--out", str(tmp_path))

    ca = x509.load_pem_x509_certificate((tmp_path / CA_NAME).read_bytes())
    assert common_name(ca) == "Testshire County Council development CA"


def test_the_default_folder_is_the_development_signing_folder(tmp_path, settings):
    settings.DEVELOPMENT_SIGNING_DIR = tmp_path / "signing"

    out, _ = run_create()

    assert exported(out)["EQIA_SIGNING_PKCS12"] == str(tmp_path / "signing" / PKCS12_NAME)
    assert (tmp_path / "signing" / CA_NAME).exists()


def test_it_refuses_to_replace_a_key_and_leaves_it_alone(tmp_path):
    run_create("--out", str(tmp_path))
    before = (tmp_path / PKCS12_NAME).read_bytes()

    with pytest.raises(CommandError, match="A key is already in .* Use --force") as caught:
        run_create("--out", str(tmp_path))

    assert caught.value.returncode == 2
    assert (tmp_path / PKCS12_NAME).read_bytes() == before


def test_force_replaces_a_key(tmp_path):
    run_create("--out", str(tmp_path))
    before = (tmp_path / PKCS12_NAME).read_bytes()

    run_create("--out", str(tmp_path), "--force")

    assert (tmp_path / PKCS12_NAME).read_bytes() != before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--common-name", " "], "--common-name must not be empty"),
        (["--out", "FILE"], "exists and is not a folder"),
    ],
)
def test_bad_usage_exits_2(tmp_path, args, message):
    (tmp_path / "FILE").write_text("")
    args = [str(tmp_path / "FILE") if arg == "FILE" else arg for arg in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "keys")]

    with pytest.raises(CommandError, match=message) as caught:
        run_create(*args)

    assert caught.value.returncode == 2
