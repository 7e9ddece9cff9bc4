"""is_author_side asks guardian about one policy only, and answers as policies_shared_with
does: the owner, colleagues it is shared with directly or through a group, nobody else."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from eqia.access import EDIT_PERMISSION, is_author_side, policies_shared_with
from tests.factories import make_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies(owner, colleague, outsider, reviewer):
    mine = make_policy(reference="MINE", owner=owner)
    shared = make_policy(reference="SHARED", owner=owner)
    assign_perm(f"policies.{EDIT_PERMISSION}", colleague, shared)
    through_group = make_policy(reference="TEAM", owner=owner)
    team = Group.objects.create(name="Housing team")
    team.user_set.add(reviewer)
    assign_perm(f"policies.{EDIT_PERMISSION}", team, through_group)
    return [mine, shared, through_group, make_policy(reference="NOBODYS")]


def test_it_answers_as_policies_shared_with(policies, owner, colleague, outsider, reviewer):
    for person in (owner, colleague, outsider, reviewer):
        shared = set(policies_shared_with(person).values_list("reference", flat=True))
        answered = {policy.reference for policy in policies if is_author_side(person, policy)}
        assert answered == shared, person.username
    assert {p.reference for p in policies if is_author_side(colleague, p)} == {"SHARED"}
    assert {p.reference for p in policies if is_author_side(reviewer, p)} == {"TEAM"}
    assert not any(is_author_side(AnonymousUser(), policy) for policy in policies)


def test_the_owner_is_known_without_a_query(policies, owner):
    with CaptureQueriesContext(connection) as queries:
        assert is_author_side(owner, policies[0])
    assert len(queries) == 0


def test_anyone_else_is_asked_about_that_policy_alone(policies, colleague):
    with CaptureQueriesContext(connection) as queries:
        assert is_author_side(colleague, policies[1])
    (query,) = queries
    assert f'"policies_policy"."id" = {policies[1].pk}' in query["sql"]
    # Every read of the policy table is of this row: no subquery over the whole register.
    sql = query["sql"]
    restricted = re.findall(
        rf'FROM "policies_policy"(?: \w+)? WHERE \(?(?:"?\w+"?\.)?"id" = {policies[1].pk}\b', sql
    )
    assert len(restricted) == sql.count('FROM "policies_policy"') > 0, sql
