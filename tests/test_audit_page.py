import csv
import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.assessment_factories import make_assessment, sign_through_workflow
from tests.factories import make_policy
from tests.page import table_rows, text_of


@pytest.fixture
def two_signed(owner, reviewer, signoff_officer):
    signed = []
    for reference in ["HOU-001", "REV-001"]:
        policy = make_policy(reference=reference, owner=owner, covenant_functions=["housing"])
        signed.append(
            sign_through_workflow(
                make_assessment(policy, by=owner, complete=True),
                owner=owner,
                reviewer=reviewer,
                signoff=signoff_officer,
            )
        )
    return signed


@pytest.mark.django_db
def test_auditors_list_signed_assessments_and_filter_by_policy(client, two_signed, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit:list"))
    assert "2 signed assessments." in text_of(response)
    rows = {
        row[0].split()[0]: row for row in table_rows(response, caption="Signed assessments")[1:]
    }
    assert sorted(rows) == ["HOU-001", "REV-001"]
    assert rows["HOU-001"][3] == two_signed[0].signed_pdf_sha256
    filtered = client.get(reverse("audit:list"), {"policy": "rev-001"})
    assert "1 signed assessment." in text_of(filtered)
    assert [row[0].split()[0] for row in table_rows(filtered)[1:]] == ["REV-001"]
    assert "HOU-001" not in text_of(filtered)


@pytest.mark.django_db
def test_only_auditors_and_administrators_open_the_audit_page(client, owner, administrator):
    client.force_login(owner)
    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:zip")).status_code == 403
    client.force_login(administrator)
    assert client.get(reverse("audit:list")).status_code == 200


@pytest.mark.django_db
def test_the_zip_holds_each_pdf_and_a_manifest_with_its_sha256(client, two_signed, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit:zip"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert {row["policy reference"] for row in manifest} == {"HOU-001", "REV-001"}
    for row in manifest:
        assert hashlib.sha256(archive.read(row["file"])).hexdigest() == row["SHA-256"]
        assert row["signed by"] == "Sam Sinclair"
        assert row["version"] == "1"


@pytest.mark.django_db
def test_export_signed_pdfs_writes_files_and_manifest(tmp_path, two_signed):
    call_command("export_signed_pdfs", str(tmp_path / "out"), "--policy", "HOU-001")
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["HOU-001_EqIA_v1_signed.pdf", "manifest.csv"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "manifest.csv").read_text())))
    pdf = (tmp_path / "out" / "HOU-001_EqIA_v1_signed.pdf").read_bytes()
    assert rows[0]["SHA-256"] == hashlib.sha256(pdf).hexdigest() == two_signed[0].signed_pdf_sha256


@pytest.mark.django_db
def test_export_since_a_date_after_every_signature_writes_only_the_manifest(tmp_path, two_signed):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    call_command("export_signed_pdfs", str(tmp_path), "--since", tomorrow)
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.csv"]


@pytest.mark.django_db
def test_export_with_an_unknown_policy_is_a_usage_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No policy with the reference") as error:
        call_command("export_signed_pdfs", str(tmp_path), "--policy", "NOPE-1")
    assert error.value.returncode == 2
