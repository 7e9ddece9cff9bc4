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
