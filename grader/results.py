"""Plain result records shared by the checkers, the exam tools and the reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Verdict(str, Enum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    INVALID = "invalid"  # could not be understood; never counted as a wrong attempt

    def __str__(self) -> str:  # so f-strings and JSON show "correct", not "Verdict.CORRECT"
        return self.value


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one answer.

    `score` is in points (0..max_score). `understood_as` shows back what the checker read (LaTeX for
    symbolic answers, the normalised number or letters otherwise). `warnings` never change the score.
    """

    verdict: Verdict
    score: float
    max_score: float
    feedback: str = ""
    understood_as: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["verdict"] = self.verdict.value
        d["warnings"] = list(self.warnings)
        return d


def graded(fraction: float, max_score: float, *, feedback: str = "", understood_as: str | None = None,
           warnings: tuple[str, ...] = ()) -> CheckResult:
    """Build a result from a credit fraction in [0, 1]: 1 is correct, 0 incorrect, between is partial."""
    fraction = min(1.0, max(0.0, fraction))
    verdict = Verdict.CORRECT if fraction >= 1.0 else Verdict.INCORRECT if fraction <= 0.0 else Verdict.PARTIAL
    return CheckResult(verdict, round(fraction * max_score, 6), max_score, feedback, understood_as, warnings)


def invalid(message: str, max_score: float, *, understood_as: str | None = None) -> CheckResult:
    return CheckResult(Verdict.INVALID, 0.0, max_score, message, understood_as)


# ---------------------------------------------------------------------------------------------
# Code-exercise reports (schema "grade-report/1")

TEST_STATUSES = ("passed", "failed", "error")  # error: the student's code crashed, hung or was killed
EXERCISE_STATUSES = ("passed", "partial", "failed", "error", "forbidden", "missing")


@dataclass
class TestOutcome:
    """One named check of an exercise."""

    name: str
    score: float
    max_score: float
    status: str
    message: str = ""


@dataclass
class ExerciseOutcome:
    """One student function, e.g. `cnn.conv2d`; `status` is one of EXERCISE_STATUSES."""

    name: str
    score: float
    max_score: float
    status: str
    tests: list[TestOutcome] = field(default_factory=list)
    message: str = ""  # exercise-wide note: forbidden call, import failure, ...


@dataclass
class Report:
    """A graded submission. `to_dict()` is the JSON report every other format is derived from."""

    exercises: list[ExerciseOutcome]
    device: str
    duration_s: float
    grader_version: str = ""
    schema: str = "grade-report/1"

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.exercises), 6)

    @property
    def max_score(self) -> float:
        return round(sum(e.max_score for e in self.exercises), 6)

    def to_dict(self) -> dict:
        return {
            "schema": self.schema,
            "score": self.score,
            "max_score": self.max_score,
            "device": self.device,
            "duration_s": round(self.duration_s, 3),
            "grader_version": self.grader_version,
            "exercises": [asdict(e) for e in self.exercises],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Report:
        exercises = [
            ExerciseOutcome(**{**e, "tests": [TestOutcome(**t) for t in e.get("tests", [])]})
            for e in d["exercises"]
        ]
        return cls(exercises, d["device"], d["duration_s"], d.get("grader_version", ""), d.get("schema", "grade-report/1"))
