from django import forms
from django.contrib import admin
from django.http import HttpRequest
from guardian.admin import GuardedModelAdmin

from policies.models import CovenantFunction, Policy, ReviewReminder, ServiceArea


class PolicyAdminForm(forms.ModelForm):
    covenant_functions = forms.MultipleChoiceField(
        choices=CovenantFunction.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    document_url = forms.URLField(required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Policy
        exclude: list[str] = []


@admin.register(ServiceArea)
class ServiceAreaAdmin(GuardedModelAdmin):
    """ "Object permissions" on a service area limits sign-off officers to it: give them
    "Can sign off assessments in this service area". Officers with none sign off anywhere."""

    search_fields = ["name"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    form = PolicyAdminForm
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
