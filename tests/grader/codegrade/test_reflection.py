"""End to end: every route that hides a forbidden call from the checks scores 0, through the real grader.

The routes live one per file in tests/fixtures/hostile/reflect_*.py: `losses.py`-style modules that
reach F.mse_loss / F.cross_entropy one way each (a name built at run time, the run-time record
switched off, the mode stack emptied, importlib, globals(), eval, private torch names …), next to a
correct `binary_cross_entropy`. Comment lines in each file say what the grader must report:

    # Expected: <function> <status>[: <fragment of its message>]     "*": every exercise graded with it
    # Without the source scan: <function> <status>[: <fragment>]     the route alone defeats the run-time record

A file without expectations is a helper module another fixture imports, and says so ("Helper module
of reflect_x.py"). Adding a file adds its tests; nothing is listed here.

Each `grade_submission` starts a sandbox, so the fixtures are graded in a few submissions: the
routes inside functions together (each file as its own module, with the real `losses` spec renamed
to it), the routes that run at import together with a correct `activations.py` (they cost every
exercise graded alongside), the issue's route as `losses.py` through discovery and `only`, and the
routes that switch the run-time record off once more with the source scan disabled, to show that
the scan is what catches them.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from grader.codegrade import discovery, forbidden, grade_submission
from grader.codegrade.model import Exercise

REPO = Path(__file__).resolve().parents[3]
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
FIXTURES = {p.stem: p.read_text() for p in sorted(HOSTILE.glob("reflect_*.py"))}
_LINE = re.compile(r"^# (Expected|Without the source scan): (\S+) (\w+)(?:: (.+))?$", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Expectation:
    fixture: str
    function: str  # "*": every exercise graded in the same submission
    status: str
    fragment: str  # a part of the exercise's message ("" when none is required)

    @property
    def id(self) -> str:
        return f"{self.fixture}.{self.function}" + (f"[{self.fragment[:30]}]" if self.fragment else "")


def _expectations(kind: str) -> list[Expectation]:
    return [Expectation(stem, fn, status, fragment or "") for stem, text in FIXTURES.items()
            for k, fn, status, fragment in _LINE.findall(text) if k == kind]


EXPECTED = _expectations("Expected")
WITHOUT_SCAN = _expectations("Without the source scan")
HELPERS = [stem for stem, text in FIXTURES.items() if not _LINE.search(text)]
AT_IMPORT = sorted({e.fixture for e in EXPECTED if e.function == "*"})
IN_FUNCTIONS = sorted({e.fixture for e in EXPECTED} - set(AT_IMPORT))
LOSSES = {ex.function: ex for ex in discovery.load_exercises() if ex.module == "losses"}


def _renamed(stem: str, function: str) -> Exercise:
    """The real losses spec for `function`, graded in the module `stem`."""
    return dataclasses.replace(LOSSES[function], name=f"{stem}.{function}")


def _grade(folder: Path, stems: list[str], exercises: list[Exercise], *, extra: tuple[Path, ...] = ()):
    folder.mkdir()
    for stem in [*stems, *HELPERS]:
        (folder / f"{stem}.py").write_text(FIXTURES[stem])
    for path in extra:
        shutil.copy(path, folder / path.name)
    return {e.name: e for e in grade_submission(folder, exercises=exercises, device="cpu").exercises}


def _exercises(stems: list[str], expectations: list[Expectation]) -> list[Exercise]:
    return [_renamed(stem, fn) for stem in stems
            for fn in dict.fromkeys(e.function for e in expectations if e.fixture == stem)]


def _check(outcome, expectation: Expectation, *, fragment: str | None = None) -> None:
    fragment = expectation.fragment if fragment is None else fragment
    assert outcome.status == expectation.status, (outcome.name, outcome.status, outcome.message)
    if expectation.status == "forbidden":
        assert outcome.score == 0 and all(t.score == 0 for t in outcome.tests)
        assert outcome.message.startswith("forbidden"), outcome.message
    assert fragment in outcome.message, (fragment, outcome.message)


def test_every_fixture_says_what_it_expects():
    assert IN_FUNCTIONS and AT_IMPORT and WITHOUT_SCAN
    for stem in HELPERS:
        owner = re.search(r"Helper module of (reflect_\w+)\.py", FIXTURES[stem])
        assert owner and owner.group(1) in IN_FUNCTIONS, f"{stem}.py has no expectation and is nobody's helper"
        assert re.search(rf"^(from|import) {stem}\b", FIXTURES[owner.group(1)], re.MULTILINE), \
            f"{owner.group(1)}.py does not import {stem}"
    for e in [*EXPECTED, *WITHOUT_SCAN]:
        assert e.function == "*" or e.function in LOSSES, e
        assert e.status in ("passed", "forbidden"), e
        assert e.function == "*" or f"\ndef {e.function}(" in FIXTURES[e.fixture], e
    # run without the scan, a route at import would switch the record off for the others too
    assert not {e.fixture for e in WITHOUT_SCAN} & set(AT_IMPORT)


@pytest.fixture(scope="module")
def in_functions(tmp_path_factory) -> dict:
    return _grade(tmp_path_factory.mktemp("in_functions") / "exercises", IN_FUNCTIONS,
                  _exercises(IN_FUNCTIONS, EXPECTED))


@pytest.mark.parametrize("expectation", [e for e in EXPECTED if e.function != "*"], ids=lambda e: e.id)
def test_a_route_in_a_function_costs_that_function(in_functions, expectation):
    _check(in_functions[f"{expectation.fixture}.{expectation.function}"], expectation)


def test_a_route_at_import_costs_every_exercise_graded_with_it(tmp_path):
    sigmoid = next(ex for ex in discovery.load_exercises() if ex.name == "activations.sigmoid")
    exercises = [sigmoid, *(_renamed(stem, fn) for stem in AT_IMPORT for fn in ("mse_loss", "binary_cross_entropy"))]
    correct = REPO / "solutions" / "activations.py"  # free of escape hatches: only its neighbours cost it
    report = _grade(tmp_path / "exercises", AT_IMPORT, exercises, extra=(correct,))
    assert len(report) == len(exercises)
    for name, outcome in report.items():
        for e in (e for e in EXPECTED if e.function == "*"):
            # the graded module's own line reads "(line 8, at import", another module's "(m.py line 8, at import"
            own = name.split(".")[0] == e.fixture
            _check(outcome, e, fragment=e.fragment if own else e.fragment.replace("(line", f"({e.fixture}.py line"))


def test_the_issues_route_through_discovery(tmp_path):
    """getattr(F, "mse" + "_loss") under torch._C.DisableTorchFunction(), graded as losses.py."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "losses.py").write_text(FIXTURES["reflect_getattr_concat"])
    report = grade_submission(folder, only="losses.mse_loss,losses.cross_entropy,losses.binary_cross_entropy",
                              device="cpu")
    outcomes = {e.name: e for e in report.exercises}
    assert set(outcomes) == {"losses.mse_loss", "losses.cross_entropy", "losses.binary_cross_entropy"}
    for e in (e for e in EXPECTED if e.fixture == "reflect_getattr_concat"):
        _check(outcomes[f"losses.{e.function}"], e)
    assert report.score == outcomes["losses.binary_cross_entropy"].max_score


def test_without_the_source_scan_these_routes_defeat_the_run_time_record(tmp_path, monkeypatch):
    """What the scan is for: alone, the record (which the child keeps) misses these routes."""
    monkeypatch.setattr(forbidden.StudentCode, "scan", lambda self, module, function, names: [])
    stems = sorted({e.fixture for e in WITHOUT_SCAN})
    report = _grade(tmp_path / "exercises", stems, _exercises(stems, WITHOUT_SCAN))
    for e in WITHOUT_SCAN:
        _check(report[f"{e.fixture}.{e.function}"], e)
