"""The `markdown` format (`templates/report.md.j2`): for a job summary, a pull request or a file.

Student text reaches the page only through `clean.md_cell` (one escaped line) or `clean.md_fence`
(a code block no message can close).
"""

from __future__ import annotations

from grader.render import render_template
from grader.reports.common import template_context
from grader.results import Report


def to_markdown(report: Report) -> str:
    """The score, a table of exercises, what to fix (fenced) and a table of checks per exercise."""
    return render_template("report.md.j2", **template_context(report))
