"""The `gradescope` format: the `results.json` a Gradescope autograder writes.

One test per scoring item (`common.scoring_items`); every text field is declared `text`, so Gradescope
shows student output as written and renders none of it.
"""

from __future__ import annotations

import json

from grader.reports.common import score_line, scoring_items
from grader.results import Report


def to_gradescope(report: Report) -> str:
    """Gradescope's autograder `results.json`; all text shown as plain text, never rendered."""
    tests = [{"name": it.name, "score": it.score, "max_score": it.max_score,
              "status": "passed" if it.status == "passed" else "failed",
              "output": it.message, "output_format": "text", "visibility": "visible"}
             for it in scoring_items(report)]
    doc = {"score": report.score, "max_score": report.max_score, "execution_time": round(report.duration_s, 3),
           "output": f"Total {score_line(report)} on {report.device} (isolation: {report.isolation})",
           "output_format": "text", "test_output_format": "text", "visibility": "visible", "tests": tests}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
