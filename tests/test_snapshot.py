"""The content snapshot that sign-off freezes and a later issue embeds in the signed PDF."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.utils import timezone
from guardian.shortcuts import assign_perm

from core.roles import Role
from eqia.actions import action_add
from eqia.models import Assessment, AssessmentState, Characteristic, Impact, Part
from eqia.services import assessment_start
from eqia.snapshot import SCHEMA_VERSION, canonical_json, content_sha256, content_snapshot
from tests.assessment_factories import (
    PLANNED_DECISION_DATE,
    REVIEW_DATE,
    make_assessment,
    set_state,
)
from tests.factories import make_policy, make_service_area, make_user
from workflow.services import make_move

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.fixture
def assessment(owner, colleague):
    policy = make_policy(
        reference="HOU-012",
        title="Housing allocations",
        owner=owner,
        service_area=make_service_area("Housing"),
        covenant_functions=["housing"],
    )
    assessment = make_assessment(policy, by=owner, complete=True)
    poverty = Characteristic.objects.get(name__startswith="Poverty")
    row = assessment.impacts.get(characteristic=poverty)
    row.impact, row.mitigation = Impact.NEGATIVE, "Hardship fund"
    row.save()
    action_add(
        assessment=assessment,
        by=owner,
        owner=colleague,
        lead_team="Housing Options team",
        success_measure="Every household in temporary accommodation asked",
        description="Survey households in temporary accommodation",
        due_date=datetime.date(2027, 3, 31),
        characteristics=[poverty],
    )
    return assessment


@pytest.mark.django_db
def test_the_snapshot_is_json_with_every_section(assessment):
    snapshot = content_snapshot(assessment)
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["schema_version"] == SCHEMA_VERSION == 3
    assert set(snapshot) >= {
        "schema_version",
        "policy",
        "assessment",
        "parts",
        "impact_grid",
        "decision_meetings",
        "actions",
        "approvals",
        "review_dialogue",
        "sign_off",
    }
    assert snapshot["policy"] == {
        "reference": "HOU-012",
        "title": "Housing allocations",
        "service_area": "Housing",
        "owner": "Alice Owen",
        "covenant_functions": ["housing"],
        "document_url": "",
        "last_reviewed": None,
    }
    assert snapshot["assessment"]["version"] == 1
    assert snapshot["assessment"]["state"] == AssessmentState.DRAFT
    assert snapshot["assessment"]["created_by"] == "Alice Owen"
    assert list(snapshot["parts"]) == [part.value for part in Part]


@pytest.mark.django_db
def test_every_part_carries_its_fields_with_dates_as_iso_days(assessment):
    parts = content_snapshot(assessment)["parts"]
    about = parts["about"]
    assert about["title"] == "About the policy"
    assert about["status"] == "completed"
    assert about["fields"]["planned_decision_date"] == PLANNED_DECISION_DATE.isoformat()
    assert about["fields"]["purpose"] == assessment.purpose
    assert parts["screening"]["fields"]["relevant_to_equality"] is True
    assert parts["impacts"]["fields"]["intersectionality"] == assessment.intersectionality
    assert parts["impacts"]["fields"]["cumulative_impact"] == assessment.cumulative_impact
    assert parts["covenant"]["fields"]["covenant_functions_in_scope"] == ["housing_allocations"]
    assert parts["outcome"]["fields"]["outcome"] == "no_major_change"
    assert parts["review"]["fields"] == {"review_date": REVIEW_DATE.isoformat()}
    # Every assessment field a part page edits is in the snapshot.
    from eqia.models import PART_FIELDS

    for part, fields in PART_FIELDS.items():
        assert list(parts[part.value]["fields"]) == list(fields)


@pytest.mark.django_db
def test_the_impact_grid_has_every_characteristic_with_kind_and_rating(assessment):
    grid = content_snapshot(assessment)["impact_grid"]
    assert [row["characteristic"] for row in grid] == list(
        Characteristic.objects.values_list("name", flat=True)
    )
    poverty = next(row for row in grid if row["characteristic"].startswith("Poverty"))
    assert poverty == {
        "characteristic": "Poverty (socio-economic disadvantage)",
        "kind": "local",
        "aim_one_only": False,
        "impact": "negative",
        "evidence": "No differential effect found for Poverty (socio-economic disadvantage).",
        "mitigation": "Hardship fund",
        "justification": "",
    }
    assert next(row for row in grid if row["characteristic"] == "Age")["kind"] == "statutory"


@pytest.mark.django_db
def test_meetings_and_actions_are_listed_with_names_and_dates(assessment):
    snapshot = content_snapshot(assessment)
    assert snapshot["decision_meetings"] == [
        {"body": "Cabinet", "date": PLANNED_DECISION_DATE.isoformat()}
    ]
    assert snapshot["actions"] == [
        {
            "description": "Survey households in temporary accommodation",
            "owner": "Bob Baker",
            "lead_team": "Housing Options team",
            "success_measure": "Every household in temporary accommodation asked",
            "due_date": "2027-03-31",
            "status": "open",
            "characteristics": ["Poverty (socio-economic disadvantage)"],
            "planned_in_version": 1,
        }
    ]


@pytest.mark.django_db
def test_a_later_version_snapshots_the_actions_it_inherited_with_where_they_were_planned(
    assessment, owner
):
    set_state(assessment, AssessmentState.SIGNED_OFF)
    later = assessment_start(policy=assessment.policy, by=owner)
    action_add(
        assessment=later,
        by=owner,
        description="Publish the letters in easy read",
        lead_team="Communications team",
        due_date=datetime.date(2027, 1, 31),
    )
    actions = content_snapshot(later)["actions"]
    assert [(a["description"], a["planned_in_version"]) for a in actions] == [
        ("Publish the letters in easy read", 2),
        ("Survey households in temporary accommodation", 1),
    ]
    assert actions[0]["owner"] is None
    assert actions[0]["lead_team"] == "Communications team"


@pytest.mark.django_db
def test_approvals_and_sign_off_are_in_the_frozen_snapshot_with_utc_times(
    assessment, owner, reviewer, signoff_officer
):
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=reviewer)
    make_move("approve", assessment=assessment, by=reviewer, data={"comment": "Good evidence"})
    make_move(
        "sign_off",
        assessment=assessment,
        by=signoff_officer,
        data={
            "attestation": bool(settings.EQIA_ATTESTATION),
            "attestation_text": settings.EQIA_ATTESTATION,
        },
    )
    frozen = Assessment.objects.get(pk=assessment.pk).frozen_content
    [approval] = frozen["approvals"]
    assert (approval["approver"], approval["review_round"], approval["comment"]) == (
        "Erin Reid",
        1,
        "Good evidence",
    )
    assert ISO_UTC.match(approval["at"])
    sign_off = frozen["sign_off"]
    assert sign_off["by"] == "Sam Sinclair"
    assert sign_off["job_title"] == ""  # the officer gave none
    assert sign_off["attestation"] == settings.EQIA_ATTESTATION
    assert sign_off["after_planned_decision_date"] is False
    assert sign_off["late_explanation"] == ""
    assert ISO_UTC.match(sign_off["at"])
    assert ISO_UTC.match(frozen["assessment"]["created_at"])
    assert ISO_UTC.match(frozen["assessment"]["submitted_at"])


@pytest.mark.django_db
def test_times_are_written_in_utc_whatever_the_local_time_zone(assessment, settings):
    settings.TIME_ZONE = "Europe/London"
    summer = datetime.datetime(2026, 7, 1, 14, 2, 5, 123456, tzinfo=datetime.UTC)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=summer)
    assessment.refresh_from_db()
    with timezone.override("Europe/London"):
        assert content_snapshot(assessment)["assessment"]["submitted_at"] == "2026-07-01T14:02:05Z"


@pytest.mark.django_db
def test_the_hash_is_stable_and_changes_with_the_content(assessment):
    first = content_snapshot(assessment)
    assert content_sha256(first) == content_sha256(content_snapshot(assessment))
    assert len(content_sha256(first)) == 64
    # Canonical: keys sorted, no spaces; the same dict in another key order hashes the same.
    reordered = json.loads(json.dumps(first, sort_keys=False))
    reordered = dict(reversed(list(reordered.items())))
    assert content_sha256(reordered) == content_sha256(first)
    assert canonical_json(first).startswith(b'{"actions":[')
    assessment.aim_foster_relations = "Changed"
    assessment.save()
    assert content_sha256(content_snapshot(assessment)) != content_sha256(first)


@pytest.mark.django_db
def test_the_frozen_hash_matches_the_snapshot_read_back_from_the_database(
    assessment, signoff_officer
):
    set_state(assessment, AssessmentState.APPROVED)
    make_move(
        "sign_off",
        assessment=assessment,
        by=signoff_officer,
        data={
            "attestation": bool(settings.EQIA_ATTESTATION),
            "attestation_text": settings.EQIA_ATTESTATION,
        },
    )
    stored = Assessment.objects.get(pk=assessment.pk)
    assert content_sha256(stored.frozen_content) == stored.content_sha256


@pytest.mark.django_db
def test_a_policy_with_no_area_or_owner_and_no_sign_off_reads_as_nulls(owner):
    policy = make_policy(owner=None)
    dora = make_user("dora", Role.POLICY_OWNER)
    assign_perm("policies.edit_assessments", dora, policy)
    assessment = make_assessment(policy, by=dora)
    snapshot = content_snapshot(assessment)
    assert snapshot["policy"]["service_area"] is None
    assert snapshot["policy"]["owner"] is None
    assert snapshot["sign_off"] is None
    assert snapshot["assessment"]["submitted_at"] is None
    assert snapshot["parts"]["about"]["fields"]["planned_decision_date"] is None
    assert snapshot["parts"]["about"]["fields"]["purpose"] == ""
    assert snapshot["parts"]["about"]["status"] == "not_started"


@pytest.mark.django_db
def test_the_policy_document_link_and_its_last_review_before_this_assessment_are_kept(
    assessment, owner, signoff_officer
):
    from policies.models import Policy

    Policy.objects.filter(pk=assessment.policy_id).update(
        document_url="https://example.gov.uk/allocations-v3.pdf",
        last_reviewed=datetime.date(2023, 4, 1),
    )
    set_state(assessment, AssessmentState.APPROVED)
    make_move(
        "sign_off",
        assessment=assessment,
        by=signoff_officer,
        data={
            "attestation": True,
            "attestation_text": settings.EQIA_ATTESTATION,
            "job_title": "Director of Place",
        },
    )
    stored = Assessment.objects.get(pk=assessment.pk)
    policy = stored.frozen_content["policy"]
    assert policy["document_url"] == "https://example.gov.uk/allocations-v3.pdf"
    # Sign-off records the policy's new review afterwards: the snapshot keeps the one before.
    assert policy["last_reviewed"] == "2023-04-01"
    assert stored.policy.last_reviewed != datetime.date(2023, 4, 1)
    # The title the officer gave at this sign-off, although their profile was read before.
    assert stored.frozen_content["sign_off"]["job_title"] == "Director of Place"


@pytest.mark.django_db
def test_the_review_dialogue_is_kept_with_each_side_and_what_became_of_each_point(
    assessment, owner, reviewer
):
    from eqia.content import comment_add, comment_resolve, comment_withdraw

    set_state(assessment, AssessmentState.IN_REVIEW)
    point = comment_add(assessment=assessment, by=reviewer, part=Part.AIMS, text="Aim 3?")
    mistake = comment_add(assessment=assessment, by=reviewer, part=Part.AIMS, text="Typo")
    comment_add(assessment=assessment, by=owner, part=Part.AIMS, text="Local lettings plans.")
    comment_resolve(comment=point, by=owner)
    comment_withdraw(comment=mistake, by=reviewer)
    rows = content_snapshot(assessment)["review_dialogue"]
    assert [
        (row["part"], row["author"], row["side"], row["text"], row["resolved_by"]) for row in rows
    ] == [
        ("aims", "Erin Reid", "reviewer", "Aim 3?", "Alice Owen"),
        ("aims", "Erin Reid", "reviewer", "Typo", None),
        ("aims", "Alice Owen", "author", "Local lettings plans.", None),
    ]
    assert ISO_UTC.match(rows[0]["at"]) and ISO_UTC.match(rows[0]["resolved_at"])
    assert rows[1]["withdrawn_at"] is not None and rows[0]["withdrawn_at"] is None
    assert {row["review_round"] for row in rows} == {1}
