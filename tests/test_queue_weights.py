"""The review queue's assessment factors read their weights when the queue is ranked: the
expression for the last signed EqIA's points is built once for a set of weights, never kept
for other weights."""

import datetime

import pytest
from django.utils import timezone

from eqia.models import ActionStatus, AssessmentState
from eqia.queue import queue
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import make_policy

AS_OF = datetime.date(2026, 6, 1)
# Only the assessment factors count.
BASE = {"review_unknown": 0, "relevance_unrated": 0}


def scores() -> dict[str, float]:
    return {entry.reference: entry.score for entry in queue(as_of=AS_OF)}


@pytest.mark.django_db
def test_the_points_of_the_last_signed_eqia_follow_the_weights_at_each_ranking(settings, owner):
    make_policy(reference="NEVER", owner=owner)
    signed = make_assessment(make_policy(reference="SIGNED", owner=owner), by=owner)
    set_state(
        signed,
        AssessmentState.SIGNED_OFF,
        signed_off_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 12)),
    )
    add_action(signed, owner=owner, status=ActionStatus.OPEN)
    settings.EQIA_QUEUE_WEIGHTS = {**BASE, "no_signed_eqia": 25, "open_action": 3}
    assert scores() == {"NEVER": 25, "SIGNED": 3}
    settings.EQIA_QUEUE_WEIGHTS = {**BASE, "no_signed_eqia": 40, "open_action": 7}
    assert scores() == {"NEVER": 40, "SIGNED": 7}
    settings.EQIA_QUEUE_WEIGHTS = {**BASE, "no_signed_eqia": 25, "open_action": 3}
    assert scores() == {"NEVER": 25, "SIGNED": 3}
