from typing import NamedTuple

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm
from pytest_django.asserts import assertContains

from eqia.actions import action_update_status
from eqia.models import ActionStatus, AssessmentState, Part, PartStatus, ReviewComment
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import make_policy
from tests.page import h1, links, parse, summary_list, table_rows, text_of, title


def detail_url(assessment):
    return reverse("workflow:detail", args=[assessment.pk])


class Task(NamedTuple):
    status: str
    hint: str
    href: str


def task_items(response) -> dict[str, Task]:
    """Each task of the page's one task list, by name, as a reader of the task list sees it."""
    tasks = {}
    for item in parse(response).find("ul", class_="govuk-task-list").find_all("li"):
        link = item.find("a", class_="govuk-task-list__link")
        hint = item.find_all(class_="govuk-task-list__hint")
        status = item.find(class_="govuk-task-list__status").text
        tasks[link.text.split(". ", 1)[1]] = Task(
            status, hint[0].text if hint else "", link.attrs["href"]
        )
    return tasks


@pytest.mark.django_db
def test_the_task_list_shows_every_part_with_its_status(client, owner):
    assessment = make_assessment(by=owner)
    assessment.part_status = {"about": PartStatus.COMPLETED, "screening": PartStatus.IN_PROGRESS}
    assessment.save()
    client.force_login(owner)
    response = client.get(detail_url(assessment))
    assert response.status_code == 200
    statuses = {name: task.status for name, task in task_items(response).items()}
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
    covenant = task_items(client.get(detail_url(assessment)))["Armed Forces Covenant duty"]
    assert covenant.status == "Optional"
    assert covenant.hint == "Optional: the policy has no Armed Forces Covenant function."


@pytest.mark.django_db
def test_each_part_links_to_its_own_page(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    tasks = task_items(client.get(detail_url(assessment)))
    assert [task.href for task in tasks.values()] == [
        f"/assessments/{assessment.pk}/parts/{part.value}/" for part in Part
    ]


@pytest.mark.django_db
def test_the_page_names_the_policy_version_and_state(client, owner):
    assessment = make_assessment(
        make_policy(reference="HOU-007", title="Allocations", owner=owner), by=owner
    )
    set_state(assessment, AssessmentState.CHANGES_REQUESTED)
    client.force_login(owner)
    response = client.get(detail_url(assessment))
    assert title(response).startswith("HOU-007 EqIA v1 – ")
    assert parse(response).find(class_="govuk-caption-l").text == "HOU-007 Allocations"
    assert h1(response) == "Equality impact assessment, version 1"
    about = summary_list(response)
    assert (about["Policy"], about["Version"]) == ("HOU-007 Allocations", "EqIA v1")
    assert about["State"] == "Changes requested"


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
    response = client.get(detail_url(assessment))
    hints = {name: task.hint for name, task in task_items(response).items() if task.hint}
    assert hints == {"Evidence and engagement": "2 comments from reviewers"}
    assert text_of(response).count("from reviewers") == 1


@pytest.mark.django_db
def test_the_action_plan_shows_live_status_and_history(client, owner, colleague):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SIGNED_OFF)
    action = add_action(assessment, owner=colleague, description="Run a drop-in for carers")
    action_update_status(
        action=action, by=colleague, status=ActionStatus.IN_PROGRESS, note="Venue booked"
    )
    client.force_login(owner)
    response = client.get(detail_url(assessment))
    ((description, owner_name, _due, status),) = table_rows(response, caption="Actions")[1:]
    assert description.startswith("Run a drop-in for carers History (1 update) In progress – Bob")
    assert description.endswith(": Venue booked Update status of action 1")
    assert (owner_name, status) == ("Bob Baker", "In progress")
    assertContains(
        response, '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>', html=True
    )
    assert links(response)["Update status of action 1"] == reverse(
        "assessments:action_update", args=[action.pk]
    )


@pytest.mark.django_db
def test_the_page_includes_the_workflow_panel_and_timeline(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    response = client.get(detail_url(assessment))
    assert response.context["rights"].can_edit
    assert [move.name for move, _ in response.context["moves"]] == ["submit"]
    assert [move.name for move, _ in response.context["other_moves"]] == ["withdraw"]
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
    response = client.get(detail_url(assessment))
    assert len(task_items(response)) == len(Part)
    assert "Add an action" not in text_of(response)


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


@pytest.mark.django_db
def test_the_page_says_how_many_required_parts_are_completed(client, owner):
    assessment = make_assessment(by=owner)
    assessment.part_status = {"about": PartStatus.COMPLETED, "screening": PartStatus.IN_PROGRESS}
    assessment.save()
    client.force_login(owner)
    page = parse(client.get(detail_url(assessment)))
    assert page.find(id="parts-completed").text == "1 of 9 required parts completed."
    optional = make_assessment(make_policy(owner=owner, covenant_functions=[]), by=owner)
    page = parse(client.get(detail_url(optional)))
    assert page.find(id="parts-completed").text == (
        "0 of 8 required parts completed; 1 more part optional."
    )


@pytest.mark.django_db
def test_a_completed_part_with_comments_to_answer_is_not_counted_completed(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.CHANGES_REQUESTED)
    ReviewComment.objects.create(
        assessment=assessment, part="evidence", author=reviewer, text="Tables?", review_round=1
    )
    client.force_login(owner)
    page = parse(client.get(detail_url(assessment)))
    statuses = [tag.text for tag in page.find_all(class_="govuk-task-list__status")]
    assert statuses.count("Completed") == 8
    assert page.find(id="parts-completed").text == (
        "8 of 9 required parts completed; 1 with reviewers' comments to answer."
    )


@pytest.mark.django_db
def test_a_part_with_a_reviewers_point_open_reads_comments_to_answer(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.CHANGES_REQUESTED)
    point = ReviewComment.objects.create(
        assessment=assessment, part="evidence", author=reviewer, text="Tables?", review_round=1
    )
    client.force_login(owner)
    tasks = task_items(client.get(detail_url(assessment)))
    assert tasks["Evidence and engagement"].status == "Comments to answer"
    assert tasks["Screening"].status == "Completed"
    ReviewComment.objects.filter(pk=point.pk).update(resolved_at=point.created_at)
    tasks = task_items(client.get(detail_url(assessment)))
    assert tasks["Evidence and engagement"].status == "Completed"


@pytest.mark.django_db
def test_the_red_withdraw_button_is_kept_apart_under_other_actions(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    page = parse(client.get(detail_url(assessment)))
    panel = page.find("section", **{"aria-labelledby": "workflow-panel-title"})
    assert [a.text for a in panel.find_all("a", role="button")] == ["Submit for review"]
    other = page.find("section", **{"aria-labelledby": "other-actions-title"})
    (withdraw,) = other.find_all("a", role="button")
    assert withdraw.text == "Withdraw the assessment"
    assert "govuk-button--warning" in withdraw.classes


@pytest.mark.django_db
def test_the_page_links_the_whole_assessment_to_read(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.get(detail_url(assessment))
    assert links(response)[
        f"Read the whole assessment {assessment.policy.reference} {assessment.label}"
    ] == reverse("workflow:read", args=[assessment.pk])
