"""Sharing a policy, and unsharing it, goes on the audit trail of its open assessment
(eqia.sharing, AuditKind.SHARING), shows on the assessment's history, and the trail still
checks (verify_audit_trail)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from eqia.audit import verify_audit_trails
from eqia.models import AuditKind
from eqia.sharing import policy_share, policy_unshare
from tests.assessment_factories import make_assessment, sign_through_workflow
from tests.factories import make_policy
from tests.page import parse

pytestmark = pytest.mark.django_db


def sharing_entries(assessment) -> list[tuple[str, str, str, dict]]:
    return [
        (entry.actor_name, entry.actor_role, entry.comment, entry.details)
        for entry in assessment.audit_entries.filter(kind=AuditKind.SHARING).order_by("sequence")
    ]


def test_sharing_and_unsharing_are_on_the_open_assessments_trail(owner, colleague):
    assessment = make_assessment(by=owner)

    policy_share(policy=assessment.policy, by=owner, colleague=colleague)
    policy_unshare(policy=assessment.policy, by=owner, colleague=colleague)

    details = {"colleague": colleague.pk, "colleague_name": "Bob Baker"}
    assert sharing_entries(assessment) == [
        (
            "Alice Owen",
            "Policy owner",
            "Shared with Bob Baker (bob@example.gov.uk), who may now edit, submit, recall and "
            "withdraw this policy's EqIAs",
            {"shared": True, **details},
        ),
        (
            "Alice Owen",
            "Policy owner",
            "No longer shared with Bob Baker (bob@example.gov.uk)",
            {"shared": False, **details},
        ),
    ]
    assessment.refresh_from_db()
    assert assessment.audit_length == assessment.audit_entries.count()


def test_an_administrator_sharing_is_on_the_trail_as_an_administrator(
    owner, colleague, administrator
):
    assessment = make_assessment(by=owner)

    policy_share(policy=assessment.policy, by=administrator, colleague=colleague)

    [(name, role, _, _)] = sharing_entries(assessment)
    assert (name, role) == ("Ada Admin", "Administrator")


def test_sharing_with_someone_already_shared_with_adds_nothing(owner, colleague):
    assessment = make_assessment(by=owner)
    policy_share(policy=assessment.policy, by=owner, colleague=colleague)

    policy_share(policy=assessment.policy, by=owner, colleague=colleague)
    policy_unshare(policy=assessment.policy, by=owner, colleague=colleague)
    policy_unshare(policy=assessment.policy, by=owner, colleague=colleague)

    assert [details["shared"] for *_, details in sharing_entries(assessment)] == [True, False]


def test_closed_assessments_trails_are_left_as_they_were(
    owner, colleague, reviewer, signoff_officer
):
    signed = sign_through_workflow(
        make_assessment(by=owner, complete=True),
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
    )
    length = signed.audit_length
    policy_without_assessments = make_policy(reference="HR-009", owner=owner)

    policy_share(policy=signed.policy, by=owner, colleague=colleague)
    policy_share(policy=policy_without_assessments, by=owner, colleague=colleague)

    signed.refresh_from_db()
    assert signed.audit_length == length


def test_the_sharing_page_puts_it_on_the_trail_and_the_history_shows_it(client, owner, colleague):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    sharing = reverse("policies:sharing", args=[assessment.policy.reference])

    client.post(sharing, {"colleague": colleague.pk})
    client.post(sharing, {"remove": colleague.pk})

    history = parse(client.get(reverse("workflow:history", args=[assessment.pk])))
    entries = [
        entry
        for entry in history.find_all("li")
        if entry.find_all("h3") and entry.find("h3").text == "Sharing changed"
    ]
    assert [entry.find_all("p")[-1].text for entry in entries] == [
        "Shared with Bob Baker (bob@example.gov.uk), who may now edit, submit, recall and "
        "withdraw this policy's EqIAs",
        "No longer shared with Bob Baker (bob@example.gov.uk)",
    ]
    assert entries[0].find_all("p")[0].text.startswith("Alice Owen (Policy owner), ")


def test_the_trail_still_checks_after_sharing(owner, colleague, outsider):
    assessment = make_assessment(by=owner)
    policy_share(policy=assessment.policy, by=owner, colleague=colleague)
    policy_share(policy=assessment.policy, by=owner, colleague=outsider)
    policy_unshare(policy=assessment.policy, by=owner, colleague=colleague)

    result = verify_audit_trails()
    out = io.StringIO()
    call_command("verify_audit_trail", stdout=out)

    assert result.intact, result.problems
    assert result.entries == assessment.audit_entries.count() == 4
    assert out.getvalue().startswith("Audit trail intact: 4 entries across 1 assessments")
