"""The insight charts need no JavaScript: with it switched off, each chart is an image whose
name and description say its numbers, beside a table of the same numbers, and the bars are in
the table's order with its totals. (axe checks the same pages with JavaScript on, in
test_accessibility.py: it cannot run in a page whose scripts are off.)"""

import datetime

import pytest
from django.utils import timezone

from eqia.models import AssessmentState, Impact, ImpactRow
from insight.models import OverdueSnapshot
from tests.assessment_factories import make_assessment, set_state
from tests.browser.conftest import sign_in
from tests.factories import make_policy, make_service_area


def signed(owner, reference, when, **ratings):
    policy = make_policy(
        reference=reference, owner=owner, service_area=make_service_area("Housing")
    )
    assessment = make_assessment(policy, by=owner)
    ImpactRow.objects.filter(assessment=assessment).update(impact=Impact.NEUTRAL)
    for first_word, impact in ratings.items():
        ImpactRow.objects.filter(
            assessment=assessment, characteristic__name__startswith=first_word
        ).update(impact=impact)
    return set_state(assessment, AssessmentState.SIGNED_OFF, signed_off_at=when)


def table_cells(page, caption):
    table = page.get_by_role("table", name=caption)
    assert table.is_visible()
    return [
        [cell.inner_text().strip() for cell in row.locator("th, td").all()]
        for row in table.get_by_role("row").all()
    ]


def bar_totals(chart):
    """The number at the end of each bar, top to bottom."""
    return [text.text_content() for text in chart.locator("text[font-weight='bold']").all()
            if text.get_attribute("font-size") is None]  # fmt: skip


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_charts_and_their_tables_read_the_same_with_javascript_off(
    browser, live_server, owner, reviewer, shot
):
    now = timezone.now()
    signed(owner, "HOU-1", now, Age=Impact.POSITIVE, Disability=Impact.NEGATIVE)
    signed(owner, "HOU-2", now, Age=Impact.UNKNOWN, Race=Impact.NEGATIVE)
    OverdueSnapshot.objects.create(
        month=timezone.localdate().replace(day=1),
        counted_on=timezone.localdate(),
        active_policies=2,
        overdue=1,
        overdue_under_way=0,
        review_date_unknown=0,
    )
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 1200, "height": 900}
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        sign_in(page, "erin")
        page.goto("/insight/")
        assert page.locator("body.js-enabled").count() == 0
        caption = "Impact on each group, in 2 signed EqIAs"
        chart = page.get_by_role("img", name=caption)
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box["width"] > 400 and box["height"] > 200
        description = chart.locator("desc").text_content()
        assert "Age: 1 positive, 0 neutral, 0 negative, 1 not yet known" in description
        rows = table_cells(page, caption)
        assert rows[0] == [
            "Group",
            "Positive",
            "Neutral",
            "Negative",
            "Not yet known",
            "EqIAs rating it",
        ]
        by_group = {row[0]: row[1:] for row in rows[1:]}
        assert by_group["Age"] == ["1", "0", "0", "1", "2"]
        assert by_group["Disability"] == ["0", "1", "1", "0", "2"]
        labels = [text.text_content() for text in chart.locator("text[text-anchor='end']").all()]
        assert labels[:2] == ["Age", "Disability"]  # the table's order
        assert bar_totals(chart) == [row[-1] for row in rows[1:]]
        shot(page, "insight-without-javascript")

        page.goto("/insight/process/")
        year = timezone.localdate().year
        chart = page.get_by_role("img", name="EqIAs signed off each year")
        assert chart.is_visible()
        rows = table_cells(page, "EqIAs signed off, by year and service area")
        assert rows[0] == ["Service area", str(year), "Total"]
        assert rows[-1] == ["All service areas", "2", "2"]
        assert bar_totals(chart) == ["2"]
        month = f"{datetime.date(year, timezone.localdate().month, 1):%B %Y}"
        overdue = page.get_by_role(
            "img", name=f"Active policies overdue for review each month, {year}"
        )
        assert f"{month}: 1 overdue" in overdue.locator("desc").text_content()
        shot(page, "process-measures-without-javascript")
    finally:
        context.close()
