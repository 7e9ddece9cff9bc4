"""What the part-page tests share: a part page's address, and whether it offers the form."""

from django.urls import reverse

from tests.page import parse


def part_url(assessment, part: str) -> str:
    return reverse("assessments:part", args=[assessment.pk, part])


def has_edit_form(response, assessment, part: str) -> bool:
    """Whether the page holds the form that saves the part."""
    forms = parse(response).find_all("form", method="post", action=part_url(assessment, part))
    return bool(forms)
