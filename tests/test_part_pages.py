import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from core.dates import date_hint
from core.roles import Role
from eqia.models import (
    AssessmentState,
    AuditEntry,
    AuditKind,
    Characteristic,
    DecisionMeeting,
    Impact,
    Part,
    PartStatus,
    ReviewComment,
)
from tests.assessment_factories import (
    CONSIDERATION_BEGAN,
    PLANNED_DECISION_DATE,
    add_action,
    long_date,
    make_assessment,
    set_state,
)
from tests.factories import make_policy, make_service_area, make_user


def part_url(assessment, part):
    return reverse("assessments:part", args=[assessment.pk, part])


def edit_form_marker(assessment, part):
    return f'<form method="post" action="{part_url(assessment, part)}"'


def content_entries(assessment):
    return AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.CONTENT)


ABOUT = {
    "purpose": "Allocate housing fairly.",
    "scope": "Applicants and tenants.",
    "policy_stage": "new",
    "lead_officer_name": "Alice Owen",
    "lead_officer_role": "Housing Needs Manager",
    "others_involved": "",
    "consideration_began": "05/01/2026",
    "decision_maker": "Cabinet Member for Housing",
    "planned_decision_date": "30/06/2027",
    "dpia_url": "",
    "previous_plans": "",
    "changes_since": "",
    "meetings-TOTAL_FORMS": "1",
    "meetings-INITIAL_FORMS": "0",
    "meetings-MIN_NUM_FORMS": "0",
    "meetings-MAX_NUM_FORMS": "1000",
    "meetings-0-body": "Cabinet",
    "meetings-0-date": "30/06/2027",
    "completed": "yes",
}


def impact_data(assessment, **per_characteristic):
    """The impact grid as posted: every row neutral with evidence, unless given otherwise."""
    data = {"intersectionality": "Older disabled people.", "cumulative_impact": "Rent rises."}
    for row in assessment.impacts.select_related("characteristic"):
        values = {"impact": "neutral", "evidence": "Register data.", "mitigation": ""}
        values.update(per_characteristic.get(row.characteristic.name, {}))
        for name, value in values.items():
            data[f"impact-{row.pk}-{name}"] = value
    return data


# --- Who may open and post a part page -----------------------------------------------------

ROLES = ["anonymous", "owner", "colleague", "outsider", "reviewer", "signoff", "auditor", "admin"]
LOGIN = "login"


class World:
    def __init__(self, state):
        self.users = {
            "owner": make_user("owner", Role.POLICY_OWNER),
            "colleague": make_user("colleague", Role.POLICY_OWNER),
            "outsider": make_user("outsider", Role.POLICY_OWNER),
            "reviewer": make_user("reviewer", Role.EDI_REVIEWER),
            "signoff": make_user("signoff", Role.SIGN_OFF_OFFICER),
            "auditor": make_user("auditor", Role.AUDITOR),
            "admin": make_user("admin", Role.ADMINISTRATOR, is_staff=True),
        }
        policy = make_policy(
            owner=self.users["owner"],
            service_area=make_service_area("Housing"),
            covenant_functions=["housing"],
        )
        assign_perm("policies.edit_assessments", self.users["colleague"], policy)
        self.assessment = make_assessment(policy, by=self.users["owner"], complete=True)
        if state != AssessmentState.DRAFT:
            set_state(self.assessment, state, submitted_at=timezone.now())


def answer(response):
    if response.status_code == 302 and "/sign-in/" in response["Location"]:
        return LOGIN
    return response.status_code


EDITOR_FORM, READ_ONLY = "form", "read-only"

GET_MATRIX = {
    AssessmentState.DRAFT: {
        "anonymous": LOGIN,
        "owner": EDITOR_FORM,
        "colleague": EDITOR_FORM,
        "outsider": 404,
        "reviewer": 404,
        "signoff": 404,
        "auditor": 404,
        "admin": READ_ONLY,
    },
    AssessmentState.IN_REVIEW: {
        "anonymous": LOGIN,
        "owner": READ_ONLY,
        "colleague": READ_ONLY,
        "outsider": 404,
        "reviewer": READ_ONLY,
        "signoff": 404,
        "auditor": 404,
        "admin": READ_ONLY,
    },
    AssessmentState.CHANGES_REQUESTED: {
        "anonymous": LOGIN,
        "owner": EDITOR_FORM,
        "colleague": EDITOR_FORM,
        "outsider": 404,
        "reviewer": READ_ONLY,
        "signoff": 404,
        "auditor": 404,
        "admin": READ_ONLY,
    },
    AssessmentState.SIGNED_OFF: {
        "anonymous": LOGIN,
        "owner": READ_ONLY,
        "colleague": READ_ONLY,
        "outsider": 404,
        "reviewer": READ_ONLY,
        "signoff": READ_ONLY,
        "auditor": READ_ONLY,
        "admin": READ_ONLY,
    },
}


@pytest.mark.parametrize("state", list(GET_MATRIX))
@pytest.mark.django_db
def test_who_sees_the_form_and_who_sees_the_part_read_only(client, state):
    world = World(state)
    url = part_url(world.assessment, "evidence")
    answers = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = client.get(url)
        answers[role] = answer(response)
        if response.status_code == 200:
            has_form = edit_form_marker(world.assessment, "evidence") in response.content.decode()
            answers[role] = EDITOR_FORM if has_form else READ_ONLY
    assert answers == GET_MATRIX[state]


POST_MATRIX = {
    # 302: saved and sent back to the assessment; or, not editable now, sent back to the part
    # page with a message and nothing saved.
    AssessmentState.DRAFT: {
        "anonymous": LOGIN,
        "owner": 302,
        "colleague": 302,
        "outsider": 404,
        "reviewer": 404,
        "signoff": 404,
        "auditor": 404,
        "admin": 403,
    },
    AssessmentState.SIGNED_OFF: {
        "anonymous": LOGIN,
        "owner": 302,
        "colleague": 302,
        "outsider": 404,
        "reviewer": 403,
        "signoff": 403,
        "auditor": 403,
        "admin": 403,
    },
}


@pytest.mark.parametrize("state", list(POST_MATRIX))
@pytest.mark.django_db
def test_only_the_author_side_may_post_a_part(client, state):
    world = World(state)
    url = part_url(world.assessment, "evidence")
    answers = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        data = {"data_sources": f"by {role}", "engagement": "x", "completed": "no"}
        answers[role] = answer(client.post(url, data))
    assert answers == POST_MATRIX[state]
    world.assessment.refresh_from_db()
    expected = "by colleague" if state == AssessmentState.DRAFT else "Census 2021"
    assert world.assessment.data_sources.startswith(expected)


@pytest.mark.django_db
def test_an_unknown_part_is_not_found(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    assert client.get(f"/assessments/{assessment.pk}/parts/nonsense/").status_code == 404


# --- Saving and coming back later ----------------------------------------------------------


@pytest.mark.django_db
def test_saving_a_part_stores_it_and_returns_to_the_task_list(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "about"), {**ABOUT, "decision_maker": "", "completed": "no"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:detail", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.consideration_began == datetime.date(2026, 1, 5)
    assert assessment.planned_decision_date == datetime.date(2027, 6, 30)
    assert assessment.status_of(Part.ABOUT) == PartStatus.IN_PROGRESS
    assert list(assessment.decision_meetings.values_list("body", "date")) == [
        ("Cabinet", datetime.date(2027, 6, 30))
    ]
    entry = content_entries(assessment).get()
    assert (entry.actor, entry.part) == (owner, "about")
    assert "consideration_began" in entry.details["changed"]
    page = client.get(response["Location"]).content.decode()
    assert "\u201cAbout the policy\u201d saved." in page


@pytest.mark.django_db
def test_a_complete_part_marked_completed_is_completed(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(part_url(assessment, "about"), ABOUT)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status_of(Part.ABOUT) == PartStatus.COMPLETED


@pytest.mark.django_db
def test_marking_an_incomplete_part_completed_shows_each_problem_at_its_field(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "about"),
        {**ABOUT, "decision_maker": "", "policy_stage": "revised"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_decision_maker">Enter the decision-maker</a>' in page
    assert '<a href="#id_previous_plans">' in page
    assert 'id="id_decision_maker-error"' in page
    assert "were saved, but it is not complete yet" in page
    assessment.refresh_from_db()
    assert assessment.lead_officer_name == "Alice Owen"  # saved all the same
    assert assessment.status_of(Part.ABOUT) == PartStatus.IN_PROGRESS


@pytest.mark.django_db
def test_a_date_that_is_not_a_date_saves_nothing(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "about"), {**ABOUT, "planned_decision_date": "31/02/2027"}
    )
    assert response.status_code == 200
    assert f"Enter a real date. {date_hint()}" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.purpose == ""
    assert not content_entries(assessment).exists()


@pytest.mark.django_db
def test_the_completed_question_must_be_answered(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(part_url(assessment, "evidence"), {"data_sources": "Census"})
    assert response.status_code == 200
    assert "Select whether you have completed this section" in response.content.decode()
    assert '<a href="#id_completed_0">' in response.content.decode()


@pytest.mark.django_db
def test_the_form_shows_stored_dates_as_day_month_year(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    page = client.get(part_url(assessment, "about")).content.decode()
    assert f'value="{CONSIDERATION_BEGAN:%d/%m/%Y}"' in page
    assert "Have you completed this section?" in page
    assert 'value="yes" checked' in page


@pytest.mark.django_db
def test_decision_meetings_are_added_and_removed(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    data = {
        **ABOUT,
        "meetings-TOTAL_FORMS": "2",
        "meetings-INITIAL_FORMS": "1",
        "meetings-0-body": "Cabinet",
        "meetings-0-date": "30/06/2027",
        "meetings-0-DELETE": "on",
        "meetings-1-body": "Full Council",
        "meetings-1-date": "15/07/2027",
        "add_meeting": "1",
    }
    response = client.post(part_url(assessment, "about"), data)
    assert response.status_code == 302
    assert response["Location"].endswith("/parts/about/#meetings")
    assert list(DecisionMeeting.objects.filter(assessment=assessment).values_list("body")) == [
        ("Full Council",)
    ]


@pytest.mark.django_db
def test_no_full_assessment_is_refused_at_screening_when_an_impact_is_not_yet_known(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    row = assessment.impacts.get(characteristic__name="Age")
    row.impact = Impact.UNKNOWN
    row.save()
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "screening"),
        {
            "relevant_to_equality": "False",
            "relevance_reasons": "Internal procedure.",
            "screening_outcome": "not_needed",
            "no_full_assessment_reasons": "Minor change.",
            "completed": "yes",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_screening_outcome_0">A full assessment is needed because' in page
    assert "Age (not yet known)" in page
    assessment.refresh_from_db()
    assert assessment.relevant_to_equality is False
    assert assessment.status_of(Part.SCREENING) == PartStatus.IN_PROGRESS


# --- The impact grid ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_impact_grid_has_a_fieldset_for_every_characteristic(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    page = client.get(part_url(assessment, "impacts")).content.decode()
    assert page.count('class="govuk-fieldset eqia-impact-row') == 11
    for characteristic in Characteristic.objects.all():
        assert f'<h2 class="govuk-fieldset__heading">{characteristic.name}</h2>' in page
    assert "living in a deprived area" in page  # Poverty's description, as its hint
    assert "veterans, their families and the bereaved" in page
    assert page.count("Assessed against aim 1 only") == 1
    marriage = page.index('<h2 class="govuk-fieldset__heading">Marriage and civil partnership')
    assert page.index("Assessed against aim 1 only") > marriage
    assert "Not yet known" in page
    assert "Cumulative impact" in page


@pytest.mark.django_db
def test_the_impact_grid_saves_every_row(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    data = impact_data(
        assessment,
        Disability={"impact": "negative", "evidence": "Stairs", "mitigation": "Lift access"},
    )
    response = client.post(part_url(assessment, "impacts"), {**data, "completed": "yes"})
    assert response.status_code == 302
    rows = {row.characteristic.name: row for row in assessment.impacts.all()}
    assert rows["Disability"].mitigation == "Lift access"
    assert rows["Age"].impact == Impact.NEUTRAL
    assessment.refresh_from_db()
    assert assessment.status_of(Part.IMPACTS) == PartStatus.COMPLETED


@pytest.mark.django_db
def test_a_negative_impact_without_mitigation_is_shown_at_its_row(client, owner):
    assessment = make_assessment(by=owner)
    race = assessment.impacts.get(characteristic__name="Race")
    client.force_login(owner)
    data = impact_data(assessment, Race={"impact": "negative", "evidence": "Letters in English"})
    response = client.post(part_url(assessment, "impacts"), {**data, "completed": "yes"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a href="#id_impact-{race.pk}-mitigation">The impact on Race is negative' in page
    assert f'id="id_impact-{race.pk}-mitigation-error"' in page


@pytest.mark.django_db
def test_not_yet_known_without_an_action_is_shown_at_its_row(client, owner):
    assessment = make_assessment(by=owner)
    sex = assessment.impacts.get(characteristic__name="Sex")
    client.force_login(owner)
    data = impact_data(assessment, Sex={"impact": "unknown"})
    response = client.post(part_url(assessment, "impacts"), {**data, "completed": "yes"})
    page = response.content.decode()
    assert f'<a href="#id_impact-{sex.pk}-impact_0">The impact on Sex is not yet known' in page
    add_action(assessment, owner=owner, characteristics=[sex.characteristic])
    response = client.post(part_url(assessment, "impacts"), {**data, "completed": "yes"})
    assert response.status_code == 302


# --- The Covenant part --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_covenant_page_lists_every_function_in_scope_grouped(client, owner):
    assessment = make_assessment(by=owner)  # a housing policy
    client.force_login(owner)
    page = client.get(part_url(assessment, "covenant")).content.decode()
    for heading in ["Housing", "Education", "Healthcare"]:
        assert (
            f'<h3 class="govuk-heading-s govuk-!-margin-bottom-2 govuk-!-margin-top-4">{heading}'
            in page
        )
    assert page.count("This policy</strong>") == 1
    for label in ["Allocations", "Home-to-school transport", "Disabled facilities grants"]:
        assert label in page


@pytest.mark.django_db
def test_the_covenant_functions_and_principles_are_saved(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "covenant"),
        {
            "covenant_functions_in_scope": ["housing_allocations", "housing_homelessness"],
            "covenant_unique_obligations": "Frequent moves.",
            "covenant_removing_disadvantage": "Local connection waived.",
            "covenant_special_provision": "Priority for injured veterans.",
            "completed": "yes",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.covenant_functions_in_scope == ["housing_allocations", "housing_homelessness"]
    assert assessment.status_of(Part.COVENANT) == PartStatus.COMPLETED


@pytest.mark.django_db
def test_a_function_outside_the_scope_is_refused(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "covenant"),
        {"covenant_functions_in_scope": ["social_care"], "completed": "no"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# --- Frozen content -----------------------------------------------------------------------


@pytest.mark.django_db
def test_posting_to_a_submitted_assessment_saves_nothing_and_says_why(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SUBMITTED)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "evidence"),
        {"data_sources": "Changed", "engagement": "x", "completed": "yes"},
        follow=True,
    )
    page = response.content.decode()
    assert "Nothing was saved: this assessment is submitted for review" in page
    assessment.refresh_from_db()
    assert assessment.data_sources != "Changed"
    assert not content_entries(assessment).exists()


@pytest.mark.django_db
def test_the_author_is_told_why_a_signed_assessment_cannot_be_edited(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SIGNED_OFF)
    client.force_login(owner)
    page = client.get(part_url(assessment, "aims")).content.decode()
    assert "This assessment is signed off: its content cannot be changed now." in page
    assert "Local lettings plans agreed with residents." in page
    assert edit_form_marker(assessment, "aims") not in page


@pytest.mark.django_db
def test_the_covenant_part_page_says_it_is_optional_for_a_policy_without_a_function(client, owner):
    assessment = make_assessment(make_policy(owner=owner, covenant_functions=[]), by=owner)
    client.force_login(owner)
    page = client.get(part_url(assessment, "covenant")).content.decode()
    assert "This part is optional: the policy has no Armed Forces Covenant function." in page
    assert '<strong class="govuk-tag govuk-tag--grey">Optional</strong>' in page


@pytest.mark.django_db
def test_a_reader_sees_the_part_content_read_only(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.IN_REVIEW)
    client.force_login(reviewer)
    page = client.get(part_url(assessment, "about")).content.decode()
    assert "Housing Needs Manager" in page
    assert f"Cabinet, {long_date(PLANNED_DECISION_DATE)}" in page
    assert long_date(CONSIDERATION_BEGAN) in page
    assert "A review of an existing policy" in page
    assert edit_form_marker(assessment, "about") not in page
    impacts = client.get(part_url(assessment, "impacts")).content.decode()
    assert "No differential effect found for Sexual orientation." in impacts


# --- Comments beside the part -------------------------------------------------------------


@pytest.mark.django_db
def test_reviewers_comments_appear_on_their_part_with_a_reply_box(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.CHANGES_REQUESTED)
    ReviewComment.objects.create(
        assessment=assessment,
        part="evidence",
        author=reviewer,
        text="Please add complaints data.",
        review_round=1,
    )
    client.force_login(owner)
    page = client.get(part_url(assessment, "evidence")).content.decode()
    assert "Please add complaints data." in page
    assert "Erin Reid" in page
    assert "Your reply" in page
    other = client.get(part_url(assessment, "aims")).content.decode()
    assert "Please add complaints data." not in other


@pytest.mark.django_db
def test_the_author_replies_on_a_part(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.CHANGES_REQUESTED)
    client.force_login(owner)
    url = reverse("assessments:comment", args=[assessment.pk, "evidence"])
    response = client.post(url, {"text": "Added complaints for 2024-25."})
    assert response.status_code == 302
    assert response["Location"].endswith("/parts/evidence/#comments")
    comment = ReviewComment.objects.get(assessment=assessment)
    assert (comment.author, comment.part, comment.text) == (
        owner,
        "evidence",
        "Added complaints for 2024-25.",
    )
    assert AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.COMMENT).exists()


@pytest.mark.django_db
def test_an_empty_reply_is_refused_at_its_field(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.CHANGES_REQUESTED)
    client.force_login(owner)
    url = reverse("assessments:comment", args=[assessment.pk, "evidence"])
    response = client.post(url, {"text": ""})
    assert response.status_code == 200
    assert '<a href="#id_text">Enter your reply</a>' in response.content.decode()
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_there_is_no_reply_box_while_the_state_does_not_allow_comments(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    page = client.get(part_url(assessment, "evidence")).content.decode()
    assert "Your reply" not in page
    url = reverse("assessments:comment", args=[assessment.pk, "evidence"])
    response = client.post(url, {"text": "Hello"}, follow=True)
    assert "You can answer on a part while the assessment is in review" in (
        response.content.decode()
    )
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_readers_without_a_part_in_review_cannot_comment(client, owner, auditor):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SIGNED_OFF)
    client.force_login(auditor)
    url = reverse("assessments:comment", args=[assessment.pk, "evidence"])
    assert client.post(url, {"text": "Hello"}).status_code == 403
