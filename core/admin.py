"""The Django admin's accounts page, safe in an administrator's hands.

Administrators (the role) manage people and their roles; only a superuser may make someone a
superuser, grant permissions one by one, or change what a role may do. An account that holds
both the EDI reviewer and the sign-off officer role is flagged: separation of duties keeps one
person from reviewing and signing off the same assessment, but the council should know.
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from core.roles import Role

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


class AccountAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS],
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser and obj is not None and obj.is_superuser:
            # A superuser's account is not an administrator's to change.
            readonly += ["username", "email", "is_active", "is_staff", "groups", "password"]
        return readonly

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not request.user.is_superuser and user.is_superuser:
            return
        roles = set(user.groups.values_list("name", flat=True))
        if {Role.EDI_REVIEWER.value, Role.SIGN_OFF_OFFICER.value} <= roles:
            messages.warning(
                request,
                f"{user.get_username()} is both an EDI reviewer and a sign-off officer. "
                "Separation of duties stops them reviewing and signing off the same "
                "assessment, but one person in both roles weakens the check: give them one "
                "role where you can.",
            )


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
