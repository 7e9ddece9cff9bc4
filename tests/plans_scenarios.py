"""The equality plan pages for the accessibility scenarios (tests/browser/test_accessibility.py):
each function takes the scenario's world (``people``, ``things``) and returns the page's address,
building a small plan through the services first. Nothing here signs a PDF: that cannot run in
the test's thread beside Playwright, so a "published" plan or report is put in that state
directly (its pages need no file)."""

import datetime
import importlib
import itertools
from collections.abc import Callable
from typing import Any

from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from plans.models import PlanState, ProgressRound, RoundState
from plans.progress import progress_write, round_open
from tests.plans_factories import SmallPlan, adopted, small_plan, status

_numbers = itertools.count(1)

PLAN_FILE_WITH_ERRORS = (
    b"Theme,Aim,Objective,Action,Lead,Target,Connections\r\n"
    b"As an Employer,A diverse workforce.,We will train staff.,Train managers,HR,May 2027,\r\n"
    b",,,,nobody@example.org,June 2027,\r\n"
)


def statuses() -> None:
    """The statuses the migration seeds (the browser tests empty the database)."""
    migration = importlib.import_module("plans.migrations.0002_progress_statuses")
    migration.add_statuses(django_apps, None)


def plan(world: Any, kind: str = "draft") -> SmallPlan:
    """A small plan of ``kind``: draft, adopted (with an open 2026 round, one return written)
    or published (with its 2026 report published); one of each per world."""
    key = f"plan-{kind}"
    if key not in world.things:
        statuses()
        manager = world.people["reviewer"]
        small = small_plan(manager, None, title=f"Accessible plan {next(_numbers)}")
        if kind != "draft":
            adopted(small, manager)
            round = round_open(
                plan=small.plan,
                by=manager,
                year=2026,
                deadline=timezone.localdate() + datetime.timedelta(days=30),
            )
            progress_write(
                round=round,
                action=small.led,
                by=manager,
                text="Twelve trained:\n\n- six in Housing\n- six in Revenues",
                status=status(),
                reason="Training carries on next year",
            )
        if kind == "published":
            progress_write(
                round=round, action=small.team_led, by=manager, text="Held.", status=status()
            )
            now = timezone.now()
            ProgressRound.objects.filter(pk=round.pk).update(
                state=RoundState.PUBLISHED, approved_at=now, published_at=now
            )
            small.plan.state, small.plan.published_at = PlanState.PUBLISHED, now
            small.plan.save(update_fields=["state", "published_at"])
        world.things[key] = small
    return world.things[key]


def page(name: str, kind: str = "draft", *args: Any) -> Callable[[Any], str]:
    """A plan page's address: ``name`` with the plan's slug, then ``args`` where "theme",
    "objective", "led" and "team_led" stand for that part of the plan."""

    def url(world: Any) -> str:
        small = plan(world, kind)
        parts = {
            "theme": small.theme.pk,
            "objective": small.objective.pk,
            "led": small.led.pk,
            "team_led": small.team_led.pk,
        }
        return reverse(name, args=[small.plan.slug, *[parts.get(a, a) for a in args]])

    return url


def upload_plan_with_errors(page: Any) -> None:
    page.get_by_label("The plan's title").fill("Imported plan 2026-2029")
    page.get_by_label("First year").fill("2026")
    page.get_by_label("Last year").fill("2029")
    page.locator("input[type=file]").set_input_files(
        {"name": "plan.csv", "mimeType": "text/csv", "buffer": PLAN_FILE_WITH_ERRORS}
    )
    page.locator("main").get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()


def public(name: str, *args: Any) -> Callable[[Any], str]:
    def url(world: Any) -> str:
        small = plan(world, "published")
        if name == "equality_plans:index":
            return reverse(name)
        return reverse(name, args=[small.plan.slug, *args])

    return url
