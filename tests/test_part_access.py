"""Who may open a part page, who sees its form, and who may post it."""

import pytest
from django.utils import timezone
from guardian.shortcuts import assign_perm

from eqia.models import AssessmentState
from tests.assessment_factories import make_assessment, set_state
from tests.factories import make_policy, make_service_area
from tests.parts import has_edit_form, part_url

ROLES = ["anonymous", "owner", "colleague", "outsider", "reviewer", "signoff", "auditor", "admin"]
LOGIN = "login"


# The roles of these matrices, as the personas' fixture names.
PERSONA_OF = {"signoff": "signoff_officer", "admin": "administrator"}


class World:
    """One assessment of alice's policy, shared with bob, in the given state."""

    def __init__(self, state, personas):
        self.users = {role: personas[PERSONA_OF.get(role, role)] for role in ROLES[1:]}
        policy = make_policy(
            owner=self.users["owner"],
            service_area=make_service_area("Housing"),
            covenant_functions=["housing"],
        )
        assign_perm("policies.edit_assessments", self.users["colleague"], policy)
        self.assessment = make_assessment(policy, by=self.users["owner"], complete=True)
        if state != AssessmentState.DRAFT:
            set_state(self.assessment, state, submitted_at=timezone.now())


def answer(response):
    if response.status_code == 302 and "/sign-in/" in response["Location"]:
        return LOGIN
    return response.status_code


EDITOR_FORM, READ_ONLY = "form", "read-only"

GET_MATRIX = {
    AssessmentState.DRAFT: {
        "anonymous": LOGIN,
        "owner": EDITOR_FORM,
        "colleague": EDITOR_FORM,
        "outsider": 404,
        "reviewer": 404,
        "signoff": 404,
        "auditor": 404,
        "admin": READ_ONLY,
    },
    AssessmentState.IN_REVIEW: {
        "anonymous": LOGIN,
        "owner": READ_ONLY,
        "colleague": READ_ONLY,
        "outsider": 404,
        "reviewer": READ_ONLY,
        "signoff": 404,
        "auditor": 404,
        "admin": READ_ONLY,
    },
    AssessmentState.CHANGES_REQUESTED: {
        "anonymous": LOGIN,
        "owner": EDITOR_FORM,
        "colleague": EDITOR_FORM,
        "outsider": 404,
        "reviewer": READ_ONLY,
        "signoff": 404,
        "auditor": 404,
        "admin": READ_ONLY,
    },
    AssessmentState.SIGNED_OFF: {
        "anonymous": LOGIN,
        "owner": READ_ONLY,
        "colleague": READ_ONLY,
        "outsider": 404,
        "reviewer": READ_ONLY,
        "signoff": READ_ONLY,
        "auditor": READ_ONLY,
        "admin": READ_ONLY,
    },
}


@pytest.mark.parametrize("state", list(GET_MATRIX))
@pytest.mark.django_db
def test_who_sees_the_form_and_who_sees_the_part_read_only(client, state, personas):
    world = World(state, personas)
    url = part_url(world.assessment, "evidence")
    answers = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = client.get(url)
        answers[role] = answer(response)
        if response.status_code == 200:
            has_form = has_edit_form(response, world.assessment, "evidence")
            answers[role] = EDITOR_FORM if has_form else READ_ONLY
    assert answers == GET_MATRIX[state]


POST_MATRIX = {
    # 302: saved and sent back to the assessment; or, not editable now, sent back to the part
    # page with a message and nothing saved.
    AssessmentState.DRAFT: {
        "anonymous": LOGIN,
        "owner": 302,
        "colleague": 302,
        "outsider": 404,
        "reviewer": 404,
        "signoff": 404,
        "auditor": 404,
        "admin": 403,
    },
    AssessmentState.SIGNED_OFF: {
        "anonymous": LOGIN,
        "owner": 302,
        "colleague": 302,
        "outsider": 404,
        "reviewer": 403,
        "signoff": 403,
        "auditor": 403,
        "admin": 403,
    },
}


@pytest.mark.parametrize("state", list(POST_MATRIX))
@pytest.mark.django_db
def test_only_the_author_side_may_post_a_part(client, state, personas):
    world = World(state, personas)
    url = part_url(world.assessment, "evidence")
    answers = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        data = {"data_sources": f"by {role}", "engagement": "x", "completed": "no"}
        answers[role] = answer(client.post(url, data))
    assert answers == POST_MATRIX[state]
    world.assessment.refresh_from_db()
    expected = "by colleague" if state == AssessmentState.DRAFT else "Census 2021"
    assert world.assessment.data_sources.startswith(expected)


@pytest.mark.django_db
def test_an_unknown_part_is_not_found(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    assert client.get(f"/assessments/{assessment.pk}/parts/nonsense/").status_code == 404
