import pytest
from django.urls import reverse

from core.refusals import Refused
from eqia.access import Capability, get_assessment_for, policies_shared_with
from eqia.sharing import policy_share, policy_unshare, shared_colleagues
from tests.assessment_factories import make_assessment
from tests.factories import make_policy
from tests.page import error_summary, field_error, parse, title


def sharing_url(policy) -> str:
    return reverse("policies:sharing", args=[policy.reference])


@pytest.mark.django_db
def test_a_shared_colleague_edits_the_policys_assessments(owner, colleague):
    assessment = make_assessment(by=owner)
    with pytest.raises(Exception) as before:
        get_assessment_for(colleague, assessment.pk)
    assert before.type.__name__ == "Http404"
    policy_share(policy=assessment.policy, by=owner, colleague=colleague)
    _, rights = get_assessment_for(colleague, assessment.pk, Capability.EDIT)
    assert rights.can_edit
    assert list(policies_shared_with(colleague)) == [assessment.policy]
    assert shared_colleagues(assessment.policy) == [colleague]


@pytest.mark.django_db
def test_unsharing_takes_the_access_away(owner, colleague):
    policy = make_policy(owner=owner)
    policy_share(policy=policy, by=owner, colleague=colleague)
    policy_unshare(policy=policy, by=owner, colleague=colleague)
    assert not policies_shared_with(colleague).exists()


@pytest.mark.django_db
def test_only_the_owner_or_an_administrator_shares(owner, colleague, outsider, administrator):
    policy = make_policy(owner=owner)
    with pytest.raises(Refused, match="Only the policy's owner or an administrator"):
        policy_share(policy=policy, by=outsider, colleague=colleague)
    policy_share(policy=policy, by=administrator, colleague=colleague)
    assert shared_colleagues(policy) == [colleague]


@pytest.mark.django_db
def test_sharing_with_the_owner_is_refused_with_a_reason(owner):
    policy = make_policy(owner=owner)
    with pytest.raises(Refused) as refused:
        policy_share(policy=policy, by=owner, colleague=owner)
    assert [str(r) for r in refused.value.reasons] == [
        "The owner already edits this policy's assessments"
    ]


@pytest.mark.django_db
def test_sharing_page_adds_and_removes_colleagues(client, owner, colleague):
    policy = make_policy(owner=owner)
    client.force_login(owner)
    assert client.get(sharing_url(policy)).status_code == 200
    response = client.post(sharing_url(policy), {"colleague": colleague.pk})
    assert response.status_code == 302
    assert shared_colleagues(policy) == [colleague]
    shared_with = parse(client.get(sharing_url(policy))).find("ul", class_="govuk-list")
    assert [item.text for item in shared_with.find_all("li")] == [
        "Bob Baker (bob@example.gov.uk) Remove Bob Baker"
    ]
    client.post(sharing_url(policy), {"remove": colleague.pk})
    assert shared_colleagues(policy) == []


@pytest.mark.django_db
def test_sharing_page_shows_an_error_when_no_colleague_is_chosen(client, owner):
    policy = make_policy(owner=owner)
    client.force_login(owner)
    response = client.post(sharing_url(policy), {"colleague": ""})
    assert title(response).startswith(f"Error: Share {policy.reference} – ")
    assert error_summary(response) == ["This field is required."]
    assert parse(response).find("a", href="#id_colleague").text == "This field is required."
    assert field_error(response, "id_colleague") == "This field is required."


@pytest.mark.django_db
def test_other_people_may_not_open_the_sharing_page(client, owner, outsider):
    policy = make_policy(owner=owner)
    client.force_login(outsider)
    assert client.get(sharing_url(policy)).status_code == 403
    assert client.post(sharing_url(policy), {"colleague": outsider.pk}).status_code == 403
    assert shared_colleagues(policy) == []


@pytest.mark.django_db
def test_an_auditor_is_neither_offered_nor_given_edit_access(
    client, owner, colleague, auditor, reviewer
):
    policy = make_policy(owner=owner)
    client.force_login(owner)
    offered = [
        option.attrs["value"]
        for option in parse(client.get(sharing_url(policy)))
        .find(id="id_colleague")
        .find_all("option")
    ]
    assert str(colleague.pk) in offered and str(reviewer.pk) in offered
    assert str(auditor.pk) not in offered

    response = client.post(sharing_url(policy), {"colleague": auditor.pk})
    assert field_error(response, "id_colleague") == (
        "Select a valid choice. That choice is not one of the available choices."
    )
    with pytest.raises(Refused, match="is an auditor: auditors read and verify EqIAs"):
        policy_share(policy=policy, by=owner, colleague=auditor)
    assert shared_colleagues(policy) == []
