"""The state machine of an assessment, built from the move table (workflow/moves.py).

``AssessmentInWorkflow`` is the Assessment (a proxy: same table, no fields of its own) with one
django-fsm transition per move: from the move's source states to its target, under its
condition. The transitions only change the state; what else a move changes is the move's
``apply`` in the table, made by workflow.services.make_move.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django_fsm import transition

from eqia.models import Assessment
from workflow.moves import MOVES, Move


def _transition(move: Move) -> Callable[..., None]:
    def method(self: Assessment) -> None:
        """Moves the state; the move's other changes are made by workflow.services."""

    method.__name__ = move.name
    method.__qualname__ = f"AssessmentInWorkflow.{move.name}"
    # django-fsm calls a condition with the instance: always an assessment here.
    conditions: list[Callable[[Any], bool]] = [move.condition] if move.condition else []
    return transition(
        field="state",
        source=list(move.sources),
        target=move.target,
        conditions=conditions,
    )(method)


if TYPE_CHECKING:

    class AssessmentInWorkflow(Assessment):
        """What a type checker sees of the class built below: the proxy. Its transitions, one
        per move and named as the move, are made from the table, so callers look them up by
        name (``getattr(assessment, move.name)``)."""

        class Meta:
            proxy = True
            verbose_name = "assessment in the workflow"

else:

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
