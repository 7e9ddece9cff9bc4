"""axe-core (WCAG 2.0/2.1/2.2 A and AA) on every kind of page, in the states people meet them:
empty, filled and with errors. Each page is also held to GOV.UK's form and heading patterns:
one h1; "Error: " at the start of the title exactly when an error summary shows; the summary
links to fields that exist; every field's hint and error are tied to it by aria-describedby.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from eqia.models import AssessmentState, Characteristic, ImpactRow
from insight.overdue import overdue_snapshot_record
from tests import plans_scenarios as plans
from tests.assessment_factories import (
    add_action,
    make_assessment,
    set_state,
    take_through_workflow,
)
from tests.browser.conftest import accessibility_violations, sign_in
from tests.factories import make_policy, make_service_area
from tests.publication_helpers import sign_off, without_pdfs

CSV_WITH_ERRORS = (
    b"Reference,Title,Next review,Colour\r\n"
    b"HOU-001,Allocations policy,,blue\r\n"
    b"HOU-002,Tenancy strategy,30/02/2023,red\r\n"
    b",No reference,2027-01-01,green\r\n"
)


@dataclass
class World:
    people: dict
    things: dict = field(default_factory=dict)

    def assessment(self, state=AssessmentState.DRAFT, *, complete=True):
        owner = self.people["owner"]
        policy = make_policy(
            owner=owner, service_area=make_service_area("Housing"), covenant_functions=["housing"]
        )
        assessment = make_assessment(policy, by=owner, complete=complete)
        add_action(assessment, owner=owner)
        if state != AssessmentState.DRAFT:
            set_state(assessment, state)
        return assessment


def click(name: str) -> Callable:
    def act(page) -> None:
        page.locator("main").get_by_role("button", name=name).click()
        page.wait_for_load_state()

    return act


def tick_completed_then_save(page) -> None:
    page.get_by_label("Yes, I\u2019ve completed this section").check()
    click("Save and return to the assessment")(page)
    assert page.locator(".govuk-error-summary").count() == 1


def upload_csv_with_errors(page) -> None:
    page.locator("input[type=file]").set_input_files(
        {"name": "register.csv", "mimeType": "text/csv", "buffer": CSV_WITH_ERRORS}
    )
    click("Check the file")(page)


def clear_title_then_save(page) -> None:
    page.locator("#id_title").fill("")
    click("Save")(page)


# The signed PDF the Check page is given in "check a superseded version".
SUPERSEDED_UPLOAD: dict[str, bytes] = {}


def superseded_on_record(world: World) -> str:
    """A signed PDF on record whose policy has had version 2 signed off since."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.signed_pdfs import on_record, signed_pdf

    # Signed in a thread of its own: pyHanko's event loop cannot run beside Playwright's.
    with ThreadPoolExecutor(max_workers=1) as pool:
        data = pool.submit(signed_pdf).result()
    first = on_record(data, by=world.people["owner"], version=1)
    set_state(first, AssessmentState.SUPERSEDED)
    second = make_assessment(first.policy, by=world.people["owner"])
    set_state(second, AssessmentState.SIGNED_OFF, signed_off_at=timezone.now())
    SUPERSEDED_UPLOAD["pdf"] = data
    return reverse("check:check")


def upload_superseded_pdf(page) -> None:
    page.locator("input[type=file]").set_input_files(
        {"name": "v1_signed.pdf", "mimeType": "application/pdf", "buffer": SUPERSEDED_UPLOAD["pdf"]}
    )
    click("Check the file")(page)
    assert page.locator("#superseded").count() == 1


def move_to_no_service_area_then_save(page) -> None:
    # Refused while the policy's EqIA is open (policies.services, eqia.policy_details).
    page.locator("#id_service_area").select_option("")
    click("Save")(page)


def upload_too_wide_csv(page) -> None:
    headings = ",".join(["Reference", "Title"] + [f"Extra {n}" for n in range(3, 63)])
    page.locator("input[type=file]").set_input_files(
        {"name": "wide.csv", "mimeType": "text/csv", "buffer": f"{headings}\r\n".encode()}
    )
    click("Check the file")(page)


def history_with_sharing(world: World) -> str:
    from core.roles import Role
    from eqia.sharing import policy_share, policy_unshare
    from tests.factories import make_user

    assessment = draft(world)
    bea = make_user("bea", Role.POLICY_OWNER, first_name="Bea", last_name="Baker")
    policy_share(policy=assessment.policy, by=world.people["owner"], colleague=bea)
    policy_unshare(policy=assessment.policy, by=world.people["owner"], colleague=bea)
    return reverse("workflow:history", args=[assessment.pk])


@dataclass(frozen=True)
class Scenario:
    name: str
    user: str | None  # a persona's username, or None for an anonymous visitor
    url: Callable[[World], str]
    act: Callable | None = None
    errors: bool = False  # the page is expected to show an error summary


def draft(world: World) -> object:
    return world.assessment()


def relevant_policy(world: World) -> object:
    return make_policy(owner=world.people["owner"], equality_relevance="high")


def published(world: World) -> object:
    """A signed and published assessment (signed without its PDF: this thread cannot run
    pyHanko beside Playwright), once per world."""
    if "published" not in world.things:
        owner = world.people["owner"]
        approved = take_through_workflow(
            world.assessment(),
            AssessmentState.APPROVED,
            owner=owner,
            reviewer=world.people["reviewer"],
        )
        with without_pdfs():
            world.things["published"] = sign_off(approved, world.people["signoff"])
    return world.things["published"]


def published_page(world: World) -> str:
    assessment = published(world)
    return reverse("published:eqia", args=[assessment.policy.reference, assessment.version])


def withdraw_page(world: World) -> str:
    return reverse("publication:withdraw", args=[published(world).pk])


def insight_data(world: World) -> None:
    """Signed EqIAs with a negative impact and an action, others waiting in each state, and a
    month's overdue count: what the insight pages and the EDI home show, once per world."""
    if "insight" in world.things:
        return
    world.assessment(AssessmentState.SUBMITTED)
    world.assessment(AssessmentState.CHANGES_REQUESTED)
    for _ in range(2):
        assessment = world.assessment(AssessmentState.SIGNED_OFF)
        set_state(assessment, AssessmentState.SIGNED_OFF, signed_off_at=timezone.now())
    poverty = Characteristic.objects.get(name__startswith="Poverty")
    ImpactRow.objects.filter(assessment=assessment, characteristic=poverty).update(
        impact="negative", mitigation="A hardship fund"
    )
    add_action(assessment, owner=world.people["owner"], characteristics=[poverty])
    overdue_snapshot_record(as_of=timezone.localdate())
    world.things["insight"] = True


def insight_page(path: str, query: str = "") -> Callable[[World], str]:
    def url(world: World) -> str:
        insight_data(world)
        return reverse(path) + query

    return url


def link_an_unknown_policy(page) -> None:
    page.locator("#id_cumulative-0-reference").fill("NO-SUCH-1")
    click("Save and add another link")(page)


def lower_relevance_then_save(page) -> None:
    page.locator("#id_equality_relevance").select_option("none")
    click("Save")(page)


SCENARIOS = [
    Scenario("sign-in", None, lambda w: reverse("login")),
    Scenario(
        "sign-in wrong password",
        None,
        lambda w: reverse("login"),
        lambda page: (
            page.get_by_label("Username").fill("alice"),
            page.get_by_label("Password").fill("wrong"),
            click("Sign in")(page),
        ),
        errors=True,
    ),
    Scenario("accessibility statement", None, lambda w: reverse("accessibility")),
    Scenario("my work owner empty", "alice", lambda w: reverse("home")),
    Scenario("my work owner", "alice", lambda w: (draft(w), reverse("home"))[1]),
    Scenario(
        "my work reviewer",
        "erin",
        lambda w: (w.assessment(AssessmentState.SUBMITTED), reverse("home"))[1],
    ),
    Scenario(
        "my work sign-off",
        "sam",
        lambda w: (w.assessment(AssessmentState.APPROVED), reverse("home"))[1],
    ),
    Scenario(
        "my work auditor",
        "audrey",
        lambda w: (w.assessment(AssessmentState.SIGNED_OFF), reverse("home"))[1],
    ),
    Scenario("register", "alice", lambda w: (draft(w), reverse("policies:register"))[1]),
    Scenario(
        "register filtered empty",
        "alice",
        lambda w: (draft(w), reverse("policies:register") + "?q=nothing-matches-this")[1],
    ),
    Scenario("register as admin", "ada", lambda w: (draft(w), reverse("policies:register"))[1]),
    Scenario("review queue", "alice", lambda w: (draft(w), reverse("policies:queue"))[1]),
    Scenario("policy page", "alice", lambda w: draft(w).policy.get_absolute_url()),
    Scenario(
        "policy edit with errors",
        "ada",
        lambda w: reverse("policies:edit", args=[draft(w).policy.reference]),
        clear_title_then_save,
        errors=True,
    ),
    Scenario("policy add", "ada", lambda w: reverse("policies:create")),
    Scenario("import upload", "ada", lambda w: reverse("policies:import")),
    Scenario(
        "import no file",
        "ada",
        lambda w: reverse("policies:import"),
        click("Check the file"),
        errors=True,
    ),
    Scenario(
        "import preview with row errors",
        "ada",
        lambda w: reverse("policies:import"),
        upload_csv_with_errors,
    ),
    Scenario(
        "sharing", "alice", lambda w: reverse("policies:sharing", args=[draft(w).policy.reference])
    ),
    Scenario(
        "policy edit by its owner refused while its EqIA is open",
        "alice",
        lambda w: reverse("policies:edit", args=[draft(w).policy.reference]),
        move_to_no_service_area_then_save,
        errors=True,
    ),
    Scenario(
        "import with too many columns",
        "ada",
        lambda w: reverse("policies:import"),
        upload_too_wide_csv,
        errors=True,
    ),
    Scenario("history with sharing", "alice", history_with_sharing),
    Scenario("task list draft", "alice", lambda w: draft(w).get_absolute_url()),
    Scenario(
        "task list signed off",
        "alice",
        lambda w: w.assessment(AssessmentState.SIGNED_OFF).get_absolute_url(),
    ),
    *[
        Scenario(
            f"part {part}",
            "alice",
            lambda w, part=part: reverse("assessments:part", args=[draft(w).pk, part]),
        )
        for part in (
            "about",
            "screening",
            "evidence",
            "impacts",
            "covenant",
            "aims",
            "outcome",
            "actions",
            "review",
        )
    ],
    *[
        Scenario(
            f"part {part} empty with errors",
            "alice",
            lambda w, part=part: reverse(
                "assessments:part", args=[w.assessment(complete=False).pk, part]
            ),
            tick_completed_then_save,
            errors=True,
        )
        for part in ("about", "impacts", "outcome")
    ],
    Scenario(
        "action add",
        "alice",
        lambda w: reverse("assessments:action_add", args=[draft(w).pk]),
    ),
    Scenario(
        "action add with errors",
        "alice",
        lambda w: reverse("assessments:action_add", args=[draft(w).pk]),
        click("Add the action"),
        errors=True,
    ),
    Scenario("submit", "alice", lambda w: reverse("workflow:submit", args=[draft(w).pk])),
    Scenario(
        "submit with errors",
        "alice",
        lambda w: reverse("workflow:submit", args=[w.assessment(complete=False).pk]),
        errors=True,
    ),
    Scenario(
        "review",
        "erin",
        lambda w: reverse("workflow:review", args=[w.assessment(AssessmentState.IN_REVIEW).pk]),
    ),
    Scenario(
        "sign-off",
        "sam",
        lambda w: reverse("workflow:sign_off", args=[w.assessment(AssessmentState.APPROVED).pk]),
    ),
    Scenario(
        "sign-off with errors",
        "sam",
        lambda w: reverse("workflow:sign_off", args=[w.assessment(AssessmentState.APPROVED).pk]),
        click("Sign off"),
        errors=True,
    ),
    Scenario(
        "history",
        "alice",
        lambda w: reverse("workflow:history", args=[draft(w).pk]),
    ),
    Scenario(
        "review submitted: start the review",
        "erin",
        lambda w: reverse("workflow:review", args=[w.assessment(AssessmentState.SUBMITTED).pk]),
    ),
    Scenario(
        "review refused request changes",
        "erin",
        lambda w: reverse("workflow:review", args=[w.assessment(AssessmentState.IN_REVIEW).pk]),
        click("Request changes"),
        errors=True,
    ),
    Scenario(
        "review by the author when changes are requested",
        "alice",
        lambda w: reverse(
            "workflow:review", args=[w.assessment(AssessmentState.CHANGES_REQUESTED).pk]
        ),
    ),
    Scenario(
        "part with the reply box",
        "alice",
        lambda w: reverse(
            "assessments:part",
            args=[w.assessment(AssessmentState.CHANGES_REQUESTED).pk, "evidence"],
        ),
    ),
    Scenario(
        "read view signed off",
        "audrey",
        lambda w: reverse("workflow:read", args=[w.assessment(AssessmentState.SIGNED_OFF).pk]),
    ),
    Scenario(
        "read view approved",
        "sam",
        lambda w: reverse("workflow:read", args=[w.assessment(AssessmentState.APPROVED).pk]),
    ),
    Scenario(
        "decision",
        "alice",
        lambda w: reverse("workflow:decision", args=[w.assessment(AssessmentState.SIGNED_OFF).pk]),
    ),
    Scenario(
        "decision with errors",
        "alice",
        lambda w: reverse("workflow:decision", args=[w.assessment(AssessmentState.SIGNED_OFF).pk]),
        click("Save the decision taken"),
        errors=True,
    ),
    Scenario(
        "policy edit lowering relevance without a reason",
        "ada",
        lambda w: reverse("policies:edit", args=[relevant_policy(w).reference]),
        lower_relevance_then_save,
        errors=True,
    ),
    Scenario("actions", "erin", lambda w: (draft(w), reverse("actions:list"))[1]),
    Scenario(
        "actions none match",
        "erin",
        lambda w: (draft(w), reverse("actions:list") + "?due=overdue&lead=zzz")[1],
    ),
    Scenario("check", "alice", lambda w: reverse("check:check")),
    Scenario(
        "check with error", "alice", lambda w: reverse("check:check"), click("Check the file"), True
    ),
    Scenario("check a superseded version", "alice", superseded_on_record, upload_superseded_pdf),
    Scenario(
        "audit",
        "audrey",
        lambda w: (w.assessment(AssessmentState.SIGNED_OFF), reverse("audit:list"))[1],
    ),
    # The public pages of published EqIAs, as a visitor who is not signed in meets them.
    Scenario("published list", None, lambda w: (published(w), reverse("published:list"))[1]),
    Scenario(
        "published list none match",
        None,
        lambda w: (published(w), reverse("published:list") + "?q=nothing-matches-this")[1],
    ),
    Scenario(
        "published list with an error",
        None,
        lambda w: (published(w), reverse("published:list") + "?year=1066")[1],
        errors=True,
    ),
    Scenario("published assessment", None, published_page),
    Scenario("public check", None, lambda w: reverse("published:check")),
    Scenario(
        "public check with error",
        None,
        lambda w: reverse("published:check"),
        click("Check the file"),
        errors=True,
    ),
    Scenario("withdraw a publication", "erin", withdraw_page),
    Scenario(
        "withdraw a publication with errors",
        "erin",
        withdraw_page,
        click("Withdraw the publication"),
        errors=True,
    ),
    # Insight: the picture across signed EqIAs, the process measures, the EDI home, the list
    # of assessments in a state, and cumulative-impact links refused on the Impacts part.
    Scenario("insight", "erin", insight_page("insight:index")),
    Scenario(
        "insight with errors",
        "erin",
        insight_page("insight:index", "?year=1066&service_area=nope"),
        errors=True,
    ),
    Scenario("process measures", "audrey", insight_page("insight:process")),
    Scenario(
        "process measures with an error",
        "audrey",
        insight_page("insight:process", "?year=1066"),
        errors=True,
    ),
    Scenario("EDI home", "ada", insight_page("home")),
    Scenario("assessments by state", "ada", insight_page("insight:assessments")),
    Scenario(
        "part impacts with a link refused",
        "alice",
        lambda w: reverse("assessments:part", args=[draft(w).pk, "impacts"]),
        link_an_unknown_policy,
        errors=True,
    ),
    # The equality plans (tests/plans_scenarios.py): the EDI group's pages and the public ones.
    Scenario("plans", "erin", lambda w: (plans.plan(w), reverse("plans:list"))[1]),
    Scenario("plan draft", "erin", plans.page("plans:detail")),
    Scenario("plan adopted", "erin", plans.page("plans:detail", "adopted")),
    Scenario("plan create", "erin", lambda w: reverse("plans:create")),
    Scenario(
        "theme add with errors",
        "erin",
        plans.page("plans:theme_add"),
        click("Add the theme"),
        errors=True,
    ),
    Scenario("objective add", "erin", plans.page("plans:objective_add", "draft", "theme")),
    Scenario("objective page", "erin", plans.page("plans:objective", "adopted", "objective")),
    Scenario(
        "plan action add with errors",
        "erin",
        plans.page("plans:action_add", "draft", "objective"),
        click("Add the action"),
        errors=True,
    ),
    Scenario("plan action remove", "erin", plans.page("plans:remove", "draft", "action", "led")),
    Scenario("plan adopt", "erin", plans.page("plans:adopt")),
    Scenario("plan next", "erin", plans.page("plans:next", "adopted")),
    Scenario(
        "round open with errors",
        "erin",
        plans.page("plans:round_open", "adopted"),
        click("Open the round"),
        errors=True,
    ),
    Scenario("round returns", "erin", plans.page("plans:round", "adopted", 2026)),
    Scenario(
        "progress with errors",
        "erin",
        plans.page("plans:progress", "adopted", 2026, "team_led"),
        click("Save the progress"),
        errors=True,
    ),
    Scenario("round approve", "erin", plans.page("plans:round_approve", "adopted", 2026)),
    Scenario("plan import", "erin", lambda w: reverse("plans:import")),
    Scenario(
        "plan import preview with row errors",
        "erin",
        lambda w: reverse("plans:import"),
        plans.upload_plan_with_errors,
        errors=True,
    ),
    Scenario("progress import", "erin", plans.page("plans:progress_import", "adopted", 2026)),
    Scenario("public plans", None, plans.public("equality_plans:index")),
    Scenario("public plan", None, plans.public("equality_plans:plan")),
    Scenario("public report", None, plans.public("equality_plans:report", 2026)),
]


@pytest.fixture
def people(owner, reviewer, signoff_officer, auditor, administrator):
    return {
        "owner": owner,
        "reviewer": reviewer,
        "signoff": signoff_officer,
        "auditor": auditor,
        "administrator": administrator,
    }


# Run in the page: the GOV.UK patterns axe does not check.
PATTERNS = """() => {
  const problems = [];
  const h1s = document.querySelectorAll('h1').length;
  if (h1s !== 1) problems.push(`${h1s} h1 elements, not one`);
  const summary = document.querySelector('.govuk-error-summary');
  const titled = document.title.startsWith('Error: ');
  if (summary && !titled) problems.push('an error summary but the title lacks "Error: "');
  if (!summary && titled) problems.push('"Error: " in the title but no error summary');
  if (summary) {
    for (const link of summary.querySelectorAll('.govuk-error-summary__list a')) {
      const target = link.getAttribute('href');
      if (!target.startsWith('#') && !target.startsWith('/'))
        problems.push(`summary link ${target}`);
      if (target.startsWith('#') && !document.getElementById(target.slice(1)))
        problems.push(`summary link ${target} has no element on the page`);
    }
  }
  const targets = summary ? [...summary.querySelectorAll('a[href^="#"]')]
    .map(link => document.getElementById(link.getAttribute('href').slice(1))).filter(Boolean) : [];
  for (const group of document.querySelectorAll('.govuk-form-group--error')) {
    if (!summary) problems.push('a field in error but no error summary');
    else if (!targets.some(target => group.contains(target)))
      problems.push(`no summary link to the field in error ${group.querySelector('[name]')?.name}`);
  }
  for (const message of document.querySelectorAll('.govuk-error-message[id], .govuk-hint[id]')) {
    const group = message.closest('.govuk-form-group');
    if (!group) continue;
    const tied = [...group.querySelectorAll('[aria-describedby]')].some(
      el => el.getAttribute('aria-describedby').split(/\\s+/).includes(message.id));
    if (!tied) problems.push(`#${message.id} is not in any aria-describedby of its group`);
  }
  const fields = 'main input:not([type=hidden]), main select, main textarea';
  for (const input of document.querySelectorAll(fields)) {
    const labelled = input.labels.length || input.getAttribute('aria-label')
      || input.getAttribute('aria-labelledby');
    if (!labelled) problems.push(`${input.name} has no label`);
  }
  return problems;
}"""


USERS = sorted({s.user or "" for s in SCENARIOS})


def check(page, world: World, scenario: Scenario) -> list[str]:
    """The scenario's page, as its user meets it: every problem found, or none."""
    url = scenario.url(world)
    response = page.goto(url)
    if not response.ok:
        return [f"{url} answered {response.status}"]
    if scenario.act:
        scenario.act(page)
    if scenario.errors and page.locator(".govuk-error-summary").count() != 1:
        return ["no error summary"]
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"][:10])
        for v in accessibility_violations(page)
    ]
    return problems + page.evaluate(PATTERNS)


# One test per user (signing in once, one database reset): each of their scenarios in turn,
# every problem of every page reported together.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("user", USERS, ids=[u or "anonymous" for u in USERS])
def test_every_page_has_no_accessibility_violations(page, people, user: str):
    world = World(people)
    if user:
        sign_in(page, user)
    failures = []
    checked = 0
    for scenario in SCENARIOS:
        if (scenario.user or "") != user:
            continue
        checked += 1
        started = time.monotonic()
        problems = check(page, world, scenario)
        print(f"{time.monotonic() - started:5.2f}s {scenario.name}")
        if problems:
            failures.append(f"{scenario.name} ({page.url}):\n  - " + "\n  - ".join(problems))
    print(f"{checked} pages checked as {user or 'anonymous'}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_the_accessibility_statement_is_public_and_follows_the_sample_statement(client, settings):
    settings.EQIA_COUNCIL_NAME = "Borsetshire District Council"
    settings.EQIA_ACCESSIBILITY_CONTACT_EMAIL = "access@borsetshire.gov.uk"
    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for heading in (
        "How accessible this service is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this service\u2019s accessibility",
        "Compliance status",
        "How we tested this service",
        "Preparation of this accessibility statement",
    ):
        assert f">{heading}</h" in html, heading
    for words in (
        "Borsetshire District Council",
        'href="mailto:access@borsetshire.gov.uk"',
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "version 2.2",
        "axe-core",
        "320 CSS pixels",
        "JavaScript switched off",
        "PDF/A-3a",
        "This statement was prepared on",
    ):
        assert words in html, words
    # Every page's footer links to it, signed in or not.
    assert f'href="{reverse("accessibility")}"' in client.get(reverse("login")).content.decode()
