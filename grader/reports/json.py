"""The `json` format: `Report.to_dict()`, the one source every other format is derived from."""

from __future__ import annotations

import json

from grader.results import Report


def to_json(report: Report) -> str:
    """The report as indented JSON, non-ASCII text kept as written."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
