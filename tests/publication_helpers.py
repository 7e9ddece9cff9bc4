"""Signed assessments for the publication tests: complete, taken through the workflow's moves by
the personas, published (or not) by their sign-off, with or without a real signed PDF."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from eqia.models import Assessment, AssessmentState, Characteristic, Impact
from eqia.services import assessment_start
from policies.models import Policy
from tests.assessment_factories import fill_complete, make_assessment, take_through_workflow
from tests.factories import make_policy, make_service_area
from workflow.services import make_move

POVERTY = "Poverty (socio-economic disadvantage)"
SIGNING = {"attestation": True, "attestation_text": settings.EQIA_ATTESTATION}


@contextmanager
def without_pdfs() -> Iterator[None]:
    """Sign-offs that skip rendering and signing the PDF (a second or so each): for tests of
    what is published, not of the PDF."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("workflow.moves.issue_signed_pdf", lambda assessment: b"")
        yield


def housing_policy(owner: User, reference: str, title: str, **fields: Any) -> Policy:
    fields.setdefault("service_area", make_service_area("Housing"))
    fields.setdefault("covenant_functions", ["housing"])
    return make_policy(reference=reference, title=title, owner=owner, **fields)


def rate_negative(assessment: Assessment, name: str = POVERTY) -> None:
    """One group rated negative, with its evidence and mitigation (as the impacts part saves
    it; the part stays complete)."""
    row = assessment.impacts.get(characteristic=Characteristic.objects.get(name=name))
    row.impact = Impact.NEGATIVE
    row.evidence = "Households on low incomes are more likely to fall into arrears."
    row.mitigation = "A hardship fund covers deposits and removal costs."
    row.save()


def approved_assessment(
    policy: Policy, people: dict[str, User], *, negative: str = "", **fields: Any
) -> Assessment:
    """A complete assessment of ``policy`` (the next version, when one was signed), approved."""
    owner = people["owner"]
    if policy.assessments.exists():
        assessment = assessment_start(policy=policy, by=owner)
        fill_complete(assessment, by=owner, **fields)
    else:
        assessment = make_assessment(policy, by=owner, complete=True, **fields)
    if negative:
        rate_negative(assessment, negative)
    return take_through_workflow(
        assessment, AssessmentState.APPROVED, owner=owner, reviewer=people["reviewer"]
    )


def sign_off(assessment: Assessment, by: User, **data: Any) -> Assessment:
    signed = make_move("sign_off", assessment=assessment, by=by, data={**SIGNING, **data})
    signed.refresh_from_db()
    return signed


def signed_assessment(
    policy: Policy, people: dict[str, User], *, negative: str = "", **data: Any
) -> Assessment:
    """A complete assessment of ``policy``, signed off by sam (published by default)."""
    approved = approved_assessment(policy, people, negative=negative)
    return sign_off(approved, people["signoff_officer"], **data)
