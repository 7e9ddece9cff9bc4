"""While a policy's EqIA is under way, the details it depends on (the service area: who may sign
it off; the Covenant functions: whether its Covenant part is required) are fixed for the author
side (eqia.policy_details, enforced by policies.services.policy_save); an administrator may
change them, on the policy page or in the Django admin, and the change is in the policy's
history."""

from typing import Any

import pytest
from django.urls import reverse

from core.refusals import Refused
from eqia.models import AssessmentState
from policies.models import ChangeSource, Policy, PolicyChange
from policies.services import fixed_details, policy_save
from tests.assessment_factories import make_assessment, take_through_workflow
from tests.factories import make_policy, make_service_area
from tests.page import error_summary, field_error, parse

pytestmark = pytest.mark.django_db

SERVICE_AREA_FIXED = (
    "The service area cannot be changed while EqIA v1 is {phrase}: it decides who may sign the "
    "assessment off. Ask an administrator if it must change"
)
COVENANT_FIXED = (
    "The Armed Forces Covenant functions cannot be changed while EqIA v1 is {phrase}: they "
    "decide whether its Covenant part is required. Ask an administrator if they must change"
)


@pytest.fixture
def policy(owner) -> Policy:
    return make_policy(
        reference="HOU-001",
        title="Allocations",
        owner=owner,
        service_area=make_service_area("Housing"),
        covenant_functions=["housing"],
    )


@pytest.fixture
def hr():
    return make_service_area("Human resources")


def form_data(policy: Policy, **changes: Any) -> dict[str, Any]:
    return {
        "title": policy.title,
        "service_area": policy.service_area_id or "",
        "status": policy.status,
        "covenant_functions": policy.covenant_functions,
        "last_reviewed": f"{policy.last_reviewed:%d/%m/%Y}" if policy.last_reviewed else "",
        "next_review": f"{policy.next_review:%d/%m/%Y}" if policy.next_review else "",
        **changes,
    }


def edit(client, policy: Policy, **changes: Any):
    return client.post(
        reverse("policies:edit", args=[policy.reference]), form_data(policy, **changes)
    )


def stored(policy: Policy) -> tuple[str, list[str]]:
    policy.refresh_from_db()
    return policy.service_area.name, policy.covenant_functions


def test_the_owner_cannot_move_a_policy_with_a_draft_to_another_service_area(
    client, owner, policy, hr
):
    make_assessment(policy, by=owner)
    client.force_login(owner)

    response = edit(client, policy, service_area=hr.pk, covenant_functions=[])

    assert response.status_code == 200
    assert field_error(response, "id_service_area") == SERVICE_AREA_FIXED.format(phrase="a draft")
    assert field_error(response, "id_covenant_functions") == COVENANT_FIXED.format(phrase="a draft")
    assert error_summary(response) == [
        SERVICE_AREA_FIXED.format(phrase="a draft"),
        COVENANT_FIXED.format(phrase="a draft"),
    ]
    assert stored(policy) == ("Housing", ["housing"])
    assert not PolicyChange.objects.exists()


@pytest.mark.parametrize(
    ("state", "phrase"),
    [
        (AssessmentState.SUBMITTED, "submitted and waiting for a reviewer"),
        (AssessmentState.APPROVED, "approved and waiting for sign-off"),
    ],
)
def test_the_details_stay_fixed_in_every_open_state(owner, reviewer, policy, hr, state, phrase):
    take_through_workflow(
        make_assessment(policy, by=owner, complete=True), state, owner=owner, reviewer=reviewer
    )
    policy.service_area = hr

    with pytest.raises(Refused) as refused:
        policy_save(policy=policy, by=owner)

    assert [(r.field, r.message) for r in refused.value.reasons] == [
        ("service_area", SERVICE_AREA_FIXED.format(phrase=phrase))
    ]


def test_the_owner_still_changes_the_other_details_while_it_is_open(client, owner, policy):
    make_assessment(policy, by=owner)
    client.force_login(owner)

    # The same Covenant functions in another order are no change.
    policy.covenant_functions = ["housing", "education"]
    policy.save()
    response = edit(
        client, policy, title="Housing allocations", covenant_functions=["education", "housing"]
    )

    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.title == "Housing allocations"


def test_the_owners_page_says_which_details_are_fixed_before_they_try(client, owner, policy):
    make_assessment(policy, by=owner)
    client.force_login(owner)

    page = parse(client.get(reverse("policies:edit", args=[policy.reference])))

    hint = page.find(id="id_service_area-hint")
    assert hint.text == SERVICE_AREA_FIXED.format(phrase="a draft") + "."


@pytest.mark.parametrize("state", [AssessmentState.SIGNED_OFF, AssessmentState.WITHDRAWN])
def test_once_signed_off_or_withdrawn_the_owner_changes_them_again(
    client, owner, reviewer, signoff_officer, policy, hr, state
):
    take_through_workflow(
        make_assessment(policy, by=owner, complete=True),
        state,
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
    )
    policy.refresh_from_db()  # the sign-off recorded its review
    assert fixed_details(policy) == {}
    client.force_login(owner)

    response = edit(client, policy, service_area=hr.pk, covenant_functions=[])

    assert response.status_code == 302
    assert stored(policy) == ("Human resources", [])


def test_an_administrator_changes_them_on_the_policy_page_and_the_history_keeps_it(
    client, owner, administrator, policy, hr
):
    make_assessment(policy, by=owner)
    client.force_login(administrator)

    response = edit(
        client,
        policy,
        reference=policy.reference,
        owner=owner.pk,
        service_area=hr.pk,
        change_reason="Moved to HR",
    )

    assert response.status_code == 302
    assert stored(policy) == ("Human resources", ["housing"])
    change = PolicyChange.objects.get()
    assert (change.field, change.old_value, change.new_value, change.by, change.source) == (
        "service_area",
        "Housing",
        "Human resources",
        administrator,
        ChangeSource.FORM,
    )


def admin_form(admin_client, policy: Policy) -> dict[str, Any]:
    """What the admin's change page posts back unchanged."""
    page = parse(admin_client.get(reverse("admin:policies_policy_change", args=[policy.pk])))
    form = page.find("form", id="policy_form")
    data: dict[str, Any] = {}
    for field in form.find_all("input"):
        kind, name = field.attrs.get("type", "text"), field.attrs.get("name")
        if not name or kind in {"submit", "button"}:
            continue
        if kind == "checkbox":
            if "checked" in field.attrs:
                data.setdefault(name, []).append(field.attrs.get("value", "on"))
            continue
        data[name] = field.attrs.get("value", "")
    for select in form.find_all("select"):
        chosen = [o.attrs["value"] for o in select.find_all("option") if "selected" in o.attrs]
        data[select.attrs["name"]] = chosen[0] if chosen else ""
    for area in form.find_all("textarea"):
        data[area.attrs["name"]] = area.text
    return data


def test_an_administrator_changes_them_in_the_django_admin_and_the_history_keeps_it(
    client, owner, administrator, policy, hr
):
    make_assessment(policy, by=owner)
    client.force_login(administrator)
    url = reverse("admin:policies_policy_change", args=[policy.pk])

    response = client.post(
        url, {**admin_form(client, policy), "service_area": hr.pk, "covenant_functions": []}
    )

    assert response.status_code == 302
    assert stored(policy) == ("Human resources", [])
    assert sorted(PolicyChange.objects.values_list("field", "new_value", "by_name", "source")) == [
        ("covenant_functions", "", "Ada Admin", ChangeSource.ADMIN),
        ("service_area", "Human resources", "Ada Admin", ChangeSource.ADMIN),
    ]
