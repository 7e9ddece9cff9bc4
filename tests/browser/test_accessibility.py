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

from eqia.models import AssessmentState
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.browser.conftest import accessibility_violations, sign_in
from tests.factories import make_policy, make_service_area

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
    Scenario(
        "audit",
        "audrey",
        lambda w: (w.assessment(AssessmentState.SIGNED_OFF), reverse("audit:list"))[1],
    ),
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
