"""The list's filters and the withdrawal's reason. They read what was typed; the rules are the
selectors' and the service's."""

from typing import Any

from django import forms

from core.forms import field_of
from publication import selectors
from publication.services import REASON_MAX_LENGTH


class PublishedFilterForm(forms.Form):
    q = forms.CharField(label="Policy reference or title", required=False, max_length=100)
    service_area = forms.ChoiceField(label="Service area", required=False)
    year = forms.TypedChoiceField(
        label="Signed off in", required=False, coerce=int, empty_value=None
    )
    characteristic = forms.TypedChoiceField(
        label="Negative impact on", required=False, coerce=int, empty_value=None
    )
    covenant = forms.ChoiceField(label="Armed Forces Covenant function", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "service_area", forms.ChoiceField).choices = [("", "All service areas")] + [
            (name, name) for name in selectors.service_areas()
        ]
        field_of(self, "year", forms.ChoiceField).choices = [("", "Any year")] + [
            (str(year), str(year)) for year in selectors.years()
        ]
        field_of(self, "characteristic", forms.ChoiceField).choices = [("", "Any group")] + [
            (str(characteristic.pk), characteristic.name)
            for characteristic in selectors.characteristics()
        ]
        field_of(self, "covenant", forms.ChoiceField).choices = [
            ("", "Any or none")
        ] + selectors.covenant_functions()

    def filters(self) -> selectors.PublishedFilters:
        """What to list: everything when nothing (or something invalid) was asked."""
        if not self.is_bound or not self.is_valid():
            return selectors.PublishedFilters()
        data = self.cleaned_data
        return selectors.PublishedFilters(
            text=data["q"],
            service_area=data["service_area"],
            year=data["year"],
            characteristic_id=data["characteristic"],
            covenant_function=data["covenant"],
        )


class WithdrawPublicationForm(forms.Form):
    reason = forms.CharField(
        label="Why is the publication withdrawn?",
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Shown on the public notice that replaces the assessment's page, and kept on "
        "its history. For example, it was published with personal information by mistake.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
