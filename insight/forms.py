"""The filters of the insight pages. A value that is not one of the choices is shown as an
error at its field, and the page shows everything meanwhile."""

from typing import Any

from django import forms
from django.utils import timezone

from core.dates import today
from core.forms import field_of
from eqia.models import OPEN_STATES, Assessment, AssessmentState
from insight.models import OverdueSnapshot
from insight.picture import PictureFilters, signed_years
from policies.models import ServiceArea


def service_area_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=ServiceArea.objects.order_by("name"),
        required=False,
        empty_label="All service areas",
        error_messages={"invalid_choice": "Choose a service area from the list"},
    )


class PictureFilterForm(forms.Form):
    service_area = service_area_field()
    year = forms.TypedChoiceField(
        label="Year signed off",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a year from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "year", forms.ChoiceField).choices = [
            ("", "Any year"),
            *[(year, str(year)) for year in signed_years()],
        ]

    def filters(self) -> PictureFilters:
        """The chosen filters; every EqIA counted when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return PictureFilters()
        area = self.cleaned_data["service_area"]
        return PictureFilters(
            service_area_id=area.pk if area else None, year=self.cleaned_data["year"]
        )


def report_years() -> list[int]:
    """The years a yearly report may be asked for, latest first: from the first in which an
    assessment was started, or a month's overdue policies counted, to this one."""
    started = Assessment.objects.order_by("created_at").values_list("created_at", flat=True)
    counted = OverdueSnapshot.objects.order_by("month").values_list("month", flat=True)
    first_started, first_counted = started.first(), counted.first()
    first = min(
        today().year,
        timezone.localtime(first_started).year if first_started else today().year,
        first_counted.year if first_counted else today().year,
        *signed_years()[-1:],
    )
    return list(range(today().year, first - 1, -1))


class ReportYearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Year",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a year from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "year", forms.ChoiceField).choices = [
            (year, str(year)) for year in report_years()
        ]

    def chosen_year(self) -> int:
        """The year asked for; this year when none (or one not offered) is."""
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return int(self.cleaned_data["year"])
        return today().year


# The states the EDI home counts and lists, in the order of the workflow.
LISTED_STATES = [*OPEN_STATES, AssessmentState.SIGNED_OFF]


class AssessmentFilterForm(forms.Form):
    state = forms.ChoiceField(
        required=False,
        choices=[("", "Every open state"), *[(s.value, s.label) for s in LISTED_STATES]],
        error_messages={"invalid_choice": "Choose a state from the list"},
    )
    service_area = service_area_field()

    def chosen(self) -> tuple[list[str], int | None]:
        """The states and the service area asked for: every open state by default."""
        if not self.is_bound or not self.is_valid():
            return [str(state) for state in OPEN_STATES], None
        state = self.cleaned_data["state"]
        area = self.cleaned_data["service_area"]
        return ([state] if state else [str(s) for s in OPEN_STATES]), area.pk if area else None
