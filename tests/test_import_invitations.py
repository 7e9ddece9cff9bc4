"""Accounts the register import creates (policies.importing.create_accounts) are e-mailed an
invitation to choose a password (core.accounts.invite) once the import is committed: never on a
dry run, never when nothing is written, never to an account that already existed."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policies.importing import import_policies
from tests.factories import make_user

pytestmark = pytest.mark.django_db

REGISTER = (
    b"Reference,Title,Owner email\r\n"
    b"HOU-001,Allocations policy,new.owner@example.gov.uk\r\n"
    b"HOU-002,Tenancy strategy,NEW.OWNER@example.gov.uk\r\n"
    b"HOU-003,Homelessness strategy,known@example.gov.uk\r\n"
)
LINK = re.compile(r"^(https?://\S+/password/reset/\S+/)$", re.MULTILINE)


def invitation_link(message) -> str:
    (link,) = LINK.findall(message.body)
    return link


def test_each_new_account_is_invited_once_after_the_import_is_committed(
    mailoutbox, django_capture_on_commit_callbacks
):
    make_user("known", email="known@example.gov.uk")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = import_policies(content=REGISTER, filename="register.csv")
        assert mailoutbox == []  # nothing is sent before the import is committed
    for callback in callbacks:
        callback()

    assert result.accounts_created == ["new.owner@example.gov.uk"]
    (message,) = mailoutbox
    assert message.to == ["new.owner@example.gov.uk"]
    assert message.subject == "Your account for the equality impact assessments service"
    assert "Your username is new.owner@example.gov.uk." in message.body
    assert invitation_link(message).startswith("http://127.0.0.1:8000/password/reset/")


def test_the_invitation_lets_the_new_owner_choose_a_password_and_sign_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_policies(content=REGISTER, filename="register.csv")
    new_owner = User.objects.get(email="new.owner@example.gov.uk")
    assert not new_owner.has_usable_password()
    path = urlsplit(invitation_link(mailoutbox[0])).path

    choose = client.get(path, follow=True)
    chosen = client.post(
        choose.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
    )

    assert chosen.status_code == 302
    assert chosen["Location"] == reverse("password_reset_complete")
    signed_in = client.post(
        reverse("login"),
        {"username": "new.owner@example.gov.uk", "password": "a-long-new-passphrase"},
    )
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/")


def test_a_dry_run_invites_nobody(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_policies(content=REGISTER, filename="register.csv", dry_run=True)

    assert result.accounts_created == ["new.owner@example.gov.uk", "known@example.gov.uk"]
    assert (callbacks, mailoutbox) == ([], [])
    assert not User.objects.filter(email="new.owner@example.gov.uk").exists()


def test_an_import_refused_for_errors_invites_nobody(
    mailoutbox, django_capture_on_commit_callbacks
):
    content = REGISTER + b"HOU-004,,another.owner@example.gov.uk\r\n"  # no title: an error

    with django_capture_on_commit_callbacks(execute=True):
        result = import_policies(content=content, filename="register.csv")

    assert not result.written
    assert mailoutbox == []


def test_the_upload_page_invites_on_confirmation_only(
    client, administrator, settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("policies:import"), {"file": SimpleUploadedFile("register.csv", REGISTER)}
        )
    assert mailoutbox == []  # the preview is a dry run
    token = client.session["policy_import_uploads"].popitem()[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("policies:import_confirm"), {"token": token})

    assert sorted(message.to[0] for message in mailoutbox) == [
        "known@example.gov.uk",
        "new.owner@example.gov.uk",
    ]
