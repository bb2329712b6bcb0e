"""The `text` format: what a student reads in a terminal or a CI log."""

from __future__ import annotations

from grader.render import table
from grader.reports.clean import one_line, printable
from grader.reports.common import failing_tests, format_points, score_line
from grader.results import Report


def to_text(report: Report) -> str:
    """A table of exercises, the messages of what failed, the total, the device and the isolation."""
    rows: list[list[object]] = [[one_line(e.name), f"{format_points(e.score)}/{format_points(e.max_score)}", e.status]
            for e in report.exercises]
    parts = [table(["exercise", "score", "status"], rows)]
    failing = failing_tests(report)
    if failing:
        parts.append("Problems:")
        for exercise, what, message in failing:
            body = message.strip().replace("\n", "\n      ")
            parts.append(f"  {one_line(exercise)} / {one_line(what)}:\n      {body}")
    parts.append(f"Total: {score_line(report)}")
    parts.append(f"Device: {report.device}   time: {report.duration_s:.1f} s"
                 + (f"   grader {report.grader_version}" if report.grader_version else "")
                 + f"   isolation: {report.isolation}")
    return printable("\n".join(parts[:1]) + "\n\n" + "\n".join(parts[1:])) + "\n"
