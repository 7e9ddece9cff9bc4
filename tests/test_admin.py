import pytest
from django.urls import reverse
from guardian.shortcuts import get_objects_for_user

from tests.factories import make_service_area


@pytest.mark.django_db
def test_administrators_limit_a_sign_off_officer_to_a_service_area(
    client, administrator, signoff_officer
):
    area = make_service_area("Housing")
    client.force_login(administrator)
    url = reverse(
        "admin:policies_servicearea_permissions_manage_user", args=[area.pk, signoff_officer.pk]
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"permissions": ["sign_off_assessments"]})
    assert response.status_code == 302
    areas = get_objects_for_user(
        signoff_officer, "policies.sign_off_assessments", accept_global_perms=False
    )
    assert list(areas) == [area]


@pytest.mark.django_db
def test_administrators_manage_characteristics_and_see_assessments(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:eqia_characteristic_changelist")).status_code == 200
    assert client.get(reverse("admin:eqia_characteristic_add")).status_code == 200
