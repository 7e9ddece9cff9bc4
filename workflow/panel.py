"""What the assessment page shows of the workflow: the state, the moves open to the user now,
and the latest entries of the audit trail.

The assessment page merges ``panel_context`` into its context and includes
"workflow/_panel.html" and "workflow/_timeline.html". Every key starts with ``workflow_``.
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from eqia.access import AssessmentAccess
from eqia.models import Assessment, AssessmentState
from workflow import selectors

TIMELINE_LENGTH = 5


def panel_context(
    request: HttpRequest, assessment: Assessment, access: AssessmentAccess
) -> dict[str, Any]:
    state = AssessmentState(assessment.state)
    in_review = state == AssessmentState.IN_REVIEW
    return {
        "workflow_state": state,
        "workflow_state_tag_class": selectors.STATE_TAG_CLASSES[state],
        "workflow_moves": selectors.available_moves(request.user, assessment, access),
        "workflow_approvals": len(selectors.approvers_in_round(assessment)) if in_review else None,
        "workflow_approvals_required": selectors.approvals_required(),
        "workflow_review_url": (
            reverse("workflow:review", args=[assessment.pk])
            if selectors.may_see_review(access)
            else ""
        ),
        "workflow_recent_entries": selectors.audit_timeline(assessment, latest=TIMELINE_LENGTH),
        "workflow_history_url": reverse("workflow:history", args=[assessment.pk]),
        "workflow_audit_length": assessment.audit_length,
    }
