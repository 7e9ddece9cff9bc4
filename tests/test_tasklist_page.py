import re

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from eqia.content import action_update_status
from eqia.models import ActionStatus, AssessmentState, Part, PartStatus, ReviewComment
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import make_policy


def detail_url(assessment):
    return reverse("workflow:detail", args=[assessment.pk])


def task_items(page: str) -> dict[str, str]:
    """Each task's name and its status text, as a reader of the task list sees them."""
    items = re.findall(
        r'govuk-task-list__link"[^>]*>\d+\. ([^<]+)</a>'
        r'.*?govuk-task-list__status"[^>]*>(.*?)</div>',
        page,
        flags=re.S,
    )
    return {name: re.sub(r"<[^>]+>", "", status).strip() for name, status in items}


@pytest.mark.django_db
def test_the_task_list_shows_every_part_with_its_status(client, owner):
    assessment = make_assessment(by=owner)
    assessment.part_status = {"about": PartStatus.COMPLETED, "screening": PartStatus.IN_PROGRESS}
    assessment.save()
    client.force_login(owner)
    response = client.get(detail_url(assessment))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="govuk-task-list"' in page
    statuses = task_items(page)
    assert list(statuses) == [part.label for part in Part]
    assert statuses["About the policy"] == "Completed"
    assert statuses["Screening"] == "In progress"
    assert statuses["Review date"] == "Not started"
    assert statuses["Armed Forces Covenant duty"] == "Not started"


@pytest.mark.django_db
def test_the_covenant_part_is_optional_for_a_policy_without_a_covenant_function(client, owner):
    policy = make_policy(owner=owner, covenant_functions=[])
    assessment = make_assessment(policy, by=owner)
    client.force_login(owner)
    page = client.get(detail_url(assessment)).content.decode()
    assert task_items(page)["Armed Forces Covenant duty"] == "Optional"
    assert "Optional: the policy has no Armed Forces Covenant function." in page


@pytest.mark.django_db
def test_each_part_links_to_its_own_page(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    page = client.get(detail_url(assessment)).content.decode()
    for part in Part:
        assert f'href="/assessments/{assessment.pk}/parts/{part.value}/"' in page


@pytest.mark.django_db
def test_the_page_names_the_policy_version_and_state(client, owner):
    assessment = make_assessment(
        make_policy(reference="HOU-007", title="Allocations", owner=owner), by=owner
    )
    set_state(assessment, AssessmentState.CHANGES_REQUESTED)
    client.force_login(owner)
    page = client.get(detail_url(assessment)).content.decode()
    for text in ["HOU-007", "Allocations", "EqIA v1", "version 1", "Changes requested"]:
        assert text in page


@pytest.mark.django_db
def test_the_page_counts_reviewers_comments_per_part(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.IN_REVIEW)
    for text in ["Which census tables?", "Add complaints data"]:
        ReviewComment.objects.create(
            assessment=assessment, part="evidence", author=reviewer, text=text, review_round=1
        )
    # The author's answer is not a reviewer's comment.
    ReviewComment.objects.create(
        assessment=assessment, part="evidence", author=owner, text="Done", review_round=1
    )
    client.force_login(owner)
    page = client.get(detail_url(assessment)).content.decode()
    assert "2 comments from reviewers" in page
    assert page.count("from reviewers") == 1


@pytest.mark.django_db
def test_the_action_plan_shows_live_status_and_history(client, owner, colleague):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SIGNED_OFF)
    action = add_action(assessment, owner=colleague, description="Run a drop-in for carers")
    action_update_status(
        action=action, by=colleague, status=ActionStatus.IN_PROGRESS, note="Venue booked"
    )
    client.force_login(owner)
    page = client.get(detail_url(assessment)).content.decode()
    assert "Run a drop-in for carers" in page
    assert '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>' in page
    assert "History (1 update)" in page
    assert "Bob Baker" in page
    assert "Venue booked" in page
    assert reverse("assessments:action_update", args=[action.pk]) in page


@pytest.mark.django_db
def test_the_page_includes_the_workflow_panel_and_timeline(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    response = client.get(detail_url(assessment))
    assert response.context["rights"].can_edit
    assert [move.name for move, _ in response.context["moves"]] == ["submit", "withdraw"]
    assert "workflow/_panel.html" in [t.name for t in response.templates]
    assert "workflow/_timeline.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_a_colleague_the_policy_is_shared_with_sees_it(client, owner, colleague):
    assessment = make_assessment(by=owner)
    assign_perm("policies.edit_assessments", colleague, assessment.policy)
    client.force_login(colleague)
    assert client.get(detail_url(assessment)).status_code == 200


@pytest.mark.django_db
def test_outsiders_get_not_found_and_visitors_are_asked_to_sign_in(client, owner, outsider):
    assessment = make_assessment(by=owner)
    response = client.get(detail_url(assessment))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    client.force_login(outsider)
    assert client.get(detail_url(assessment)).status_code == 404


@pytest.mark.django_db
def test_reviewers_see_a_submitted_assessment_but_not_a_draft(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(reviewer)
    assert client.get(detail_url(assessment)).status_code == 404
    set_state(assessment, AssessmentState.SUBMITTED)
    page = client.get(detail_url(assessment)).content.decode()
    assert 'class="govuk-task-list"' in page
    assert "Add an action" not in page


@pytest.mark.django_db
def test_the_page_reads_the_database_a_bounded_number_of_times(
    client, owner, colleague, django_assert_max_num_queries
):
    assessment = make_assessment(by=owner, complete=True)
    for _ in range(5):
        add_action(assessment, owner=colleague)
    client.force_login(owner)
    with django_assert_max_num_queries(30):
        assert client.get(detail_url(assessment)).status_code == 200
