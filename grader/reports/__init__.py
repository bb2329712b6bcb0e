"""Reports of a graded submission: one module per output format, plus the cleaning of student text.

Every format is a function `Report -> str` derived from the JSON report (`Report.to_dict()`); none
adds facts of its own. `FORMATS` maps each format's name to its function; `render` and `write` are
the entry points.

- `text`, `json`, `markdown`, `html`, `junit`, `gradescope`, `classroom`: one module per format
  (`classroom` also explains how its payloads make GitHub's reporter agree with the grader);
- `common`: how points and percentages are written (`format_points`, `percent`, `score_line`),
  the scoring items of the flat formats, what a student should fix (`findings`: each message once,
  with the checks it covers; diagnoses apart), the labels in the report's language, the page
  templates' context; `text.print_report` is the `text` format on a rich console (colour, wrapping);
- `clean`: every rule for showing student text, one function per destination;
- `ci`: whether we run in a GitHub Actions job, or in any CI job.

May import: `grader.results`, `grader.render`, `grader.errors`. Never torch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from grader.errors import UsageError
from grader.i18n import _
from grader.reports import classroom, gradescope, html, json, junit, markdown, text
from grader.reports.ci import in_github_actions
from grader.reports.clean import stop_commands
from grader.reports.common import format_points, percent, score_line
from grader.results import Report

__all__ = ["FORMATS", "format_points", "percent", "render", "score_line", "write"]

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": text.to_text,
    "json": json.to_json,
    "markdown": markdown.to_markdown,
    "html": html.to_html,
    "junit": junit.to_junit,
    "gradescope": gradescope.to_gradescope,
    "classroom": classroom.to_classroom,
}


def render(report: Report, fmt: str) -> str:
    """The report in format `fmt` (one of FORMATS)."""
    try:
        return FORMATS[fmt](report)
    except KeyError:
        raise UsageError(_("unknown format {name}; choose from {formats}").format(
            name=repr(fmt), formats=", ".join(FORMATS))) from None


def write(report: Report, fmt: str, output: Path | None, *, allow_weak_isolation: bool = False) -> None:
    """Write the report in `fmt` to `output`, or to stdout when None.

    For `classroom`, stdout gets the readable table wrapped in `::stop-commands::` (it lands in the
    workflow log) followed by the payload, and when $GITHUB_OUTPUT is set the step outputs `result`,
    `earned` and `missed` are appended to it; in CI, nothing is written when only the process group
    contained the student's code, unless `allow_weak_isolation` (`classroom.refuse_weak_isolation`).
    The `text` format printed inside a GitHub Actions job is wrapped the same way, since it holds
    student-influenced messages; machine formats are not, so they stay parseable when redirected.
    """
    if fmt == "classroom":
        classroom.refuse_weak_isolation(report, allow=allow_weak_isolation)
    out = render(report, fmt)
    if fmt == "text" and output is None and in_github_actions():
        out = stop_commands(out)
    if fmt == "classroom":
        github_output = os.environ.get("GITHUB_OUTPUT")
        if github_output:
            with open(github_output, "a", encoding="utf-8") as fh:
                fh.write(classroom.github_output_lines(classroom.classroom_outputs(report)))
        if output is None:
            sys.stdout.write(stop_commands(text.to_text(report)))
        out += "\n"
    if output is None:
        sys.stdout.write(out)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(out, encoding="utf-8")
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {reason}").format(path=output, reason=exc.strerror or exc)) from None
