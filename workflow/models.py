"""The state machine of an assessment, built from the move table (workflow/moves.py).

``AssessmentInWorkflow`` is the Assessment (a proxy: same table, no fields of its own) with one
django-fsm transition per move: from the move's source states to its target, under its
condition. The transitions only change the state; what else a move changes is the move's
``apply`` in the table, made by workflow.services.make_move.
"""

from collections.abc import Callable
from typing import Any

from django_fsm import transition

from eqia.models import Assessment
from workflow.moves import MOVES, Move


def _transition(move: Move) -> Callable[..., None]:
    def method(self: Assessment) -> None:
        """Moves the state; the move's other changes are made by workflow.services."""

    method.__name__ = move.name
    method.__qualname__ = f"AssessmentInWorkflow.{move.name}"
    return transition(
        field="state",
        source=list(move.sources),
        target=move.target,
        conditions=[move.condition] if move.condition else [],
    )(method)


class _Meta:
    proxy = True
    verbose_name = "assessment in the workflow"


_namespace: dict[str, Any] = {
    "__module__": __name__,
    "__doc__": "An assessment with the transitions of the move table.",
    "Meta": _Meta,
    **{move.name: _transition(move) for move in MOVES.values()},
}
# Built from the table, so that a move is described once: django-fsm collects transitions
# when the class is created, which is why they are in its namespace rather than set later.
AssessmentInWorkflow = type("AssessmentInWorkflow", (Assessment,), _namespace)
