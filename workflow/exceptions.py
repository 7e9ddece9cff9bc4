from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """Why something cannot be done, in words, and where to put it right.

    ``part`` is a Part value (the assessment part to fix) and ``field`` the form field in it,
    so a page can link each reason to the place to fix it.
    """

    message: str
    part: str = ""
    field: str = ""

    def __str__(self) -> str:
        return self.message


class WorkflowError(Exception):
    """A refused move. ``reasons`` lists every reason, not just the first."""

    def __init__(self, reasons: list[Reason] | Reason | str) -> None:
        if isinstance(reasons, str):
            reasons = [Reason(reasons)]
        elif isinstance(reasons, Reason):
            reasons = [reasons]
        self.reasons = list(reasons)
        super().__init__("; ".join(str(reason) for reason in self.reasons))
