"""Dates as tables give them (core.dates.short_date): what the date filter writes for "j M Y"."""

import datetime

import pytest
from django.utils import dateformat

from core.dates import short_date


@pytest.mark.parametrize("month", range(1, 13))
def test_a_short_date_is_what_the_date_filter_writes(month):
    for date in (datetime.date(2026, month, 1), datetime.date(999, month, 28)):
        assert short_date(date) == dateformat.format(date, "j M Y")


def test_a_short_date_reads_as_people_write_it():
    assert short_date(datetime.date(2026, 11, 3)) == "3 Nov 2026"
