"""The one result vocabulary: plain records shared by answers, code exercises, reports and exams.

Words, each for one thing:
- an *answer* (to a question) is judged by a checker into an `AnswerResult` with a `Verdict`;
- a code *exercise* (one student function, `cnn.conv2d`) is scored from named *checks*
  (`grader.codegrade.model.Check`), each run on several *cases*; a graded check is a
  `CheckOutcome`, a graded exercise an `ExerciseOutcome`, both with a `Status`;
- a `Report` is a graded submission, the source of every report format.
Verdicts and statuses are string enums: they compare equal to, and serialise as, their values.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from grader import i18n


class _Word(str, Enum):
    """A string enum that prints as its value ("correct", never "Verdict.CORRECT")."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Verdict(_Word):
    """How an answer was judged."""

    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    INVALID = "invalid"  # could not be understood; never counted as a wrong attempt


class Status(_Word):
    """How a check or an exercise of a code submission came out.

    Checks are passed, failed or error (the student's code crashed, hung or was killed); exercises
    may also be partial, forbidden (a forbidden call was used) or missing (no file or function).
    """

    PASSED = "passed"
    PARTIAL = "partial"
    FAILED = "failed"
    ERROR = "error"
    FORBIDDEN = "forbidden"
    MISSING = "missing"


CHECK_STATUSES = (Status.PASSED, Status.FAILED, Status.ERROR)


class Isolation(_Word):
    """How a submission's code was contained, strongest first (see the README's "The sandbox").

    Every level kills the child's process group and session after grading; what else holds:
    """

    UID_NAMESPACES = "uid+namespaces"  # root: an unused uid of its own, and NAMESPACES
    NAMESPACES = "namespaces"  # PID 1 of fresh PID, mount, network, IPC (and user) namespaces
    UID = "uid"  # root without namespaces: every process of its unused uid is killed
    PROCESS_GROUP = "process-group"  # nothing else: a `setsid()` daemon outlives grading

    @classmethod
    def weakest(cls, levels: list[Isolation]) -> Isolation:
        """The weakest of `levels` (what a submission graded by several children got); the weakest
        of all when there are none."""
        order = list(cls)
        return max(levels, key=order.index, default=cls.PROCESS_GROUP)


@dataclass(frozen=True)
class AnswerResult:
    """The outcome of checking one answer.

    `score` is in points (0..max_score). `understood_as` shows back what the checker read (LaTeX for
    symbolic answers, the normalised number or letters otherwise). `warnings` never change the score.
    `mistake` is the listed mistake the answer was recognised as: its index in `Task.mistakes`.
    """

    verdict: Verdict
    score: float
    max_score: float
    feedback: str = ""
    understood_as: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    mistake: int | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["verdict"] = self.verdict.value
        d["warnings"] = list(self.warnings)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AnswerResult:
        """The inverse of `to_dict`, for a result that crossed a process boundary as JSON; raises
        ValueError / TypeError / KeyError for anything else."""
        understood = d.get("understood_as")
        return cls(
            verdict=Verdict(d["verdict"]),
            score=_number(d["score"]),
            max_score=_number(d["max_score"]),
            feedback=str(d.get("feedback", "")),
            understood_as=None if understood is None else str(understood),
            warnings=tuple(str(w) for w in d.get("warnings", ())),
            mistake=_index(d.get("mistake")),
        )


def _index(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(f"expected a mistake index, got {value!r}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return value  # an int stays an int: reports print points as the question declared them


def graded(fraction: float, max_score: float, *, feedback: str = "", understood_as: str | None = None,
           warnings: tuple[str, ...] = (), mistake: int | None = None) -> AnswerResult:
    """Build a result from a credit fraction in [0, 1]: 1 is correct, 0 incorrect, between is partial."""
    fraction = min(1.0, max(0.0, fraction))
    verdict = Verdict.CORRECT if fraction >= 1.0 else Verdict.INCORRECT if fraction <= 0.0 else Verdict.PARTIAL
    return AnswerResult(verdict, round(fraction * max_score, 6), max_score, feedback, understood_as, warnings,
                        mistake)


def invalid(message: str, max_score: float, *, understood_as: str | None = None) -> AnswerResult:
    return AnswerResult(Verdict.INVALID, 0.0, max_score, message, understood_as)


# ---------------------------------------------------------------------------------------------
# Code-exercise reports (schema "grade-report/1")


@dataclass
class CheckOutcome:
    """One named check of an exercise; `status` is one of CHECK_STATUSES.

    `diagnosis` names the known mistake the failing output matches (a spec's `Diagnosis` message),
    kept apart from `message` (what was observed) so that reports can show it prominently.
    """

    name: str
    score: float
    max_score: float
    status: Status
    message: str = ""
    diagnosis: str = ""

    def __post_init__(self) -> None:
        self.status = Status(self.status)


@dataclass
class ExerciseOutcome:
    """One student function, e.g. `cnn.conv2d`."""

    name: str
    score: float
    max_score: float
    status: Status
    tests: list[CheckOutcome] = field(default_factory=list)
    message: str = ""  # exercise-wide note: forbidden call, import failure, ...

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    def to_dict(self) -> dict:
        return asdict(self) | {"status": self.status.value,
                               "tests": [asdict(t) | {"status": t.status.value} for t in self.tests]}


@dataclass
class Report:
    """A graded submission. `to_dict()` is the JSON report every other format is derived from.

    `isolation` is how the student's code was contained; a report that does not say (written by an
    older grader, or built by hand) claims the weakest level. `student` and `commit` identify the
    submission (`identify`), `created` is when it was graded (ISO 8601), and `lang` the language
    its messages are written in: the current language when the report is made, unless given; every
    format writes its own labels in it too.
    """

    exercises: list[ExerciseOutcome]
    device: str
    duration_s: float
    grader_version: str = ""
    schema: str = "grade-report/1"
    isolation: Isolation = Isolation.PROCESS_GROUP
    student: str | None = None
    commit: str | None = None
    created: str = ""
    lang: str = field(default_factory=i18n.language)

    def __post_init__(self) -> None:
        self.isolation = Isolation(self.isolation)
        self.lang = i18n.normalize(self.lang) or "en"

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
            "isolation": self.isolation.value,
            "student": self.student,
            "commit": self.commit,
            "created": self.created,
            "lang": self.lang,
            "exercises": [e.to_dict() for e in self.exercises],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Report:
        exercises = [
            ExerciseOutcome(**{**e, "tests": [CheckOutcome(**t) for t in e.get("tests", [])]})
            for e in d["exercises"]
        ]
        student, commit = d.get("student"), d.get("commit")
        return cls(
            exercises, d["device"], d["duration_s"], d.get("grader_version", ""), d.get("schema", "grade-report/1"),
            Isolation(d.get("isolation", Isolation.PROCESS_GROUP)),
            student=None if student is None else str(student), commit=None if commit is None else str(commit),
            created=str(d.get("created", "")), lang=str(d.get("lang", "en")),
        )


# ---------------------------------------------------------------------------------------------
# Who and what was graded

GIT_TIMEOUT_S = 5.0
_NAME_LIMIT = 120  # characters of a student name kept in a report
_COMMIT = re.compile(r"[0-9a-f]{4,64}")


def identify(root: Path, student: str | None, *, trust_user_config: bool = False,
             ceiling: Path | None = None) -> tuple[str | None, str | None]:
    """(student, commit) of the submission at `root`: `student` when given (e.g. `--student`), else
    git's `user.name` (or `user.email`) for the repository holding `root`; the short hash of its
    HEAD. Either is None when unknown: no repository, no git, no identity configured.

    Only the repository's own configuration names the student, unless `trust_user_config`: then the
    user's global git configuration (~/.gitconfig) counts too. That is right where the student runs
    the grader on their own machine (`grade submit`: a clone's own configuration seldom has their
    name) and wrong where a grader runs on someone else's work (`grade batch`, Gradescope): there
    ~/.gitconfig is the grading machine's, and its user is not the student. `ceiling`: a folder git
    must not look for the repository in, nor above (`grade batch`'s SUBMISSIONS_DIR, so that a
    student folder without a repository of its own is not taken for the repository around it).

    The repository may be a student's, so git runs with nothing of its own that could act: no
    system configuration, no hooks or fsmonitor, no prompt, no pager, none of the caller's `GIT_*`
    variables (a `GIT_DIR` would point elsewhere), five seconds at most. Never raises.
    """
    from grader.reports.clean import plain_line

    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    if not trust_user_config:  # no global configuration, wherever this git looks for it
        env |= {"GIT_CONFIG_GLOBAL": os.devnull, "HOME": os.devnull}  # (git reads a missing file as empty)
        env.pop("XDG_CONFIG_HOME", None)
    if ceiling is not None:
        env["GIT_CEILING_DIRECTORIES"] = os.path.realpath(ceiling)
    name = " ".join(student.split()) if student else ""
    if not name:
        name = _git(root, env, "config", "user.name") or _git(root, env, "config", "user.email") or ""
    name = plain_line(" ".join(name.split()), _NAME_LIMIT)
    commit = _git(root, env, "rev-parse", "--short", "HEAD")
    return name or None, commit if commit and _COMMIT.fullmatch(commit) else None


def _git(root: Path, env: Mapping[str, str], *args: str) -> str | None:
    """The first line git prints for `args` in `root`, or None on any failure."""
    cmd = ["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "--no-pager",
           "-C", str(root), *args]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=GIT_TIMEOUT_S, env=dict(env), check=False,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    if done.returncode != 0:
        return None
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    return lines[0].strip() if lines else None
