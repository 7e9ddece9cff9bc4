import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from core.roles import Role, has_role
from policies.demo.seed import DEMO_PASSWORD, DEMO_USERS
from policies.models import Policy, PolicyStatus


@pytest.fixture(autouse=True)
def development(settings):
    """seed_demo runs only on a development or demonstration copy (DEBUG on)."""
    settings.DEBUG = True


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off_and_makes_no_login(settings, capsys):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="runs only with DEBUG=1"):
        call_command("seed_demo")
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_seed_demo_loads_about_sixty_policies_and_one_login_per_role(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert 55 <= Policy.objects.filter(status=PolicyStatus.ACTIVE).count() <= 70
    assert {demo.role for demo in DEMO_USERS} == set(Role)
    for demo in DEMO_USERS:
        user = User.objects.get(username=demo.username)
        assert user.check_password(DEMO_PASSWORD)
        assert has_role(user, demo.role)
        assert f"  {demo.username}" in output
    assert DEMO_PASSWORD in output
    assert Policy.objects.filter(owner__username="owner").count() >= 5
    assert Policy.objects.filter(next_review__isnull=True).exists()  # "unknown" shown too
    assert Policy.objects.exclude(covenant_functions=[]).exists()


@pytest.mark.django_db
def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    first = list(Policy.objects.values_list("reference", "title", "next_review", "owner_id"))
    users = User.objects.count()
    capsys.readouterr()
    call_command("seed_demo")
    assert (
        list(Policy.objects.values_list("reference", "title", "next_review", "owner_id")) == first
    )
    assert User.objects.count() == users
    assert (
        "Demo register: all 62 demo policies are loaded already; left as they are"
        in capsys.readouterr().out
    )


@pytest.mark.django_db
def test_seed_demo_adds_assessments_in_every_state(capsys):
    from eqia.audit import verify_audit_trails
    from eqia.models import Assessment, AssessmentState, Impact

    call_command("seed_demo")
    states = set(Assessment.objects.values_list("state", flat=True))
    assert states == set(AssessmentState.values)
    covenant = Assessment.objects.exclude(policy__covenant_functions=[])
    assert covenant.exists()
    assert Assessment.objects.filter(policy__covenant_functions=[]).exists()
    poverty_negative = Assessment.objects.filter(
        impacts__characteristic__name__startswith="Poverty",
        impacts__impact=Impact.NEGATIVE,
        impacts__mitigation__gt="",
    )
    assert poverty_negative.filter(state=AssessmentState.SIGNED_OFF).count() == 2
    twenty = Assessment.objects.get(policy__reference="HOU-001", state=AssessmentState.SIGNED_OFF)
    assert twenty.plan_actions.count() == 20
    assert twenty.frozen_content and len(twenty.content_sha256) == 64
    assert "Demo assessments made: 9" in capsys.readouterr().out
    call_command("seed_demo")
    assert Assessment.objects.count() == 9
    assert verify_audit_trails().intact


def test_seed_demo_makes_a_development_signing_key_when_none_is_configured(settings, tmp_path):
    from policies.demo.seed import ensure_development_signing_key

    settings.EQIA_SIGNING_PKCS12 = ""
    settings.DEVELOPMENT_SIGNING_DIR = tmp_path / "signing"
    assert ensure_development_signing_key() == str(tmp_path / "signing")
    assert (tmp_path / "signing" / "eqia-signing.p12").exists()
    assert [str(tmp_path / "signing" / "eqia-ca.pem")] == settings.EQIA_SIGNING_TRUST_ROOTS
    # A configured key is left alone.
    assert ensure_development_signing_key() is None


@pytest.fixture
def key_of_two_years(settings, tmp_path):
    """A signing key valid since before the demo's history began, as seed_demo makes one."""
    import datetime

    from core.signing_keys import create_development_key

    key = create_development_key(
        tmp_path / "key",
        valid_from=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=730),
    )
    for name, value in key.settings().items():
        setattr(settings, name, value)
    settings.EQIA_SIGNING_TRUST_ROOTS = [str(key.ca_path)]
    return key


@pytest.mark.django_db
def test_the_demo_reads_like_a_councils_year(key_of_two_years, capsys):
    import re

    from eqia.models import Action, ActionStatus, Assessment, AssessmentState, AuditEntry
    from workflow.documents.verification import verify_pdf_bytes
    from workflow.views.check import superseded_by

    call_command("seed_demo")
    first, second = Assessment.objects.filter(policy__reference="HOU-001").order_by("version")
    # Signed off about a year apart, each after its own review, not in the same minute.
    assert 300 <= (second.signed_off_at - first.signed_off_at).days <= 400
    assert first.state == AssessmentState.SUPERSEDED
    for assessment in Assessment.objects.all():
        times = list(
            AuditEntry.objects.filter(assessment=assessment)
            .order_by("sequence")
            .values_list("at", flat=True)
        )
        assert times == sorted(times), assessment
        assert (times[-1] - times[0]).days >= (
            5 if assessment.state != AssessmentState.DRAFT else 0
        ), assessment
    # The sign-off officer has a job title, on the record and in the signature.
    assert second.frozen_content["sign_off"]["job_title"] == "Director of Place and Communities"
    # Every action reads as a council writes one: its own words, a lead, a success measure.
    actions = list(Action.objects.all())
    descriptions = [action.description for action in actions]
    assert len(descriptions) == len(set(descriptions))
    assert not [text for text in descriptions if re.search(r"\bAction \d+\b", text)]
    assert all(action.success_measure for action in actions)
    assert all(action.owner_id or action.lead_team for action in actions)
    assert any(action.owner_id and not action.lead_team for action in actions)  # a person
    assert any(action.lead_team and not action.owner_id for action in actions)  # a team
    assert any(action.owner_id and action.lead_team for action in actions)  # both
    # What v1 planned came of something before v2: one done, one carried on, in progress.
    assert first.actions.filter(status=ActionStatus.DONE).count() == 2
    (inherited,) = second.plan_actions.filter(assessment=first)
    assert inherited.status == ActionStatus.IN_PROGRESS
    assert "Forum met; two changes made to the letters." in second.previous_plans
    assert "EqIA v2 inherits it" in second.previous_plans
    # v1's signed PDF is still valid, and the Check page says v2 superseded it.
    with first.signed_pdf.open("rb") as signed:
        verdict = verify_pdf_bytes(signed.read())
    assert verdict.valid, verdict.problems
    newer = superseded_by(first.pk, Assessment.objects.all())
    assert newer is not None and newer.version == 2


def test_a_short_lived_development_key_is_renewed_before_the_demo_signs_anything(
    settings, tmp_path
):
    from cryptography.hazmat.primitives.serialization import pkcs12

    from core.signing_keys import create_development_key
    from policies.demo.seed import DEMO_HISTORY_DAYS, ensure_development_signing_key

    settings.DEVELOPMENT_SIGNING_DIR = tmp_path / "signing"
    key = create_development_key(tmp_path / "signing")  # valid from a few minutes ago
    for name, value in key.settings().items():
        setattr(settings, name, value)

    def valid_days_back() -> int:
        data = (tmp_path / "signing" / "eqia-signing.p12").read_bytes()
        _, certificate, _ = pkcs12.load_key_and_certificates(data, key.passphrase.encode())
        import datetime

        return (datetime.datetime.now(datetime.UTC) - certificate.not_valid_before_utc).days

    assert ensure_development_signing_key(renew=False) is None  # something may be signed
    assert valid_days_back() == 0
    assert ensure_development_signing_key(renew=True) == str(tmp_path / "signing")
    assert valid_days_back() >= DEMO_HISTORY_DAYS - 1
    assert ensure_development_signing_key(renew=True) is None  # long-lived now: kept

    other = create_development_key(tmp_path / "elsewhere")  # a key configured by someone
    for name, value in other.settings().items():
        setattr(settings, name, value)
    assert ensure_development_signing_key(renew=True) is None
