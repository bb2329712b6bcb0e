"""The `html` format (`templates/report.html.j2`): one page to open in a browser or attach.

Student text is escaped by jinja's autoescape, which `grader.render` turns on for `*.html.j2`; the
page's Content-Security-Policy forbids scripts and external assets as a second line of defence.
"""

from __future__ import annotations

from grader.render import render_template
from grader.reports.common import template_context
from grader.results import Report


def to_html(report: Report) -> str:
    """One self-contained page (inline CSS, no scripts, no external assets), autoescaped."""
    return render_template("report.html.j2", **template_context(report))
