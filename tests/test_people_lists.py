"""Guardian's AnonymousUser (the account django-guardian keeps for visitors' object permissions)
is nobody: no list of people offers it (core.people.people(), the one source of those lists),
and it can own no policy, so the register's owner filter never names it.

It is given a name, an address and every role here, so that only the rule keeps it out."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.utils import get_anonymous_user

from core.roles import Role
from policies.models import Policy
from tests.assessment_factories import make_assessment
from tests.factories import make_policy
from tests.page import field_error, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    """Guardian's account, made to look like anybody else."""
    user = get_anonymous_user()
    user.first_name, user.last_name, user.email = "Anne", "Onymous", "anne@example.gov.uk"
    user.is_active = True
    user.save()
    user.groups.add(*Group.objects.filter(name__in=Role.values))
    return user


def options(page, name: str) -> dict[str, str]:
    """The choices a select or a set of radios offers: value -> text."""
    (select,) = [s for s in parse(page).find_all("select") if s.attrs.get("name") == name]
    return {o.attrs.get("value", ""): o.text for o in select.find_all("option")}


def assert_not_offered(page, name: str, anonymous) -> None:
    offered = options(page, name)
    assert offered, f"no {name} list on the page"
    assert str(anonymous.pk) not in offered
    assert not [text for text in offered.values() if "Onymous" in text or "Anonymous" in text]


def test_no_list_of_people_offers_guardians_anonymous_user(client, anonymous, owner, administrator):
    assessment = make_assessment(by=owner)
    policy = assessment.policy
    client.force_login(owner)
    assert_not_offered(
        client.get(reverse("policies:sharing", args=[policy.reference])), "colleague", anonymous
    )
    assert_not_offered(
        client.get(reverse("assessments:action_add", args=[assessment.pk])), "owner", anonymous
    )
    assert_not_offered(client.get(reverse("policies:register")), "owner", anonymous)
    client.force_login(administrator)
    assert_not_offered(client.get(reverse("policies:create")), "owner", anonymous)
    assert_not_offered(
        client.get(reverse("policies:edit", args=[policy.reference])), "owner", anonymous
    )


def test_guardians_anonymous_user_cannot_be_chosen_by_its_key(client, anonymous, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)

    shared = client.post(
        reverse("policies:sharing", args=[assessment.policy.reference]),
        {"colleague": anonymous.pk},
    )
    led = client.post(
        reverse("assessments:action_add", args=[assessment.pk]),
        {"description": "Consult", "owner": anonymous.pk, "due_date": "31/03/2027"},
    )

    assert field_error(shared, "id_colleague").startswith("Select a valid choice.")
    assert field_error(led, "id_owner").startswith("Select a valid choice.")


def test_guardians_anonymous_user_can_own_no_policy(client, anonymous, administrator):
    client.force_login(administrator)
    policy = make_policy(reference="HOU-001", title="Allocations")
    created = client.post(
        reverse("policies:create"),
        {"reference": "HOU-002", "title": "Tenancy", "status": "active", "owner": anonymous.pk},
    )
    policy.owner = anonymous

    with pytest.raises(ValidationError) as refused:
        policy.full_clean()  # the Django admin and every form clean the model so

    assert field_error(created, "id_owner").startswith("Select a valid choice.")
    assert "owner" in refused.value.message_dict
    assert not Policy.objects.filter(owner=anonymous).exists()
