"""QuickSelect writes a select list in Python: exactly the markup of Django's templates."""

import pytest
from django import forms

from core.widgets import QuickSelect
from policies.forms import RegisterFilterForm

CHOICES = [
    ("", "All owners"),
    (1, "Alice Owen (alice@example.gov.uk)"),
    (2, 'Bob <b>"Brown"</b> & Co'),
    ("Teams", [("t1", "Housing team"), ("t2", "Planning & Regeneration")]),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", "t2", ["1", "t1"]])
@pytest.mark.parametrize(
    "attrs", [{}, {"class": "govuk-select", "aria-describedby": "x-hint"}, {"disabled": True}]
)
@pytest.mark.parametrize("multiple", [False, True])
def test_the_markup_is_djangos(value, attrs, multiple):
    django_widget = (forms.SelectMultiple if multiple else forms.Select)(choices=CHOICES)
    quick_class = type("QuickMultiple", (QuickSelect, forms.SelectMultiple), {})
    quick = (quick_class if multiple else QuickSelect)(choices=CHOICES)

    expected = django_widget.render("owner", value, attrs={"id": "id_owner", **attrs})
    assert quick.render("owner", value, attrs={"id": "id_owner", **attrs}) == expected


@pytest.mark.django_db
def test_the_register_filter_writes_every_list_with_it(owner):
    form = RegisterFilterForm({"owner": owner.pk})
    selects = {
        name for name, field in form.fields.items() if isinstance(field.widget, forms.Select)
    }
    assert selects == {"service_area", "owner", "relevance", "review_state", "status", "sort"}
    assert all(isinstance(form.fields[name].widget, QuickSelect) for name in selects)
