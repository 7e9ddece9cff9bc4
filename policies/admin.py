from django import forms
from django.contrib import admin

from policies.models import CovenantFunction, Policy, ServiceArea


class PolicyAdminForm(forms.ModelForm):
    covenant_functions = forms.MultipleChoiceField(
        choices=CovenantFunction.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    document_url = forms.URLField(required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Policy
        exclude: list[str] = []


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
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
