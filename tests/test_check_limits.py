"""Checking an uploaded PDF cannot take the server down: files are read in a child process
with memory and time limits, a malformed field is a verdict, each person checks a limited
number of files, and one request carries at most the upload limit."""

import io
import resource
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pyhanko.pdf_utils.generic import TextStringObject
from pyhanko.sign.signers import pdf_byterange as byterange

from tests.page import error_summary, text_of
from tests.signed_pdfs import signed_pdf
from workflow.documents.sandbox import run_limited
from workflow.documents.verification import Problem, verify_pdf_bytes

pytestmark = pytest.mark.django_db


def xref_bomb(*, zeros: int, declared: int) -> bytes:
    """A small PDF whose cross-reference stream inflates to ``zeros`` bytes and claims
    ``declared`` objects (the file that took a worker to 4 GB)."""
    stream = zlib.compress(b"\0" * zeros, 9)
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    catalog = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    pages = b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref_at = len(head) + len(catalog) + len(pages)
    xref = (
        b"3 0 obj\n<< /Type /XRef /W [1 4 2] /Size %d /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n" % (declared, len(stream))
    )
    return (
        head
        + catalog
        + pages
        + xref
        + stream
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_decompression_bomb_could_not_be_checked_within_seconds_and_costs_no_memory():
    bomb = xref_bomb(zeros=100_000_000, declared=14_979_657)
    assert len(bomb) < 150_000
    before = peak_memory_mb()
    started = time.monotonic()
    verdict = verify_pdf_bytes(bomb)
    assert time.monotonic() - started < 3
    assert verdict.problems == [Problem.COULD_NOT_BE_CHECKED]
    assert peak_memory_mb() - before < 50


def test_a_child_that_runs_out_of_memory_gives_no_answer(settings):
    settings.EQIA_CHECK_MEMORY_LIMIT_MB = 64
    assert run_limited(bytearray, 1024 * 1024 * 1024) is None  # a gigabyte, in a 64 MB cage
    assert run_limited(bytearray, 1024) == bytearray(1024)  # a kilobyte is fine


def test_a_child_that_runs_out_of_time_is_stopped(settings):
    settings.EQIA_CHECK_TIME_LIMIT_SECONDS = 1
    started = time.monotonic()
    assert run_limited(time.sleep, 30) is None
    assert time.monotonic() - started < 5


@pytest.fixture
def malformed_signing_time(monkeypatch) -> bytes:
    """A PDF signed with an unreadable signing time (/M (D:XXXXXXXXXXXXXX...)), as if edited
    after signing: the signature dictionary lies in a compressed object stream, so the date is
    written wrong at signing rather than patched afterwards."""
    written = byterange.pdf_date

    def malformed(moment):
        return TextStringObject("D:" + "X" * 14 + str(written(moment))[16:])

    monkeypatch.setattr(byterange, "pdf_date", malformed)
    data = signed_pdf()
    monkeypatch.setattr(byterange, "pdf_date", written)
    return data


def test_a_malformed_signing_time_is_a_verdict_not_an_error(malformed_signing_time):
    verdict = verify_pdf_bytes(malformed_signing_time)
    assert not verdict.valid
    assert Problem.SIGNATURE_MISMATCH in verdict.problems


def test_verify_pdf_says_not_valid_for_a_malformed_signing_time(
    malformed_signing_time, tmp_path, capsys
):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(malformed_signing_time)
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_pdf", str(path))
    assert exit_.value.code == 1
    assert "Not valid" in capsys.readouterr().err


def test_verify_pdf_answers_a_bomb_as_could_not_be_checked(tmp_path, capsys):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(xref_bomb(zeros=100_000_000, declared=14_979_657))
    with pytest.raises(SystemExit):
        call_command("verify_pdf", str(path))
    assert "could not be checked" in capsys.readouterr().err


def upload(data: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_the_check_page_shows_a_malformed_signature_as_not_valid(
    client, owner, malformed_signing_time
):
    client.force_login(owner)
    response = client.post(reverse("check:check"), {"file": upload(malformed_signing_time)})
    assert response.status_code == 200
    assert "This is not a valid signed EqIA" in text_of(response)


def test_each_person_checks_a_limited_number_of_files(client, owner, colleague, settings):
    settings.EQIA_CHECK_LIMIT = 2
    unsigned = b"%PDF-1.7\nnot really a pdf\n%%EOF\n"
    client.force_login(owner)
    for _ in range(2):
        assert client.post(reverse("check:check"), {"file": upload(unsigned)}).status_code == 200
    refused = client.post(reverse("check:check"), {"file": upload(unsigned)})
    assert refused.status_code == 429
    assert error_summary(refused) == [
        "You have checked 2 files in the last 10 minutes, the most this page allows: wait a few "
        "minutes, then try again"
    ]
    client.force_login(colleague)  # another person has their own allowance
    assert client.post(reverse("check:check"), {"file": upload(unsigned)}).status_code == 200


def test_the_upload_limit_covers_the_whole_request(client, owner, settings):
    settings.EQIA_CHECK_UPLOAD_MAX_BYTES = 1000
    client.force_login(owner)
    half = b"%PDF-1.7\n" + b"x" * 600
    response = client.post(
        reverse("check:check"), {"other": upload(half, "a.pdf"), "file": upload(half, "b.pdf")}
    )
    assert error_summary(response) == ["The selected file must be smaller than 0.000953674 MB"]


def test_a_large_honest_file_is_still_read(client, owner):
    data = io.BytesIO(signed_pdf(pages=12)).getvalue()
    verdict = verify_pdf_bytes(data)
    assert Problem.COULD_NOT_BE_CHECKED not in verdict.problems
