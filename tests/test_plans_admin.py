"""Administrators edit the council's progress statuses in the Django admin; a status a return
uses is not deleted (its reports name it)."""

import pytest

from plans.models import ProgressStatus
from plans.progress import progress_write
from tests.plans_factories import adopted, open_round, small_plan, status


@pytest.mark.django_db
def test_an_administrator_adds_a_status_the_leads_then_choose_from(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/plans/progressstatus/").status_code == 200
    response = client.post(
        "/admin/plans/progressstatus/add/",
        {"name": "Paused", "colour": "orange", "position": "60", "is_active": "on"},
    )

    assert response.status_code == 302
    assert ProgressStatus.objects.get(name="Paused").colour == "orange"


@pytest.mark.django_db
def test_a_status_a_return_uses_cannot_be_deleted(client, administrator, reviewer, colleague):
    small = adopted(small_plan(reviewer, colleague), reviewer)
    round = open_round(small, reviewer)
    progress_write(round=round, action=small.led, by=colleague, text="Done", status=status())
    client.force_login(administrator)

    used = client.get(f"/admin/plans/progressstatus/{status().pk}/delete/")
    unused = ProgressStatus.objects.get(name="A watching brief to be maintained")

    assert used.status_code == 403
    assert client.get(f"/admin/plans/progressstatus/{unused.pk}/delete/").status_code == 200


@pytest.mark.django_db
def test_others_do_not_reach_the_statuses(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/admin/plans/progressstatus/").status_code == 302  # not staff: sign in
