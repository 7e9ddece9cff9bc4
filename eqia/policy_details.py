"""The policy details an assessment under way depends on: its service area decides who may sign
it off, its Armed Forces Covenant functions whether its Covenant part is required. Until the
assessment is signed off or withdrawn only an administrator may change them (the change is kept
in the policy's history), so the author side cannot choose its own signer or requirements.

The register enforces the rule on every save (policies.services.policy_save), which learns it
when this app loads (eqia.apps)."""

from eqia.models import OPEN_STATES, AssessmentState
from policies.models import Policy


def details_fixed_by_open_assessment(policy: Policy) -> dict[str, str]:
    """Field -> why it is fixed, while the policy has an open assessment; {} otherwise."""
    if policy.pk is None:
        return {}
    open_one = (
        policy.assessments.filter(state__in=OPEN_STATES)
        .order_by("-version")
        .values_list("version", "state")
        .first()
    )
    if open_one is None:
        return {}
    version, state = open_one
    while_open = f"while EqIA v{version} is {AssessmentState(state).phrase}"
    ask = "Ask an administrator if"
    return {
        "service_area": f"The service area cannot be changed {while_open}: it decides who may "
        f"sign the assessment off. {ask} it must change",
        "covenant_functions": f"The Armed Forces Covenant functions cannot be changed "
        f"{while_open}: they decide whether its Covenant part is required. {ask} they must "
        "change",
    }
