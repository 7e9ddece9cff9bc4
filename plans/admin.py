"""Administrators edit the council's progress statuses here (the vocabulary a lead chooses
from); plans are read here and changed on their own pages, which keep their rules."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from plans.models import Plan, ProgressStatus, ProgressUpdate


@admin.register(ProgressStatus)
class ProgressStatusAdmin(admin.ModelAdmin):
    list_display = ["name", "colour", "carry_forward", "position", "is_active"]
    list_filter = ["is_active", "carry_forward"]
    search_fields = ["name"]
    ordering = ["position", "name"]
    fields = ["name", "colour", "carry_forward", "position", "is_active"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A status a return uses stays (its reports name it): untick "offered" instead.
        if obj is not None and ProgressUpdate.objects.filter(status=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "period_start", "period_end", "state", "adopted_on", "published_at"]
    list_filter = ["state"]
    search_fields = ["title"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
