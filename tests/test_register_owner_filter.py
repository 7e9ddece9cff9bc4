"""The register's owner filter: people by name, then those known only by their address (the
import's new accounts), each sorted; never an address twice."""

import pytest
from django.urls import reverse

from tests.factories import make_policy, make_user
from tests.page import parse


def owner_choices(client) -> list[str]:
    select = parse(client.get(reverse("policies:register"))).find("select", name="owner")
    return [option.text for option in select.find_all("option")]


def nameless(address: str):
    return make_user(address, email=address, first_name="")


@pytest.mark.django_db
def test_owners_are_listed_by_name_then_by_address_each_sorted(client, owner, colleague):
    for person in (
        nameless("zoe.new@example.gov.uk"),
        owner,
        nameless("Adam.New@example.gov.uk"),
        make_user("dora", first_name="dora", last_name="Evans"),
        colleague,
        make_user("carl", first_name="Carl", last_name="Ames"),
    ):
        make_policy(owner=person)
    make_user("nobody", first_name="Aaron")  # owns nothing: not offered
    client.force_login(owner)
    assert owner_choices(client) == [
        "All owners",
        "Alice Owen (alice@example.gov.uk)",
        "Bob Baker (bob@example.gov.uk)",
        "Carl Ames (carl@example.gov.uk)",
        "dora Evans (dora@example.gov.uk)",
        "Adam.New@example.gov.uk",
        "zoe.new@example.gov.uk",
    ]


@pytest.mark.django_db
def test_someone_owning_several_policies_is_offered_once(client, owner):
    make_policy(owner=owner)
    make_policy(owner=owner)
    client.force_login(owner)
    assert owner_choices(client) == ["All owners", "Alice Owen (alice@example.gov.uk)"]
