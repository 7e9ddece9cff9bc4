import datetime

import pytest
from django.urls import reverse

from policies.models import Policy
from tests.factories import make_policy, make_service_area
from tests.page import (
    error_summary,
    field_error,
    h1,
    links,
    parse,
    summary_list,
    table_rows,
    text_of,
    title,
    urls,
)


def detail_url(policy: Policy) -> str:
    return reverse("policies:detail", args=[policy.reference])


def edit_url(policy: Policy) -> str:
    return reverse("policies:edit", args=[policy.reference])


VALID_FORM = {
    "reference": " hou-099 ",
    "title": "Allocations policy",
    "policy_type": "Policy",
    "status": "active",
    "equality_relevance": "high",
    "covenant_functions": ["housing", "healthcare"],
    "last_reviewed": "15/03/2024",
    "review_frequency_months": "24",
    "next_review": "",
    "document_url": "https://example.gov.uk/allocations",
    "notes": "",
}


@pytest.mark.django_db
def test_policy_page_shows_its_details(client, owner):
    area = make_service_area("Housing")
    policy = make_policy(
        reference="HOU-001",
        title="Allocations",
        service_area=area,
        owner=owner,
        covenant_functions=["housing", "education"],
        equality_relevance="high",
        next_review=datetime.date(2026, 3, 1),
    )
    client.force_login(owner)
    response = client.get(detail_url(policy))
    assert parse(response).find(class_="govuk-caption-l").text == "HOU-001"
    assert h1(response) == "Allocations"
    details = summary_list(response)
    assert details["Service area"] == "Housing"
    assert details["Owner"] == "Alice Owen (alice@example.gov.uk)"
    assert details["Armed Forces Covenant functions"] == "Housing, Education"
    assert details["Equality relevance"] == "High"
    assert details["Next review"] == "1 March 2026"


@pytest.mark.django_db
def test_policy_reference_in_the_address_is_not_case_sensitive(client, owner):
    make_policy(reference="HOU-001")
    client.force_login(owner)
    assert client.get("/policies/hou-001/").status_code == 200


@pytest.mark.django_db
def test_unknown_policy_is_not_found(client, owner):
    client.force_login(owner)
    assert client.get("/policies/NOPE-1/").status_code == 404


@pytest.mark.django_db
def test_administrator_adds_a_policy_with_next_review_derived(client, administrator, owner):
    client.force_login(administrator)
    response = client.post(reverse("policies:create"), {**VALID_FORM, "owner": owner.pk})
    policy = Policy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(policy)
    assert policy.reference == "HOU-099"
    assert policy.owner == owner
    assert policy.covenant_functions == ["housing", "healthcare"]
    assert policy.next_review == datetime.date(2026, 3, 15)


@pytest.mark.django_db
def test_next_review_stays_unknown_without_a_last_review_date(client, administrator):
    client.force_login(administrator)
    client.post(reverse("policies:create"), {**VALID_FORM, "last_reviewed": ""})
    assert Policy.objects.get().next_review is None


@pytest.mark.django_db
def test_form_errors_are_summarised_and_linked_to_each_field(client, administrator):
    make_policy(reference="HOU-099")
    client.force_login(administrator)
    response = client.post(
        reverse("policies:create"),
        {**VALID_FORM, "title": "", "last_reviewed": "30/02/2024", "document_url": "nope"},
    )
    assert response.status_code == 200
    assert title(response).startswith("Error: Add a policy – ")
    assert error_summary(response) == [
        "Policy with this Reference already exists.",
        "This field is required.",
        "Last reviewed must be a real date (February 2024 has 29 days)",
        "Enter a valid URL.",
    ]
    summary = parse(response).find(class_="govuk-error-summary__list")
    assert [link.attrs["href"] for link in summary.find_all("a")] == [
        "#id_reference",
        "#id_title",
        "#id_last_reviewed",
        "#id_document_url",
    ]
    assert parse(response).find(id="id_title").attrs["aria-describedby"] == "id_title-error"
    assert Policy.objects.count() == 1


@pytest.mark.django_db
def test_a_reference_that_would_break_the_policy_address_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("policies:create"), {**VALID_FORM, "reference": "HR/001"})
    assert field_error(response, "id_reference") == (
        'A reference cannot contain / \\ ? # or %; use "-" instead, for example HOU-012'
    )
    assert not Policy.objects.exists()


@pytest.mark.django_db
def test_policy_owners_may_not_add_policies(client, owner):
    client.force_login(owner)
    assert client.get(reverse("policies:create")).status_code == 403
    assert client.post(reverse("policies:create"), VALID_FORM).status_code == 403
    assert not Policy.objects.exists()


@pytest.mark.django_db
def test_owner_edits_details_but_not_reference_or_owner(client, owner, colleague):
    policy = make_policy(reference="HOU-001", title="Old title", owner=owner)
    client.force_login(owner)
    form_page = parse(client.get(edit_url(policy)))
    assert form_page.find_all(name="reference") == []
    assert form_page.find_all(name="owner") == []
    assert form_page.find_all(name="title") != []
    response = client.post(
        edit_url(policy),
        {**VALID_FORM, "title": "New title", "reference": "HACK-1", "owner": colleague.pk},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.title == "New title"
    assert policy.reference == "HOU-001"
    assert policy.owner == owner


@pytest.mark.django_db
def test_other_owners_may_read_but_not_edit(client, owner, outsider):
    policy = make_policy(owner=owner, title="Unchanged")
    client.force_login(outsider)
    assert client.get(detail_url(policy)).status_code == 200
    assert "Edit policy details" not in text_of(client.get(detail_url(policy)))
    assert client.get(edit_url(policy)).status_code == 403
    assert client.post(edit_url(policy), {**VALID_FORM, "title": "Hacked"}).status_code == 403
    policy.refresh_from_db()
    assert policy.title == "Unchanged"


@pytest.mark.django_db
def test_administrator_changes_reference_and_owner(client, administrator, owner, colleague):
    policy = make_policy(reference="HOU-001", owner=owner)
    client.force_login(administrator)
    client.post(edit_url(policy), {**VALID_FORM, "reference": "hou-100", "owner": colleague.pk})
    policy.refresh_from_db()
    assert (policy.reference, policy.owner) == ("HOU-100", colleague)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in_from_policy_pages(client, method):
    policy = make_policy()
    for url in [detail_url(policy), edit_url(policy), reverse("policies:create")]:
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_policy_page_lists_its_assessments_and_offers_start_to_the_owner(client, owner, outsider):
    from tests.assessment_factories import make_assessment

    policy = make_policy(reference="HOU-001", owner=owner)
    start_url = reverse("assessments:start", args=[policy.reference])
    client.force_login(owner)
    assert len(parse(client.get(detail_url(policy))).find_all("form", action=start_url)) == 1
    assessment = make_assessment(policy, by=owner)
    response = client.get(detail_url(policy))
    assert links(response)["EqIA v1"] == assessment.get_absolute_url()
    # one open assessment at a time
    assert start_url not in urls(response)
    client.force_login(outsider)
    response = client.get(detail_url(policy))
    assert table_rows(response, caption="Assessments of HOU-001")[1][0] == "EqIA v1"
    assert assessment.get_absolute_url() not in urls(response)
