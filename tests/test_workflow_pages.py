"""The workflow pages: who may open each, what they show, and what a move does."""

import datetime
import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from core.roles import Role
from eqia.access import Rights
from eqia.content import comment_add
from eqia.models import Assessment, AssessmentState, Part, ReviewComment
from tests.assessment_factories import add_content_entry, make_assessment, set_state
from tests.factories import make_policy, make_service_area, make_user
from workflow.services import available_moves, make_move

S = AssessmentState
LOGIN, OK, FORBIDDEN, NOT_FOUND = "login", 200, 403, 404


def url(name: str, assessment: Assessment) -> str:
    return reverse(f"workflow:{name}", args=[assessment.pk])


def error_summary(html: str) -> list[str]:
    """The lines of the GOV.UK error summary, tags removed."""
    match = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    if not match:
        return []
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def error_hrefs(html: str) -> list[str]:
    match = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', match.group(1))] if match else []


def h1s(html: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.fixture
def people(owner, colleague, outsider, reviewer, signoff_officer, auditor, administrator):
    return {
        "owner": owner,
        "colleague": colleague,
        "outsider": outsider,
        "reviewer": reviewer,
        "signoff": signoff_officer,
        "auditor": auditor,
        "admin": administrator,
    }


# The permission matrix: every workflow page x every role (GET), in the state the page is
# used in. Outsiders to the assessment get 404 (they may not know it exists); people who may
# see it but not make its kind of move get 403.
ROLES = ["anonymous", "owner", "colleague", "outsider", "reviewer", "signoff", "auditor", "admin"]
L, Y, F, N = LOGIN, OK, FORBIDDEN, NOT_FOUND
MATRIX = [
    # url name         state          anon owner coll outs rev  sign aud  admin
    ("submit",          S.DRAFT,      [L,  Y,    Y,   N,   N,   N,   N,   F]),
    ("recall",          S.SUBMITTED,  [L,  Y,    Y,   N,   F,   N,   N,   F]),
    ("start_review",    S.SUBMITTED,  [L,  F,    F,   N,   Y,   N,   N,   F]),
    ("review",          S.IN_REVIEW,  [L,  Y,    Y,   N,   Y,   N,   N,   F]),
    ("request_changes", S.IN_REVIEW,  [L,  F,    F,   N,   Y,   N,   N,   F]),
    ("approve",         S.IN_REVIEW,  [L,  F,    F,   N,   Y,   N,   N,   F]),
    ("sign_off",        S.APPROVED,   [L,  F,    F,   N,   F,   Y,   N,   F]),
    ("return_to_author",       S.APPROVED,   [L,  F,    F,   N,   F,   Y,   N,   F]),
    ("withdraw",        S.DRAFT,      [L,  Y,    Y,   N,   N,   N,   N,   Y]),
    ("history",         S.SIGNED_OFF, [L,  Y,    Y,   N,   Y,   Y,   Y,   Y]),
]  # fmt: skip


def make_world(people, state):
    policy = make_policy(
        reference="HOU-012",
        title="Housing allocations",
        owner=people["owner"],
        service_area=make_service_area("Housing"),
        covenant_functions=["housing"],
    )
    assign_perm("policies.edit_assessments", people["colleague"], policy)
    assessment = make_assessment(policy, by=people["owner"], complete=True)
    if state != S.DRAFT:
        set_state(assessment, state, submitted_at=timezone.now())
    return assessment


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "state", "answers"), MATRIX, ids=[row[0] for row in MATRIX])
def test_every_workflow_page_answers_each_role_as_expected(client, people, name, state, answers):
    assessment = make_world(people, state)
    page = url(name, assessment)
    for role, answer in zip(ROLES, answers, strict=True):
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        response = client.get(page)
        if answer == LOGIN:
            assert response.status_code == 302, (role, name)
            assert response["Location"].startswith(reverse("login")), (role, name)
        else:
            assert response.status_code == answer, (role, name, response.status_code)
        if answer == OK:
            assert len(h1s(response.content.decode())) == 1, (role, name)


def test_the_matrix_covers_every_workflow_url():
    from workflow.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns}
    # The comment is POST only (tested below); the assessment page and its PDF have pages of
    # their own (test_tasklist_page, test_signed_pdf_download) and rows in the full matrix.
    assert names - {row[0] for row in MATRIX} == {"comment", "detail", "signed_pdf"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("submit", "reviewer", NOT_FOUND),
        ("submit", "outsider", NOT_FOUND),
        ("start_review", "owner", FORBIDDEN),
        ("approve", "owner", FORBIDDEN),
        ("request_changes", "signoff", NOT_FOUND),
        ("sign_off", "reviewer", FORBIDDEN),
        ("return_to_author", "owner", FORBIDDEN),
        ("withdraw", "reviewer", FORBIDDEN),
        ("comment", "signoff", FORBIDDEN),
        ("comment", "auditor", NOT_FOUND),
    ],
)
def test_a_post_without_the_capability_is_refused_before_anything_changes(
    client, people, name, role, expected
):
    state = S.APPROVED if name in ("sign_off", "return_to_author", "comment") else S.IN_REVIEW
    if name == "submit":
        state = S.DRAFT
    assessment = make_world(people, state)
    before = Assessment.objects.get(pk=assessment.pk).audit_length
    client.force_login(people[role])
    response = client.post(url(name, assessment), {"comment": "x", "part": "aims", "text": "x"})
    assert response.status_code == expected
    assert Assessment.objects.get(pk=assessment.pk).audit_length == before


# Submit


@pytest.mark.django_db
def test_the_submit_page_lists_every_reason_with_a_link_to_put_it_right(client, owner):
    from eqia.completeness import reason_url, submission_problems

    assessment = make_assessment(by=owner)  # nothing filled in
    client.force_login(owner)
    response = client.get(url("submit", assessment))
    html = response.content.decode()
    assert response.status_code == 200
    problems = submission_problems(assessment)
    assert len(problems) > 9
    assert error_summary(html) == [str(reason) for reason in problems]
    assert error_hrefs(html) == [reason_url(assessment, reason) for reason in problems]
    assert error_hrefs(html)[0].startswith(
        reverse("assessments:part", args=[assessment.pk, "about"]) + "#id_"
    )
    assert title(html).startswith("Error: ")
    assert "Submit for review</button>" not in html
    assert h1s(html) == ["Check your assessment before you submit it"]


@pytest.mark.django_db
def test_a_refused_submit_comes_back_with_every_reason(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(url("submit", assessment))
    assert response.status_code == 200
    assert len(error_summary(response.content.decode())) == len(
        __import__("eqia.completeness").completeness.submission_problems(assessment)
    )
    assert Assessment.objects.get(pk=assessment.pk).state == S.DRAFT


@pytest.mark.django_db
def test_a_complete_assessment_is_submitted_from_its_check_page(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    page = client.get(url("submit", assessment)).content.decode()
    assert error_summary(page) == []
    assert "Submit for review</button>" in page
    assert "Error:" not in title(page)
    for part in Part:
        assert part.label in page
    response = client.post(url("submit", assessment), follow=True)
    assert response.redirect_chain[0] == (assessment.get_absolute_url(), 302)
    assert Assessment.objects.get(pk=assessment.pk).state == S.SUBMITTED
    assert f"{assessment.policy.reference} EqIA v1 was submitted for review" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_a_second_submit_is_told_who_submitted_first(client, owner, colleague):
    assessment = make_assessment(by=owner, complete=True)
    assign_perm("policies.edit_assessments", colleague, assessment.policy)
    client.force_login(colleague)
    client.get(url("submit", assessment))  # bob opens the page...
    make_move("submit", assessment=assessment, by=owner)  # ...alice submits first
    response = client.post(url("submit", assessment))
    assert response.status_code == 200
    [line] = error_summary(response.content.decode())
    assert line.startswith("This assessment was already submitted by Alice Owen at ")


# Reviewing


@pytest.mark.django_db
def test_start_review_moves_it_into_review(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.SUBMITTED)
    client.force_login(reviewer)
    response = client.post(url("start_review", assessment))
    assert response.status_code == 302
    assert response["Location"] == assessment.get_absolute_url()
    assert Assessment.objects.get(pk=assessment.pk).state == S.IN_REVIEW


@pytest.mark.django_db
def test_request_changes_without_a_comment_shows_the_error_at_the_field(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(url("request_changes", assessment), {"comment": " "})
    html = response.content.decode()
    assert response.status_code == 200
    assert error_summary(html) == ["Enter what needs to change"]
    assert error_hrefs(html) == ["#id_comment"]
    assert 'id="id_comment-error"' in html
    assert Assessment.objects.get(pk=assessment.pk).state == S.IN_REVIEW


@pytest.mark.django_db
def test_request_changes_with_a_comment_sends_it_back(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(url("request_changes", assessment), {"comment": "More evidence"})
    assert response.status_code == 302
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.state, stored.review_round) == (S.CHANGES_REQUESTED, 2)


@pytest.mark.django_db
def test_approve_says_how_many_approvals_there_are(client, owner, reviewer, settings):
    settings.EQIA_APPROVALS_REQUIRED = 2
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    assert "Approvals: 0 of 2." in client.get(url("approve", assessment)).content.decode()
    response = client.post(url("approve", assessment), {"comment": ""}, follow=True)
    assert "Your approval of" in response.content.decode()
    assert "1 of 2 approvals" in response.content.decode()
    again = client.get(url("approve", assessment)).content.decode()
    assert error_summary(again) == [
        "You have already approved this assessment in this review round"
    ]
    assert "Approve</button>" not in again


@pytest.mark.django_db
def test_the_review_page_shows_each_part_its_comments_and_a_form_per_part(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    comment_add(assessment=assessment, by=reviewer, part=Part.AIMS, text="Aim 3 needs an example")
    client.force_login(reviewer)
    html = client.get(url("review", assessment)).content.decode()
    for part in Part:
        assert f'id="part-{part.value}"' in html
    assert "Aim 3 needs an example" in html
    assert assessment.purpose in html
    assert html.count(f'action="{url("comment", assessment)}"') == len(Part)
    assert f'action="{url("request_changes", assessment)}"' in html
    assert f'action="{url("approve", assessment)}"' in html
    assert "Approvals: 0 of 1" in html


@pytest.mark.django_db
def test_the_author_sees_the_review_without_the_reviewers_decision_buttons(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(owner)
    html = client.get(url("review", assessment)).content.decode()
    assert f'action="{url("request_changes", assessment)}"' not in html
    assert f'action="{url("approve", assessment)}"' not in html
    assert html.count(f'action="{url("comment", assessment)}"') == len(Part)  # may answer


@pytest.mark.django_db
def test_a_reviewer_who_edited_it_gets_no_comment_forms_or_buttons(client, owner):
    editor = make_user("frank", Role.EDI_REVIEWER)
    assessment = make_assessment(by=owner, complete=True)
    add_content_entry(assessment, by=editor)
    set_state(assessment, S.IN_REVIEW)
    client.force_login(editor)
    html = client.get(url("review", assessment)).content.decode()
    assert f'action="{url("comment", assessment)}"' not in html
    assert f'action="{url("approve", assessment)}"' not in html


@pytest.mark.django_db
def test_a_comment_is_added_and_the_page_returns_to_a_safe_next(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    back = url("review", assessment) + "#part-aims"
    response = client.post(
        url("comment", assessment), {"part": "aims", "text": "Give an example", "next": back}
    )
    assert (response.status_code, response["Location"]) == (302, back)
    comment = ReviewComment.objects.get(assessment=assessment)
    assert (comment.part, comment.text, comment.author) == ("aims", "Give an example", reviewer)


@pytest.mark.django_db
def test_a_comment_never_redirects_off_the_site(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    for unsafe in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post(
            url("comment", assessment), {"part": "aims", "text": "x", "next": unsafe}
        )
        assert response["Location"] == url("review", assessment) + "#part-aims"


@pytest.mark.django_db
def test_a_refused_comment_shows_the_review_page_with_the_reason(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(url("comment", assessment), {"part": "impacts", "text": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert error_summary(html) == ["Enter your comment"]
    assert error_hrefs(html) == ["#id_impacts_text"]
    assert title(html).startswith("Error: ")
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_comment_is_post_only(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    assert client.get(url("comment", assessment)).status_code == 405


# Sign-off and return


@pytest.mark.django_db
def test_the_sign_off_page_shows_the_attestation_with_a_box_to_tick(client, owner, signoff_officer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(signoff_officer)
    html = client.get(url("sign_off", assessment)).content.decode()
    assert settings.EQIA_ATTESTATION in html
    assert 'type="checkbox"' in html and "I confirm" in html
    assert "late_explanation" not in html  # the decision date is still ahead
    assert h1s(html) == ["Sign off the assessment"]


@pytest.mark.django_db
def test_after_the_planned_decision_date_the_page_asks_why(client, owner, signoff_officer):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assessment = make_assessment(
        by=owner, complete=True, state=S.APPROVED, planned_decision_date=yesterday
    )
    client.force_login(signoff_officer)
    html = client.get(url("sign_off", assessment)).content.decode()
    assert 'name="late_explanation"' in html
    assert "has passed" in html
    response = client.post(
        url("sign_off", assessment),
        {"attestation": "on", "attestation_text": settings.EQIA_ATTESTATION},
    )
    assert response.status_code == 200
    assert error_hrefs(response.content.decode()) == ["#id_late_explanation"]
    response = client.post(
        url("sign_off", assessment),
        {
            "attestation": "on",
            "attestation_text": settings.EQIA_ATTESTATION,
            "late_explanation": "The cabinet date moved forward",
        },
    )
    assert response.status_code == 302
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.signed_after_decision_date
    assert stored.late_sign_off_explanation == "The cabinet date moved forward"


@pytest.mark.django_db
def test_signing_off_without_ticking_the_box_is_refused(client, owner, signoff_officer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(signoff_officer)
    response = client.post(
        url("sign_off", assessment), {"attestation_text": settings.EQIA_ATTESTATION}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert error_hrefs(html) == ["#id_attestation"]
    assert 'id="id_attestation-error"' in html
    assert Assessment.objects.get(pk=assessment.pk).state == S.APPROVED


@pytest.mark.django_db
def test_a_ticked_box_for_words_the_council_has_since_changed_is_refused(
    client, owner, signoff_officer
):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(signoff_officer)
    response = client.post(
        url("sign_off", assessment), {"attestation": "on", "attestation_text": "Old words"}
    )
    assert error_summary(response.content.decode()) == [
        "The attestation is not in the council's words: read it again and confirm"
    ]


@pytest.mark.django_db
def test_signing_off_fixes_the_assessment(client, owner, signoff_officer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(signoff_officer)
    response = client.post(
        url("sign_off", assessment),
        {"attestation": "on", "attestation_text": settings.EQIA_ATTESTATION, "comment": "Ok"},
        follow=True,
    )
    assert response.redirect_chain == [(assessment.get_absolute_url(), 302)]
    assert "is signed off. Its content is now fixed." in response.content.decode()
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.state, stored.signed_off_by, stored.sign_off_comment) == (
        S.SIGNED_OFF,
        signoff_officer,
        "Ok",
    )


@pytest.mark.django_db
def test_return_needs_reasons(client, owner, signoff_officer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(signoff_officer)
    response = client.post(url("return_to_author", assessment), {"comment": ""})
    assert error_summary(response.content.decode()) == [
        "Enter why you are returning the assessment"
    ]
    response = client.post(url("return_to_author", assessment), {"comment": "Outcome unclear"})
    assert response.status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).state == S.CHANGES_REQUESTED


@pytest.mark.django_db
def test_a_sign_off_officer_for_another_area_cannot_open_the_sign_off_page(
    client, owner, signoff_officer
):
    assign_perm("policies.sign_off_assessments", signoff_officer, make_service_area("Schools"))
    policy = make_policy(owner=owner, service_area=make_service_area("Housing"))
    assessment = make_assessment(policy, by=owner, complete=True, state=S.APPROVED)
    client.force_login(signoff_officer)
    assert client.get(url("sign_off", assessment)).status_code == 404


# Withdraw, recall, history


@pytest.mark.django_db
def test_withdraw_needs_a_reason_then_withdraws(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(url("withdraw", assessment), {"reason": ""})
    assert error_summary(response.content.decode()) == ["Enter why the assessment is withdrawn"]
    assert error_hrefs(response.content.decode()) == ["#id_reason"]
    response = client.post(url("withdraw", assessment), {"reason": "Policy dropped"})
    assert response.status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).state == S.WITHDRAWN


@pytest.mark.django_db
def test_the_recall_page_of_an_assessment_in_review_says_why_not(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(owner)
    html = client.get(url("recall", assessment)).content.decode()
    assert error_summary(html) == [
        "You cannot recall the submission now: this assessment is in review"
    ]
    assert "Recall the submission</button>" not in html
    assert h1s(html) == ["Recall the submission?"]


@pytest.mark.django_db
def test_the_history_lists_who_in_which_role_when_and_what(client, owner, reviewer, settings):
    settings.TIME_ZONE = "Europe/London"
    assessment = make_assessment(by=owner, complete=True)
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=reviewer)
    make_move(
        "request_changes", assessment=assessment, by=reviewer, data={"comment": "Evidence is thin"}
    )
    client.force_login(owner)
    html = client.get(url("history", assessment)).content.decode()
    assert h1s(html) == ["History of the assessment"]
    for text in (
        "Assessment started",
        "Submitted for review",
        "Review started",
        "Changes requested",
        "Alice Owen (Policy owner)",
        "Erin Reid (EDI reviewer)",
        "Evidence is thin",
        "In review → Changes requested",
    ):
        assert text in html
    last = assessment.audit_entries.latest("sequence")
    assert timezone.localtime(last.at).strftime("%H:%M") in html
    assert html.index("Assessment started") < html.index("Changes requested")


# The panel on the assessment page


def move_names(user, assessment):
    return [m.name for m in available_moves(Rights(user, assessment))]


@pytest.mark.django_db
def test_the_panel_offers_each_person_only_the_moves_they_may_make_now(
    owner, colleague, outsider, reviewer, signoff_officer, administrator
):
    assessment = make_assessment(by=owner, complete=True)
    assert move_names(owner, assessment) == ["submit", "withdraw"]
    assert move_names(reviewer, assessment) == []
    assert move_names(outsider, assessment) == []
    assert move_names(administrator, assessment) == ["withdraw"]
    set_state(assessment, S.SUBMITTED)
    assert move_names(owner, assessment) == ["recall", "withdraw"]
    assert move_names(reviewer, assessment) == ["start_review"]
    set_state(assessment, S.IN_REVIEW)
    assert move_names(reviewer, assessment) == ["approve", "request_changes"]
    assert move_names(signoff_officer, assessment) == []
    set_state(assessment, S.APPROVED)
    assert move_names(signoff_officer, assessment) == ["sign_off", "return_to_author"]
    assert move_names(reviewer, assessment) == []
    set_state(assessment, S.SIGNED_OFF)
    assert move_names(owner, assessment) == []


@pytest.mark.django_db
def test_the_panel_hides_what_separation_of_duties_forbids(owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.SUBMITTED)
    add_content_entry(assessment, by=reviewer)
    assert move_names(reviewer, assessment) == []


@pytest.mark.django_db
def test_the_assessment_page_shows_the_panel_and_timeline(client, owner, reviewer, settings):
    settings.EQIA_APPROVALS_REQUIRED = 2
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    make_move("approve", assessment=assessment, by=reviewer)
    client.force_login(reviewer)
    html = client.get(assessment.get_absolute_url()).content.decode()
    assert "Approvals: 1 of 2" in html
    assert f'href="{url("request_changes", assessment)}"' in html
    assert f'href="{url("approve", assessment)}"' not in html  # erin has approved already
    assert f'href="{url("history", assessment)}"' in html
    assert "Approved (1 of 2 approvals)" in html
