"""Rules about the code itself, checked by reading the source."""

import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = [
    "core",
    "policies",
    "eqia",
    "workflow",
    "plans",
    "publication",
    "insight",
    "tests",
    "bench",
]

TYPE_IGNORE = re.compile(r"type:\s*ignore")
# The error codes in brackets, then a comment of its own saying why.
EXPLAINED = re.compile(r"type:\s*ignore\[[a-z0-9-]+(?:,\s*[a-z0-9-]+)*\]\s*#\s*\S")


def python_files() -> Iterator[Path]:
    for folder in CHECKED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def unexplained_ignores(source: str) -> Iterator[int]:
    """The lines whose comment silences the type checker without naming the error code in
    brackets and giving a reason after it. Comments only: a string that mentions the words
    (like this module's) is not one."""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        found = TYPE_IGNORE.search(token.string)
        if found and not EXPLAINED.match(token.string, found.start()):
            yield token.start[0]


def test_the_rule_tells_an_explained_ignore_from_an_unexplained_one():
    source = (
        "a = 1  # type: ignore[attr-defined]  # set for the template\n"
        "b = 2  # type: ignore[arg-type, misc]  # pyHanko's annotation is too narrow\n"
        'c = "# type: ignore"\n'
        "d = 3  # type: ignore\n"
        "e = 4  # type: ignore[attr-defined]\n"
        "f = 5  # type: ignore  # no code\n"
        "g = 6  # type: ignore[attr-defined]  #\n"
    )
    assert list(unexplained_ignores(source)) == [4, 5, 6, 7]


def test_every_type_ignore_names_its_code_and_gives_a_reason():
    """Each ``# type: ignore[code]  # reason``: the code so that nothing else is silenced, the
    reason so that the next reader knows why the checker is wrong here."""
    unexplained = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in python_files()
        for line in unexplained_ignores(path.read_text(encoding="utf-8"))
    ]
    assert not unexplained, (
        "A type: ignore must name its error code and give a reason, as in "
        "'# type: ignore[attr-defined]  # set for the template':\n" + "\n".join(unexplained)
    )


def test_the_formula_guard_of_every_export_is_written_once():
    """Text Excel would run as a formula is guarded by core.spreadsheets alone: no other
    module keeps its own list of what starts a formula, or its own guard."""
    own_guard = re.compile(r"^(FORMULA_STARTS\s*=|def (add|remove)_formula_guard\()", re.MULTILINE)
    defined_in = [
        str(path.relative_to(ROOT))
        for path in python_files()
        if "tests" not in path.relative_to(ROOT).parts
        and own_guard.search(path.read_text(encoding="utf-8"))
    ]
    assert defined_in == ["core/spreadsheets.py"]
