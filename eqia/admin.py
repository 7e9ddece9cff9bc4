"""Administrators manage the characteristics every new assessment considers, and may look at
assessments here read-only: an assessment's content and state change only through its pages
and the workflow, which keep the audit trail."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from eqia.models import Action, Assessment, Characteristic, DecisionMeeting, ImpactRow


@admin.register(Characteristic)
class CharacteristicAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "aim_one_only", "position", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    ordering = ["position", "name"]
    fields = ["name", "kind", "description", "aim_one_only", "position", "is_active"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> "type[forms.ModelForm[Any]]":
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["position"].help_text = (
            "Where it appears in the impact grid: lower numbers first. The statutory "
            "characteristics are numbered 10 to 90."
        )
        form.base_fields["is_active"].help_text = (
            "Untick to leave it out of assessments started from now on. Assessments already "
            "started keep their row for it; a new characteristic applies only to assessments "
            "started after it is added."
        )
        return form


class ReadOnlyInline(admin.TabularInline):
    """Part of an assessment, shown to whoever may view the assessment, changed by nobody."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("eqia.view_assessment")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ImpactRowInline(ReadOnlyInline):
    model = ImpactRow
    fields = readonly_fields = (
        "characteristic",
        "impact",
        "evidence",
        "mitigation",
        "justification",
    )


class DecisionMeetingInline(ReadOnlyInline):
    model = DecisionMeeting
    fields = readonly_fields = ("body", "date")


class ActionInline(ReadOnlyInline):
    model = Action
    fields = readonly_fields = ("description", "owner", "due_date", "status")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-only: the list and each assessment as it stands, for administrators to look up."""

    list_display = ["__str__", "policy", "version", "state", "created_by", "created_at"]
    list_filter = ["state"]
    search_fields = ["policy__reference", "policy__title"]
    list_select_related = ["policy", "created_by"]
    date_hierarchy = "created_at"
    inlines = [DecisionMeetingInline, ImpactRowInline, ActionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
