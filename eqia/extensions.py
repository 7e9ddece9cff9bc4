"""Extension points for the apps above the assessment (docs/architecture.md): they add to an
action's form and row without this app importing them.

An action-form extension gives extra fields for an action's form, saves what was chosen there
(in the same transaction as the action), and describes each action's link for the pages that
list actions. The equality plan (plans app) registers one in its AppConfig.ready(): an action
may name the equality objective it serves.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.contrib.auth.models import AnonymousUser, User

from eqia.models import Action, Assessment


@dataclass(frozen=True)
class ActionLink:
    """What an extension says of one action on its row: words, and where they lead."""

    text: str
    url: str = ""


class ActionFormExtension(Protocol):
    def fields(self, assessment: Assessment) -> dict[str, forms.Field]:
        """Extra fields for the action form; names unique across extensions."""

    def initial(self, action: Action) -> dict[str, Any]:
        """The fields' values for an action being changed."""

    def save(self, action: Action, values: dict[str, Any], by: User) -> bool:
        """Keep what the form's fields say for the action (inside the action's transaction);
        whether that changed anything."""

    def describe(
        self, actions: list[Action], reader: User | AnonymousUser
    ) -> dict[int, list[ActionLink]]:
        """What to show under each action on its row, by action id (a fixed number of
        queries whatever the number of actions), linked only where the reader may go."""


_extensions: list[ActionFormExtension] = []


def register_action_extension(extension: ActionFormExtension) -> None:
    if extension not in _extensions:
        _extensions.append(extension)


def action_extensions() -> tuple[ActionFormExtension, ...]:
    return tuple(_extensions)


def extension_fields(assessment: Assessment) -> dict[str, forms.Field]:
    found: dict[str, forms.Field] = {}
    for extension in _extensions:
        found.update(extension.fields(assessment))
    return found


def extension_initial(action: Action) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for extension in _extensions:
        initial.update(extension.initial(action))
    return initial


def split_values(
    cleaned: dict[str, Any], extra_names: Iterable[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The action's own values, and the extensions' (by their field names)."""
    names = set(extra_names)
    own = {name: value for name, value in cleaned.items() if name not in names}
    extra = {name: value for name, value in cleaned.items() if name in names}
    return own, extra


def save_extensions(action: Action, values: dict[str, Any], by: User) -> bool:
    """Each extension keeps its values; whether any changed anything."""
    changes = [extension.save(action, values, by) for extension in _extensions]
    return any(changes)


def describe_actions(
    actions: list[Action], reader: User | AnonymousUser
) -> dict[int, list[ActionLink]]:
    described: dict[int, list[ActionLink]] = {}
    for extension in _extensions:
        for pk, links in extension.describe(actions, reader).items():
            described.setdefault(pk, []).extend(links)
    return described
