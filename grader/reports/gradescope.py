"""The `gradescope` format: the `results.json` a Gradescope autograder writes.

One test per scoring item (`common.scoring_items`); every text field is declared `text`, so Gradescope
shows student output as written and renders none of it.

Visibility (`Visibility`): each test is `visible`, `after_due_date`, `after_published` or `hidden`
for students: a default, overridden per exercise by fnmatch patterns on the exercise name
(`cnn.*=hidden`; the first pattern that matches wins). The default is also the visibility of the
whole result, so `--visibility after_due_date` hides the total score until the due date too. The
grader's own log (stdout) is for the instructor only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fnmatch import fnmatchcase

from grader.errors import UsageError
from grader.i18n import _
from grader.reports.common import score_line, scoring_items
from grader.results import Report

VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")  # Gradescope's words


@dataclass(frozen=True)
class Visibility:
    """Who sees which test when: `default` for every exercise but those matching an override."""

    default: str = "visible"
    overrides: tuple[tuple[str, str], ...] = ()  # (fnmatch pattern on the exercise name, visibility)

    def __post_init__(self) -> None:
        for value in (self.default, *(v for _pattern, v in self.overrides)):
            _check(value)

    def of(self, exercise: str) -> str:
        """The visibility of `exercise`'s tests."""
        return next((v for pattern, v in self.overrides if fnmatchcase(exercise, pattern)), self.default)

    @classmethod
    def parse(cls, default: str = "visible", overrides: tuple[str, ...] | list[str] = ()) -> Visibility:
        """From the command line: `overrides` written `PATTERN=VISIBILITY` (`cnn.*=hidden`)."""
        pairs = []
        for text in overrides:
            pattern, sep, value = text.rpartition("=")
            if not sep or not pattern.strip():
                raise UsageError(_("--exercise-visibility must be PATTERN=VISIBILITY, e.g. cnn.*=hidden, not "
                                   "{value}").format(value=repr(text)))
            pairs.append((pattern.strip(), value.strip()))
        return cls(default, tuple(pairs))

    def to_args(self) -> list[str]:
        """The command-line options that give back this visibility (`parse` reads them)."""
        args = ["--visibility", self.default]
        for pattern, value in self.overrides:
            args += ["--exercise-visibility", f"{pattern}={value}"]
        return args


def _check(value: str) -> None:
    if value not in VISIBILITIES:
        raise UsageError(_("unknown visibility {value}: choose from {choices}").format(
            value=repr(value), choices=", ".join(VISIBILITIES)))


def to_gradescope(report: Report, *, visibility: Visibility | None = None) -> str:
    """Gradescope's autograder `results.json`; all text shown as plain text, never rendered."""
    visibility = visibility or Visibility()
    tests = [{"name": it.name, "score": it.score, "max_score": it.max_score,
              "status": "passed" if it.status == "passed" else "failed",
              "output": it.message, "output_format": "text", "visibility": visibility.of(it.exercise)}
             for it in scoring_items(report)]
    summary = _("Total {score} on {device} (isolation: {isolation})").format(
        score=score_line(report), device=report.device, isolation=report.isolation)
    doc = {"score": report.score, "max_score": report.max_score, "execution_time": round(report.duration_s, 3),
           "output": summary, "output_format": "text", "test_output_format": "text", "test_name_format": "text",
           "visibility": visibility.default, "stdout_visibility": "hidden", "tests": tests}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
