"""What the assessment page shows of the workflow: the moves open to the user, and the history.
PLACEHOLDER: replaced by the workflow pages."""

from typing import Any

from django.http import HttpRequest

from eqia.access import AssessmentAccess
from eqia.models import Assessment


def panel_context(
    request: HttpRequest, assessment: Assessment, access: AssessmentAccess
) -> dict[str, Any]:
    return {}
