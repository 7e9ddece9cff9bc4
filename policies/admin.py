import copy
from typing import Any

from django import forms
from django.contrib import admin
from django.forms.models import construct_instance
from django.http import HttpRequest
from guardian.admin import GuardedModelAdmin

from core.refusals import Refused, add_to_form
from policies.models import (
    ChangeSource,
    CovenantFunction,
    Policy,
    PolicyChange,
    ReminderDigest,
    ReviewReminder,
    ServiceArea,
)
from policies.services import REASON_FIELD, change_refusals, policy_save

# The history's reason for an admin change that needed one and came without it (a save that
# did not pass through PolicyAdminForm's check): the change is kept, and says where it was made.
ADMIN_REASON = "Changed in the Django admin"


class PolicyAdminForm(forms.ModelForm):
    covenant_functions = forms.MultipleChoiceField(
        choices=CovenantFunction.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    document_url = forms.URLField(required=False, max_length=500, assume_scheme="https")
    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the policy's history. Needed when you lower the equality relevance "
        "or move the next review more than one review cycle away: the EDI group is told.",
    )

    class Meta:
        model = Policy
        exclude: list[str] = []

    def clean(self) -> dict[str, Any]:
        # The rule the policy page keeps (policies.services), asked of the policy as this form
        # would change it: a lowering or a far review date needs a reason.
        cleaned = super().clean() or {}
        if self.instance.pk and not self.errors:
            changed = construct_instance(self, copy.copy(self.instance))
            changed.clean()  # the next review derived, as the save will
            add_to_form(self, change_refusals(changed, cleaned.get(REASON_FIELD, "")))
        return cleaned


@admin.register(ServiceArea)
class ServiceAreaAdmin(GuardedModelAdmin):
    """ "Object permissions" on a service area limits sign-off officers to it: give them
    "Can sign off assessments in this service area". Officers with none sign off anywhere."""

    search_fields = ["name"]


class PolicyChangeInline(admin.TabularInline):
    """The policy's history, read-only: it is evidence."""

    model = PolicyChange
    fields = ["at", "by_name", "source", "field_label", "old_value", "new_value", "reason"]
    readonly_fields = ["at", "by_name", "source", "field_label", "old_value", "new_value", "reason"]
    extra = 0
    can_delete = False
    verbose_name_plural = "history of the policy's details"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    form = PolicyAdminForm
    inlines = [PolicyChangeInline]
    list_display = [
        "reference",
        "title",
        "service_area",
        "owner",
        "equality_relevance",
        "next_review",
        "status",
    ]
    list_filter = ["status", "equality_relevance", "service_area"]
    search_fields = ["reference", "title"]
    list_select_related = ["service_area", "owner"]
    autocomplete_fields = ["service_area"]
    raw_id_fields = ["owner"]

    def save_model(self, request: HttpRequest, obj: Policy, form: Any, change: bool) -> None:
        """Saved through policies.services, so the change is kept in the policy's history."""
        reason = (form.cleaned_data.get(REASON_FIELD) or "").strip()
        by = request.user if request.user.is_authenticated else None
        try:
            policy_save(policy=obj, by=by, source=ChangeSource.ADMIN, reason=reason)
        except Refused:
            policy_save(policy=obj, by=by, source=ChangeSource.ADMIN, reason=ADMIN_REASON)


@admin.register(ReviewReminder)
class ReviewReminderAdmin(admin.ModelAdmin):
    """A read-only record of the reminders sent: it is evidence, so nobody edits it here."""

    list_display = ["policy", "recipient", "stage", "for_review_date", "sent_on", "created_at"]
    list_filter = ["stage", "sent_on"]
    search_fields = ["policy__reference", "recipient__email"]
    list_select_related = ["policy", "recipient"]
    date_hierarchy = "sent_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    """The lists sent to a group (the EDI group's weekly list of policies with no review date):
    read-only, as the reminders are."""

    list_display = ["kind", "sent_on", "items", "recipients", "created_at"]
    list_filter = ["kind", "sent_on"]
    date_hierarchy = "sent_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
