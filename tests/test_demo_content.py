"""The demo is the first thing a council sees, and some of it is public: its words must read as
a council officer's, agree with themselves, fit each policy's subject, and its history must be
in an order that could have happened."""

import datetime
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from eqia.models import PART_FIELDS, Assessment, AuditEntry, ReviewComment
from policies.models import ChangeSource, Policy, PolicyChange

# Fields whose words may be the same for several policies: people, and who decides.
SHARED_FIELDS = {"lead_officer_name", "lead_officer_role", "others_involved", "decision_maker"}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo runs only on a development or demonstration copy
    call_command("seed_demo")


def answers(assessment: Assessment) -> dict[str, str]:
    """Every written answer of the assessment's parts, by field."""
    return {
        name: value
        for fields in PART_FIELDS.values()
        for name in fields
        if isinstance(value := getattr(assessment, name), str) and value
    }


def written(assessment: Assessment) -> list[str]:
    """Everything written in and about the assessment: its answers, its impact rows, its
    actions, the review comments and the reviewer's and signer's words."""
    texts = list(answers(assessment).values())
    for row in assessment.impacts.all():
        texts += [row.evidence, row.mitigation, row.justification]
    for action in assessment.actions.all():
        texts += [action.description, action.success_measure]
    texts += list(assessment.comments.values_list("text", flat=True))
    texts += list(assessment.approvals.values_list("comment", flat=True))
    texts += list(
        AuditEntry.objects.filter(assessment=assessment).values_list("comment", flat=True)
    )
    texts.append(assessment.sign_off_comment)
    return [text for text in texts if text]


def sentences(text: str) -> set[str]:
    """The text's sentences and clauses, long enough to be telling, as compared."""
    return {
        " ".join(part.lower().split())
        for part in re.split(r"[.;:]\s+|\n+", text)
        if len(part.strip()) >= 30
    }


@pytest.mark.django_db
def test_no_demo_text_pastes_a_policy_title_into_a_sentence(demo):
    assessments = list(Assessment.objects.select_related("policy"))
    assert len(assessments) == 9
    for assessment in assessments:
        title = assessment.policy.title
        for text in written(assessment):
            assert f"will {title.lower()}" not in text.lower(), (assessment, text)
            # A title written in lower case in a sentence is a title pasted into a template.
            assert title.lower() not in text, (assessment, text)
        assert not answers(assessment)["purpose"].startswith(title), assessment


@pytest.mark.django_db
def test_every_figure_quoted_in_an_assessment_agrees_with_its_evidence(demo):
    replies = 0
    for assessment in Assessment.objects.select_related("policy"):
        texts = written(assessment)
        counts = {count for text in texts for count in re.findall(r"(\d[\d,]*) responses\b", text)}
        assert len(counts) <= 1, (assessment, counts)  # one survey, one count
        evidence = f"{assessment.data_sources}\n{assessment.engagement}"
        author_side = {assessment.policy.owner_id}
        for reply in assessment.comments.filter(author_id__in=author_side):
            replies += 1
            # The reply points at the evidence part: every figure in it is there.
            assert "evidence part" in reply.text
            for figure in re.findall(r"\d[\d,]*%?", reply.text):
                assert figure in evidence, (assessment, figure, reply.text)
    assert replies == 4  # HOU-001 v1 and v2, HR-002 and REV-005 answered the reviewer


@pytest.mark.django_db
def test_a_resolved_point_is_answered_and_an_open_one_is_not_answered_already(demo):
    for comment in ReviewComment.objects.select_related("assessment__policy"):
        assessment = comment.assessment
        if comment.author_id == assessment.policy.owner_id:
            continue
        answered = assessment.comments.filter(
            author_id=assessment.policy.owner_id, created_at__gt=comment.created_at
        ).exists()
        assert answered == (comment.resolved_at is not None), comment


@pytest.mark.django_db
def test_no_two_demo_policies_share_an_impact_or_an_answer(demo):
    """Each policy's impacts, mitigations and answers are its own: none is another policy's
    sentence, pasted on a different subject."""
    said_by: dict[str, set[str]] = defaultdict(set)
    impact_rows = 0
    for assessment in Assessment.objects.select_related("policy"):
        reference = assessment.policy.reference
        for row in assessment.impacts.all():
            impact_rows += 1
            for text in (row.evidence, row.mitigation, row.justification):
                for sentence in sentences(text):
                    said_by[sentence].add(reference)
        for name, text in answers(assessment).items():
            if name not in SHARED_FIELDS:
                for sentence in sentences(text):
                    said_by[sentence].add(reference)
    assert impact_rows == 9 * 11
    shared = {sentence: refs for sentence, refs in said_by.items() if len(refs) > 1}
    assert not shared


@pytest.mark.django_db
def test_each_version_writes_only_of_what_had_happened_when_it_began(demo):
    months = {name: number for number, name in enumerate(MONTHS.split("|"), start=1)}
    for assessment in Assessment.objects.all():
        began = timezone.localtime(assessment.created_at).date()
        for text in answers(assessment).values():
            for month, year in re.findall(rf"\b({MONTHS}) (\d{{4}})\b", text):
                assert (int(year), months[month]) <= (began.year, began.month), (
                    assessment,
                    text,
                )


def _reviewed_on(value: str) -> datetime.date:
    return datetime.datetime.strptime(value, "%d %B %Y").date()


@pytest.mark.django_db
def test_every_demo_policy_history_reads_in_an_order_that_could_have_happened(demo):
    policies = list(Policy.objects.all())
    assert len(policies) == 62
    (imported_at,) = set(
        PolicyChange.objects.filter(source=ChangeSource.IMPORT).values_list("at", flat=True)
    )
    # The register was loaded weeks before the first EqIA.
    first_eqia = Assessment.objects.order_by("created_at").values_list("created_at", flat=True)[0]
    assert (first_eqia - imported_at).days >= 30
    for policy in policies:
        changes = list(policy.changes.order_by("at", "pk"))
        assert changes[0].source == ChangeSource.IMPORT, policy
        assert changes[0].at == imported_at
        assert policy.created_at <= imported_at
        # Nothing on the policy or its assessments comes before it was on the register.
        assert all(change.at >= imported_at for change in changes)
        assert not AuditEntry.objects.filter(assessment__policy=policy, at__lt=imported_at)
        # No change says the policy was last reviewed on a day still to come.
        for change in changes:
            if change.field == "last_reviewed" and change.new_value:
                reviewed = _reviewed_on(change.new_value)
                assert reviewed <= timezone.localtime(change.at).date(), (policy, change)
        # The history, newest first, puts the import last.
        newest_first = list(policy.changes.all())
        assert newest_first[-1].source == ChangeSource.IMPORT
    signed = PolicyChange.objects.filter(source=ChangeSource.SIGN_OFF)
    assert len(set(signed.values_list("policy", "at"))) == 3  # HOU-001 v1 and v2, REV-005
    assert all(change.at > imported_at for change in signed)
    # By a person, as councils load their register on the import page (an administrator's).
    assert set(
        PolicyChange.objects.filter(source=ChangeSource.IMPORT).values_list("by_name", flat=True)
    ) == {"Ada Admin"}


@pytest.mark.django_db
def test_the_demo_happens_on_working_days(demo):
    moments = [
        *AuditEntry.objects.values_list("at", flat=True),
        *PolicyChange.objects.values_list("at", flat=True),
    ]
    weekends = [moment for moment in moments if timezone.localtime(moment).weekday() >= 5]
    assert not weekends
    meetings = Assessment.objects.values_list("planned_decision_date", flat=True)
    assert all(day.weekday() < 5 for day in meetings)
