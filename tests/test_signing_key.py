"""sign_pdf's key: the one configured, loaded once, and each way it can be missing or wrong."""

import os
import statistics
import time

import pytest
from django.test import override_settings

from core.signing_keys import create_development_key
from tests.signed_pdfs import SIGNED_AT, SIGNER, signatures_of, signed_pdf, unsigned_pdf
from workflow.documents import signing
from workflow.documents.signing import SigningError, sign_pdf


def test_no_configured_key_is_a_signing_error_in_words():
    with (
        override_settings(EQIA_SIGNING_PKCS12=""),
        pytest.raises(SigningError, match="No signing key is configured"),
    ):
        signed_pdf()


def test_a_missing_key_file_is_a_signing_error_in_words(tmp_path):
    missing = tmp_path / "gone.p12"

    with (
        override_settings(EQIA_SIGNING_PKCS12=str(missing)),
        pytest.raises(SigningError, match=f"The signing key file {missing} does not exist"),
    ):
        signed_pdf()


def test_a_wrong_passphrase_is_a_signing_error_in_words():
    with (
        override_settings(EQIA_SIGNING_PASSPHRASE="not the passphrase"),
        pytest.raises(SigningError, match=r"the passphrase \(EQIA_SIGNING_PASSPHRASE\) is wrong"),
    ):
        signed_pdf()


def test_a_file_that_is_not_a_pkcs12_key_is_a_signing_error_in_words(tmp_path):
    not_a_key = tmp_path / "key.p12"
    not_a_key.write_text("hello")

    with (
        override_settings(EQIA_SIGNING_PKCS12=str(not_a_key)),
        pytest.raises(SigningError, match="is not a PKCS#12 key"),
    ):
        signed_pdf()


def test_a_key_file_that_is_a_folder_is_a_signing_error_in_words(tmp_path):
    with (
        override_settings(EQIA_SIGNING_PKCS12=str(tmp_path)),
        pytest.raises(SigningError, match="cannot be read"),
    ):
        signed_pdf()


def test_the_key_is_loaded_once_and_again_when_the_file_changes(tmp_path):
    key = create_development_key(tmp_path, common_name="eqia cache test")
    with override_settings(**key.settings()):
        first = signing.configured_signer()
        assert signing.configured_signer() is first

        stat = key.pkcs12_path.stat()
        os.utime(key.pkcs12_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

        assert signing.configured_signer() is not first


def test_another_key_signs_when_configured(tmp_path):
    other = create_development_key(tmp_path, common_name="another council")

    with override_settings(**other.settings()):
        (embedded,) = signatures_of(signed_pdf())

    assert embedded.signer_cert.subject.native["common_name"] == "another council"


def test_signing_a_fifteen_page_pdf_takes_well_under_half_a_second():
    pdf = unsigned_pdf(15)
    sign_pdf(pdf, **SIGNER, signed_at=SIGNED_AT)  # the key is loaded once, then cached
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        sign_pdf(pdf, **SIGNER, signed_at=SIGNED_AT)
        timings.append(time.perf_counter() - started)

    assert statistics.median(timings) < 0.5
