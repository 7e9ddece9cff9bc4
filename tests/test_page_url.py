"""Addresses of objects' pages are worked out once (core.links.page_url) and are always those
reverse() gives, under the script prefix of the moment."""

from django.urls import reverse, set_script_prefix

from core.links import page_url


def test_a_kept_address_is_the_one_reverse_gives():
    for name, args in [("policies:detail", ("HOU-001",)), ("workflow:detail", (7,))]:
        assert page_url(name, *args) == reverse(name, args=args)
        assert page_url(name, *args) == page_url(name, *args)
    assert page_url("policies:detail", "A B") == "/policies/A%20B/"


def test_a_service_served_under_a_prefix_gets_addresses_under_it():
    plain = page_url("policies:detail", "HOU-001")
    set_script_prefix("/eqia/")
    try:
        assert page_url("policies:detail", "HOU-001") == "/eqia" + plain
    finally:
        set_script_prefix("/")
    assert page_url("policies:detail", "HOU-001") == plain
