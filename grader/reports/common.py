"""What several formats share: how points and percentages are written, the scoring items of the
flat formats, the list of what a student should fix, and the context of the two page templates.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from grader.reports import clean
from grader.results import CHECK_STATUSES, ExerciseOutcome, Report


def format_points(x: float) -> str:
    """Points as people write them: 4, 1.5, 0.33 (never 4.0 or 0.3333333)."""
    if not math.isfinite(x):
        return str(x)
    text = f"{round(x, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(score: float, max_score: float) -> float:
    """`score` as a percentage of `max_score`; 0.0 when there is nothing to earn.

    The one rule for every report, the gradebook and `--fail-under`: a submission with no points
    available has earned none of them, so it shows as `0/0 (0.0%)` and fails any threshold above 0.
    Calling that 100% would let a grading setup that found nothing to grade pass a CI gate.
    """
    return 100.0 * score / max_score if max_score else 0.0


def score_line(report: Report) -> str:
    """'42/50 (84.0%)' — the form used in commit messages, tables and summaries."""
    return (f"{format_points(report.score)}/{format_points(report.max_score)} "
            f"({percent(report.score, report.max_score):.1f}%)")


@dataclass(frozen=True)
class Item:
    """One scoring item of the flat formats (classroom, gradescope): a check of an exercise, or the
    exercise as a whole when its score is not the sum of its checks."""

    exercise: str
    name: str  # "cnn.conv2d: shapes", or "cnn.conv2d" for an exercise-level item
    score: float
    max_score: float
    status: str  # passed / failed / error (the CHECK_STATUSES vocabulary)
    message: str


def adds_up(e: ExerciseOutcome) -> bool:
    """Whether the exercise's score and maximum are the sums of its checks' (no forbidden call
    zeroed it, no missing file left it without checks)."""
    return bool(e.tests) and math.isclose(sum(t.score for t in e.tests), e.score, abs_tol=1e-6) \
        and math.isclose(sum(t.max_score for t in e.tests), e.max_score, abs_tol=1e-6)


def scoring_items(report: Report) -> Iterator[Item]:
    """Checks as items when they add up to their exercise's score, else the exercise as one item."""
    for e in report.exercises:
        if adds_up(e):
            for t in e.tests:
                status = t.status if t.status in CHECK_STATUSES else "failed"
                if status == "passed" and t.score < t.max_score - 1e-9:
                    status = "failed"  # partial credit on a check still lost points
                message = t.message
                if e.message:
                    message = f"{message}\n{e.message}".strip() if status != "passed" else message
                yield Item(e.name, f"{e.name}: {t.name}", t.score, t.max_score, status, message)
        else:
            status = "passed" if e.status == "passed" and e.score >= e.max_score - 1e-9 else \
                "error" if e.status == "error" else "failed"
            notes = [e.message] if e.message else [f"status: {e.status}"]
            notes += [f"{t.name}: {t.message}" for t in e.tests if t.status != "passed" and t.message]
            yield Item(e.name, e.name, e.score, e.max_score, status, "\n".join(notes))


def failing_tests(report: Report) -> list[tuple[str, str, str]]:
    """(exercise, what, message) for everything a student should read about."""
    out: list[tuple[str, str, str]] = []
    for e in report.exercises:
        if e.message and e.status != "passed":
            out.append((e.name, e.status, e.message))
        for t in e.tests:
            # An exercise-wide message (not implemented, forbidden call) is said once, not per check.
            if (t.status != "passed" or t.score < t.max_score - 1e-9) and not (e.message and t.message == e.message):
                out.append((e.name, t.name, t.message or t.status))
    return out


def template_context(report: Report) -> dict:
    """What `report.md.j2` and `report.html.j2` read: the report with every number already written."""
    return {
        "report": report,
        "score": format_points(report.score),
        "max_score": format_points(report.max_score),
        "percent": f"{percent(report.score, report.max_score):.1f}",
        "exercises": [
            {"name": e.name, "score": format_points(e.score), "max_score": format_points(e.max_score),
             "status": e.status, "message": e.message,
             "tests": [{"name": t.name, "score": format_points(t.score), "max_score": format_points(t.max_score),
                        "status": t.status, "message": t.message} for t in e.tests]}
            for e in report.exercises
        ],
        "problems": [{"exercise": x, "what": w, "message": m} for x, w, m in failing_tests(report)],
        "duration": f"{report.duration_s:.1f}",
        "md_cell": clean.md_cell,
        "md_fence": clean.md_fence,
    }
