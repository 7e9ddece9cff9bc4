"""The reason for a change, on the owner's and administrator's forms and in the Django admin:
asked for always, required where the change lowers equality relevance or moves the next review
more than one cycle away."""

from typing import Any

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse

from core.dates import add_months, today
from policies.admin import ADMIN_REASON, PolicyAdmin
from policies.models import ChangeSource, Policy, PolicyChange, Relevance
from tests.factories import make_policy
from tests.page import error_summary, field_error, parse

REASON_NEEDED = (
    "Enter a reason for the change (equality relevance lowered from High to None): the EDI "
    "group is told of it"
)


@pytest.fixture
def policy(owner):
    return make_policy(
        reference="HOU-001",
        title="Allocations",
        owner=owner,
        policy_type="Policy",
        equality_relevance=Relevance.HIGH,
        review_frequency_months=24,
        next_review=add_months(today(), 6),
    )


def form_data(policy: Policy, **changes: str) -> dict[str, str]:
    return {
        "title": policy.title,
        "policy_type": policy.policy_type,
        "status": policy.status,
        "equality_relevance": policy.equality_relevance,
        "review_frequency_months": str(policy.review_frequency_months or ""),
        "next_review": policy.next_review.strftime("%d/%m/%Y") if policy.next_review else "",
        **changes,
    }


def edit(client, policy: Policy, **changes: str):
    return client.post(
        reverse("policies:edit", args=[policy.reference]), form_data(policy, **changes)
    )


@pytest.mark.django_db
def test_the_edit_form_asks_for_a_reason_and_the_add_form_does_not(client, policy, administrator):
    client.force_login(administrator)
    edit_page = parse(client.get(reverse("policies:edit", args=["HOU-001"])))
    reason = edit_page.find("textarea", name="change_reason")
    assert edit_page.find("label", **{"for": reason.attrs["id"]}).text == "Reason for the change"
    assert edit_page.find(id="id_change_reason-hint").text.startswith(
        "Kept in the policy's history"
    )
    add_page = parse(client.get(reverse("policies:create")))
    assert add_page.find_all(name="change_reason") == []


@pytest.mark.django_db
def test_lowering_relevance_without_a_reason_is_refused_on_the_reason_field(client, policy, owner):
    client.force_login(owner)
    response = edit(client, policy, equality_relevance="none")
    assert response.status_code == 200
    assert error_summary(response) == [REASON_NEEDED]
    summary_link = parse(response).find(class_="govuk-error-summary__list").find("a")
    assert summary_link.attrs["href"] == "#id_change_reason"
    assert field_error(response, "id_change_reason") == REASON_NEEDED
    # What was typed is kept; nothing was saved.
    assert parse(response).find("option", value="none").attrs.get("selected") is not None
    policy.refresh_from_db()
    assert policy.equality_relevance == Relevance.HIGH
    assert not PolicyChange.objects.exists()


@pytest.mark.django_db
def test_with_a_reason_the_change_is_saved_kept_and_the_edi_group_told(
    client, policy, owner, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(
            client, policy, equality_relevance="none", change_reason="Superseded by county"
        )
    assert response.status_code == 302
    change = PolicyChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == (
        "equality_relevance",
        "High",
        "None",
    )
    assert (change.by, change.source, change.reason) == (
        owner,
        ChangeSource.FORM,
        "Superseded by county",
    )
    assert [message.to for message in mail.outbox] == [["erin@example.gov.uk"]]


@pytest.mark.django_db
def test_pushing_the_review_far_away_needs_a_reason_too(client, policy, administrator):
    client.force_login(administrator)
    far = add_months(today(), 60)
    response = edit(client, policy, owner=str(policy.owner_id), reference="HOU-001",
                    next_review=far.strftime("%d/%m/%Y"))  # fmt: skip
    (message,) = error_summary(response)
    assert message.startswith("Enter a reason for the change (next review moved to ")
    assert message.endswith("more than 24 months away): the EDI group is told of it")


@pytest.mark.django_db
def test_an_ordinary_change_needs_no_reason_and_keeps_one_given(client, policy, owner):
    client.force_login(owner)
    assert edit(client, policy, title="Housing allocations").status_code == 302
    assert edit(client, policy, title="Allocations scheme", change_reason="Typo").status_code == 302
    assert list(PolicyChange.objects.order_by("at", "pk").values_list("new_value", "reason")) == [
        ("Housing allocations", ""),
        ("Allocations scheme", "Typo"),
    ]


# --- The Django admin ------------------------------------------------------------------------


def admin_form(admin_client, policy: Policy) -> dict[str, Any]:
    """What the admin's change page would post back unchanged."""
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
        chosen = [
            option.attrs["value"]
            for option in select.find_all("option")
            if "selected" in option.attrs
        ]
        data[select.attrs["name"]] = chosen[0] if chosen else ""
    for area in form.find_all("textarea"):
        data[area.attrs["name"]] = area.text
    return data


@pytest.mark.django_db
def test_the_admin_saves_through_the_service_and_asks_the_same_reason(admin_client, policy):
    url = reverse("admin:policies_policy_change", args=[policy.pk])
    data = admin_form(admin_client, policy)
    refused = admin_client.post(url, {**data, "equality_relevance": "none"})
    assert refused.status_code == 200
    assert REASON_NEEDED in parse(refused).find(class_="field-change_reason").text
    saved = admin_client.post(
        url, {**data, "equality_relevance": "none", "change_reason": "Merged into HOU-002"}
    )
    assert saved.status_code == 302
    change = PolicyChange.objects.get()
    assert (change.field, change.source, change.reason) == (
        "equality_relevance",
        ChangeSource.ADMIN,
        "Merged into HOU-002",
    )


@pytest.mark.django_db
def test_an_admin_save_that_bypassed_the_check_is_kept_with_the_admins_reason(
    rf, policy, administrator
):
    class NoReasonForm:
        cleaned_data: dict[str, str] = {}

    request = rf.post("/")
    request.user = administrator
    policy.equality_relevance = Relevance.NONE
    PolicyAdmin(Policy, admin.site).save_model(request, policy, NoReasonForm(), change=True)
    change = PolicyChange.objects.get()
    assert (change.new_value, change.source, change.reason) == (
        "None",
        ChangeSource.ADMIN,
        ADMIN_REASON,
    )
    assert ADMIN_REASON == "Changed in the Django admin"
