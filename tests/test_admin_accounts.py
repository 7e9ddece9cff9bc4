"""An administrator manages accounts and roles in the Django admin, but cannot make anyone a
superuser, grant permissions one by one, or change what a role may do; an account holding both
the reviewer and the sign-off role is flagged."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from core.roles import Role

pytestmark = pytest.mark.django_db


def change_url(user: User) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def account_form(user: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    data.update(changes)
    return data


def test_an_administrator_cannot_make_anyone_a_superuser(client, administrator, owner):
    client.force_login(administrator)
    page = client.get(change_url(owner))
    assert page.status_code == 200
    assert "is_superuser" not in page.context["adminform"].form.fields
    assert "user_permissions" not in page.context["adminform"].form.fields
    client.post(change_url(owner), account_form(owner, is_superuser="on", is_staff="on"))
    owner.refresh_from_db()
    assert not owner.is_superuser


def test_an_administrator_cannot_change_what_a_role_may_do(client, administrator):
    client.force_login(administrator)
    group = Group.objects.get(name=Role.ADMINISTRATOR)
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": everything},
    )
    assert response.status_code == 403
    assert group.permissions.count() < len(everything)


def test_an_administrator_cannot_change_a_superusers_account(client, administrator):
    root = User.objects.create_superuser("root", "root@example.gov.uk", "x")
    client.force_login(administrator)
    assert client.post(change_url(root), account_form(root, is_active="")).status_code == 403
    root.refresh_from_db()
    assert root.is_active


def test_an_account_with_both_review_and_sign_off_roles_is_flagged(client, administrator, reviewer):
    client.force_login(administrator)
    groups = [Role.EDI_REVIEWER.group().pk, Role.SIGN_OFF_OFFICER.group().pk]
    response = client.post(change_url(reviewer), account_form(reviewer, groups=groups), follow=True)
    said = [str(message) for message in response.context["messages"]]
    assert any("both an EDI reviewer and a sign-off officer" in text for text in said)
