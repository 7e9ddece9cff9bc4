from typing import Any

from django import forms

from core.forms import field_of
from core.people import PersonChoiceField
from eqia.sharing import colleague_choices
from policies.models import Policy


class ShareForm(forms.Form):
    colleague = PersonChoiceField(
        queryset=None,
        label="Colleague",
        empty_label="Choose a colleague",
        help_text="They will be able to edit, submit, recall and withdraw this policy's "
        "EqIAs. An EDI reviewer or sign-off officer who edits one may not then review, approve "
        "or sign it off (separation of duties). Auditors are not listed: their access is "
        "read-only.",
    )

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "colleague", forms.ModelChoiceField).queryset = colleague_choices(policy)
