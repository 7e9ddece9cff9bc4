"""verify_pdf_bytes: each verdict, from an untouched signed EqIA to a file never signed."""

import dataclasses
import datetime
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from core.signing_keys import create_development_key
from tests.signed_pdfs import (
    SIGNED_AT,
    flip_byte_in_signed_range,
    on_record,
    signed_pdf,
    unsigned_pdf,
    with_annotation_appended,
)
from workflow.documents.verification import Problem, Verdict, verify_pdf_bytes

pytestmark = pytest.mark.django_db


def test_an_untouched_signed_eqia_on_record_is_valid_and_says_which(signoff_officer):
    data = signed_pdf()
    assessment = on_record(data, by=signoff_officer)

    verdict = verify_pdf_bytes(data)

    assert verdict.valid
    assert verdict.problems == []
    assert verdict.assessment_id == assessment.pk
    assert verdict.policy_reference == assessment.policy.reference
    assert verdict.policy_title == assessment.policy.title
    assert verdict.version == 2
    assert verdict.signer == "Sam Sinclair"
    assert verdict.certificate == "eqia test signing"
    assert verdict.signed_at == SIGNED_AT
    uk = timezone.localtime(SIGNED_AT)
    when = f"{uk.day} {uk:%B %Y %H:%M} UK time"
    assert verdict.summary() == (
        f"Valid: {assessment.policy.reference} EqIA v2, signed by Sam Sinclair on {when}"
    )


def test_one_byte_changed_inside_the_signed_range_is_a_signature_that_does_not_match(
    signoff_officer,
):
    data = signed_pdf()
    on_record(data, by=signoff_officer)

    verdict = verify_pdf_bytes(flip_byte_in_signed_range(data))

    assert not verdict.valid
    # A changed file is no longer the one on record either.
    assert verdict.problems == [Problem.SIGNATURE_MISMATCH, Problem.NOT_ISSUED_HERE]
    assert verdict.problems == ["signature does not match", "not issued by this system"]


def test_an_incremental_update_after_signing_is_modified_after_signing(signoff_officer):
    data = signed_pdf()
    on_record(data, by=signoff_officer)

    verdict = verify_pdf_bytes(with_annotation_appended(data))

    # The signed revision itself is intact: the problem is what came after it.
    assert verdict.problems == [Problem.MODIFIED_AFTER_SIGNING, Problem.NOT_ISSUED_HERE]
    assert verdict.signer == "Sam Sinclair"


def test_bytes_appended_after_the_end_of_the_file_are_modified_after_signing(signoff_officer):
    data = signed_pdf()
    on_record(data, by=signoff_officer)

    verdict = verify_pdf_bytes(data + b"\n% appended\n")

    assert Problem.MODIFIED_AFTER_SIGNING in verdict.problems
    assert Problem.SIGNATURE_MISMATCH not in verdict.problems


def test_a_pdf_signed_by_another_key_is_an_unknown_certificate(signoff_officer, tmp_path):
    other = create_development_key(tmp_path / "other", common_name="someone else")
    with override_settings(
        EQIA_SIGNING_PKCS12=str(other.pkcs12_path), EQIA_SIGNING_PASSPHRASE=other.passphrase
    ):
        data = signed_pdf()
    on_record(data, by=signoff_officer)  # even a file on record must be signed by our key

    verdict = verify_pdf_bytes(data)

    assert verdict.problems == [Problem.UNKNOWN_CERTIFICATE]
    assert verdict.certificate == "someone else"


def test_a_pdf_signed_by_another_key_and_not_on_record_has_both_problems(tmp_path):
    other = create_development_key(tmp_path / "other", common_name="someone else")
    with override_settings(**{**other.settings(), "EQIA_SIGNING_TRUST_ROOTS": None}):
        data = signed_pdf()

    verdict = verify_pdf_bytes(data)

    assert verdict.problems == [Problem.UNKNOWN_CERTIFICATE, Problem.NOT_ISSUED_HERE]


def test_a_previous_signing_certificate_still_trusted_keeps_its_pdfs_valid(
    signoff_officer, tmp_path, settings
):
    # Valid well before SIGNED_AT (this module's import): made a few minutes before now, a key
    # would not yet be valid at that signing time once the suite has run for longer than that.
    old = create_development_key(
        tmp_path / "old",
        common_name="last year's key",
        valid_from=SIGNED_AT - datetime.timedelta(days=1),
    )
    with override_settings(**old.settings()):
        data = signed_pdf()
    on_record(data, by=signoff_officer)
    settings.EQIA_SIGNING_TRUST_ROOTS = [*settings.EQIA_SIGNING_TRUST_ROOTS, str(old.ca_path)]

    assert verify_pdf_bytes(data).valid


def test_a_signing_time_before_the_certificate_was_valid_is_an_unknown_certificate(
    signoff_officer,
):
    data = signed_pdf(signed_at=SIGNED_AT - datetime.timedelta(days=365))
    on_record(data, by=signoff_officer)

    verdict = verify_pdf_bytes(data)

    assert verdict.problems == [Problem.UNKNOWN_CERTIFICATE]


def test_a_pdf_never_signed_is_not_signed(signoff_officer):
    data = unsigned_pdf()

    verdict = verify_pdf_bytes(data)

    assert verdict.problems == [Problem.NOT_SIGNED, Problem.NOT_ISSUED_HERE]
    assert verdict.signer == ""
    assert verdict.signed_at is None


def test_a_valid_signature_not_on_record_is_not_issued_by_this_system(signoff_officer):
    on_record(signed_pdf(), by=signoff_officer)
    another = signed_pdf(signed_at=SIGNED_AT + datetime.timedelta(seconds=1))

    verdict = verify_pdf_bytes(another)

    assert verdict.problems == [Problem.NOT_ISSUED_HERE]
    assert verdict.assessment_id is None
    assert verdict.signer == "Sam Sinclair"


@pytest.mark.parametrize(
    "data",
    [b"", b"hello, world", b"%PDF-1.7\nnot really a PDF", b"\x89PNG\r\n\x1a\n" + b"0" * 100],
    ids=["empty", "text", "pdf-header-only", "png"],
)
def test_a_file_that_is_not_a_pdf_is_not_a_pdf(data):
    verdict = verify_pdf_bytes(data)

    assert verdict.problems == [Problem.NOT_A_PDF]
    assert verdict.summary() == "Not valid: The file is not a PDF, or it is too damaged to read."


def test_damaged_signature_data_does_not_match_rather_than_not_a_pdf():
    data = signed_pdf()
    _, first_length, _, _ = (
        int(n) for n in re.search(rb"/ByteRange\s*\[([\d\s]+)\]", data)[1].split()
    )
    changed = bytearray(data)
    position = first_length + 40  # inside /Contents <...>, outside the signed bytes
    changed[position : position + 8] = b"00000000" if changed[position] != ord("0") else b"11111111"

    verdict = verify_pdf_bytes(bytes(changed))

    assert verdict.problems[0] == Problem.SIGNATURE_MISMATCH


def test_problems_are_listed_in_the_order_of_the_checks():
    assert [problem.value for problem in Problem] == [
        "not a PDF",
        "not signed",
        "signature does not match",
        "modified after signing",
        "unknown certificate",
        "not issued by this system",
        "could not be checked",
    ]


def test_an_invalid_verdict_summarises_each_problem_in_words():
    verdict = Verdict(problems=[Problem.SIGNATURE_MISMATCH, Problem.NOT_ISSUED_HERE])

    assert verdict.summary() == (
        "Not valid: The signed content has been changed since it was signed: the signature "
        "does not match it. This exact file is not the signed PDF of any assessment on record."
    )


def test_a_verdict_cannot_be_changed():
    verdict = Verdict()

    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.signer = "someone"  # type: ignore[misc]  # the very assignment under test


def test_no_trust_roots_configured_is_a_configuration_error_not_a_verdict(settings):
    settings.EQIA_SIGNING_TRUST_ROOTS = []

    with pytest.raises(ImproperlyConfigured, match="EQIA_SIGNING_TRUST_ROOTS"):
        verify_pdf_bytes(signed_pdf())


def test_an_unreadable_trust_root_file_is_a_configuration_error(settings, tmp_path):
    settings.EQIA_SIGNING_TRUST_ROOTS = [str(tmp_path / "missing.pem")]

    with pytest.raises(ImproperlyConfigured, match="missing.pem"):
        verify_pdf_bytes(signed_pdf())


def test_a_trust_root_file_without_certificates_is_a_configuration_error(settings, tmp_path):
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n")
    settings.EQIA_SIGNING_TRUST_ROOTS = [str(not_pem)]

    with pytest.raises(ImproperlyConfigured, match="does not hold certificates"):
        verify_pdf_bytes(signed_pdf())


def test_verifying_reads_the_record_in_one_query(signoff_officer, django_assert_num_queries):
    data = signed_pdf()
    on_record(data, by=signoff_officer)

    with django_assert_num_queries(1):
        verify_pdf_bytes(data)
