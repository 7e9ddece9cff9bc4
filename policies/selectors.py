"""Reads of the policy register that several views and commands share."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from policies.models import (
    ChangeSource,
    Policy,
    PolicyChange,
    PolicyStatus,
    Relevance,
    ReviewState,
)
from policies.services import TRACKED_FIELDS

RELEVANCE_ORDER = Case(
    When(equality_relevance=Relevance.HIGH, then=Value(0)),
    When(equality_relevance=Relevance.MEDIUM, then=Value(1)),
    When(equality_relevance=Relevance.LOW, then=Value(2)),
    When(equality_relevance=Relevance.NONE, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)

SORT_ORDERS: dict[str, list[Any]] = {
    "reference": ["reference"],
    "title": ["title", "reference"],
    "service_area": [F("service_area__name").asc(nulls_last=True), "reference"],
    "owner": [F("owner__first_name").asc(nulls_last=True), "owner__last_name", "reference"],
    "next_review": [F("next_review").asc(nulls_first=True), "reference"],
    "-next_review": [F("next_review").desc(nulls_last=True), "reference"],
    "relevance": [RELEVANCE_ORDER.asc(), "reference"],
}


def review_state_filter(state: str, as_of: datetime.date) -> Q:
    due_soon_end = as_of + datetime.timedelta(days=settings.EQIA_REVIEW_DUE_SOON_DAYS)
    return {
        ReviewState.OVERDUE: Q(next_review__lt=as_of),
        ReviewState.DUE_SOON: Q(next_review__gte=as_of, next_review__lte=due_soon_end),
        ReviewState.LATER: Q(next_review__gt=due_soon_end),
        ReviewState.UNKNOWN: Q(next_review__isnull=True),
    }[ReviewState(state)]


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    service_area_id: int | None = None
    owner_id: int | None = None
    relevance: str = ""
    review_state: str = ""
    status: str = PolicyStatus.ACTIVE
    sort: str = "reference"


def register_policies(filters: RegisterFilters, *, as_of: datetime.date) -> QuerySet[Policy]:
    """The register's policies, filtered and sorted, with what each row shows joined in."""
    policies = Policy.objects.select_related("service_area", "owner")
    if filters.status in PolicyStatus.values:
        policies = policies.filter(status=filters.status)
    if filters.q:
        policies = policies.filter(
            Q(reference__icontains=filters.q) | Q(title__icontains=filters.q)
        )
    if filters.service_area_id:
        policies = policies.filter(service_area_id=filters.service_area_id)
    if filters.owner_id:
        policies = policies.filter(owner_id=filters.owner_id)
    if filters.relevance == "unrated":
        policies = policies.filter(equality_relevance="")
    elif filters.relevance:
        policies = policies.filter(equality_relevance=filters.relevance)
    if filters.review_state:
        policies = policies.filter(review_state_filter(filters.review_state, as_of))
    return policies.order_by(*SORT_ORDERS.get(filters.sort, SORT_ORDERS["reference"]))


# A value longer than this is cut short in the history (the notes, mostly).
HISTORY_VALUE_LENGTH = 200


def _shown(value: str) -> str:
    if len(value) <= HISTORY_VALUE_LENGTH:
        return value
    return value[: HISTORY_VALUE_LENGTH - 1].rstrip() + "…"


def change_in_words(change: PolicyChange) -> str:
    """One field's change as a sentence: "Next review changed from 1 January 2027 to ..."."""
    old, new = _shown(change.old_value), _shown(change.new_value)
    if not old:
        return f"{change.field_label} set to {new}"
    if not new:
        return f"{change.field_label} removed (was {old})"
    return f"{change.field_label} changed from {old} to {new}"


@dataclass(frozen=True)
class HistoryEntry:
    """The fields one person changed in one save, with where, when and why."""

    at: datetime.datetime
    by_name: str  # "" when no person made it (an import run from the command line)
    source: str  # where, in words: "Policy page", "Django admin"...
    reason: str
    added: bool  # the save that put the policy on the register
    changes: tuple[str, ...]


def policy_history(policy: Policy) -> list[HistoryEntry]:
    """The policy's history, newest first: its changes grouped by the save that made them."""
    entries: list[HistoryEntry] = []
    group: list[PolicyChange] = []

    def close() -> None:
        if not group:
            return
        first = group[0]
        added = any(change.field == "reference" and not change.old_value for change in group)
        source = (
            ChangeSource(first.source).label
            if first.source in ChangeSource.values
            else first.source
        )
        entries.append(
            HistoryEntry(
                at=first.at,
                # With no person, the change was kept with where it came from as its "who".
                by_name="" if first.by_id is None and first.by_name == source else first.by_name,
                source=source,
                reason=first.reason,
                added=added,
                changes=tuple(
                    f"{change.field_label}: {_shown(change.new_value)}"
                    if added
                    else change_in_words(change)
                    for change in sorted(group, key=lambda change: _field_order(change.field))
                ),
            )
        )
        group.clear()

    for change in policy.changes.order_by("-at", "-pk"):
        if group and _save_of(group[0]) != _save_of(change):
            close()
        group.append(change)
    close()
    return entries


def _field_order(name: str) -> int:
    return TRACKED_FIELDS.index(name) if name in TRACKED_FIELDS else len(TRACKED_FIELDS)


def _save_of(change: PolicyChange) -> tuple[object, ...]:
    return (change.at, change.by_id, change.by_name, change.source, change.reason)
