"""The demo holds both reference documents: the earlier plan with its published 2022 report,
and the draft 2022-2025 plan with the actions carried into it; loading it again changes
nothing."""

import pytest
from django.core.management import call_command

from core.roles import Role
from plans.demo.seed import EARLIER_TITLE, PLAN_TITLE, seed_plans
from plans.models import Plan, PlanAction, PlanState, ProgressUpdate, RoundState
from tests.factories import make_user


@pytest.mark.django_db
def test_the_demo_plans_are_the_reference_documents_linked_by_what_was_carried(settings):
    make_user("reviewer", Role.EDI_REVIEWER, first_name="Erin", last_name="Reid")
    seed_plans()

    earlier, plan = Plan.objects.get(title=EARLIER_TITLE), Plan.objects.get(title=PLAN_TITLE)
    assert earlier.state == PlanState.PUBLISHED and earlier.signed_pdf_sha256
    report = earlier.rounds.get(year=2022)
    assert report.state == RoundState.PUBLISHED and report.docx
    assert ProgressUpdate.objects.filter(round=report).count() == 21
    assert plan.state == PlanState.DRAFT and plan.carried_from == earlier
    assert PlanAction.objects.filter(objective__theme__plan=plan).count() == 20
    carried = PlanAction.objects.filter(objective__theme__plan=plan, carried_from__isnull=False)
    assert carried.count() == 14
    poverty = carried.get(text__contains="Poverty")
    assert poverty.carried_from.text == "We will review the Equalities Impact Assessment processes."

    seed_plans()  # again: nothing more
    assert Plan.objects.count() == 2
    assert PlanAction.objects.count() == 41


@pytest.mark.django_db
def test_seed_plans_needs_the_demo_logins_first(settings):
    settings.DEBUG = True
    with pytest.raises(Exception, match="run manage.py seed_demo first"):
        call_command("seed_plans")
