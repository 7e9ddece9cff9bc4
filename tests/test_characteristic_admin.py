import pytest
from django.urls import reverse

from eqia.models import Assessment, AssessmentState, Characteristic
from eqia.services import assessment_start
from tests.assessment_factories import make_assessment, set_state
from tests.page import text_of


@pytest.mark.django_db
def test_an_administrator_adds_a_local_characteristic_that_later_assessments_take_up(
    client, administrator, owner
):
    signed = make_assessment(by=owner, complete=True)
    set_state(signed, AssessmentState.SIGNED_OFF)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:eqia_characteristic_add"),
        {
            "name": "Carers",
            "kind": "local",
            "description": "People who look after a relative or friend without pay.",
            "position": "120",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    carers = Characteristic.objects.get(name="Carers")
    assert (carers.kind, carers.position, carers.aim_one_only) == ("local", 120, False)
    assert not signed.impacts.filter(characteristic=carers).exists()
    later = assessment_start(policy=signed.policy, by=owner)
    assert later.impacts.filter(characteristic=carers).exists()


@pytest.mark.django_db
def test_an_administrator_retires_a_characteristic_from_assessments_started_later(
    client, administrator, owner
):
    carers = Characteristic.objects.create(name="Carers", kind="local", description="Carers")
    client.force_login(administrator)
    url = reverse("admin:eqia_characteristic_change", args=[carers.pk])
    assert "Untick to leave it out of assessments started from now on" in text_of(client.get(url))
    response = client.post(
        url,
        {"name": "Carers", "kind": "local", "description": "Unpaid carers", "position": "120"},
    )
    assert response.status_code == 302
    carers.refresh_from_db()
    assert (carers.is_active, carers.description) == (False, "Unpaid carers")
    assert not make_assessment(by=owner).impacts.filter(characteristic=carers).exists()


@pytest.mark.django_db
def test_the_assessment_admin_is_read_only(client, administrator, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(administrator)
    listing = client.get(reverse("admin:eqia_assessment_changelist"))
    assert str(assessment) in text_of(listing)
    assert client.get(reverse("admin:eqia_assessment_add")).status_code == 403
    url = reverse("admin:eqia_assessment_change", args=[assessment.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "No differential effect found for Age." in text_of(page)
    client.post(url, {"purpose": "Changed in the admin"})
    assert Assessment.objects.get(pk=assessment.pk).purpose != "Changed in the admin"
    delete = reverse("admin:eqia_assessment_delete", args=[assessment.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()


@pytest.mark.django_db
def test_people_who_are_not_administrators_cannot_manage_characteristics(client, owner):
    owner.is_staff = True
    owner.save()
    client.force_login(owner)
    assert client.get(reverse("admin:eqia_characteristic_add")).status_code == 403
