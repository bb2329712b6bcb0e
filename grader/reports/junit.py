"""The `junit` format: JUnit XML for CI test viewers (GitLab, Jenkins, test-report actions).

Every student-influenced string goes through `clean.xml_text` (characters XML 1.0 cannot carry are
shown as `\\xNN`); ElementTree escapes the markup characters itself.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.reports.clean import xml_text
from grader.reports.common import adds_up, check_text, format_points
from grader.results import Report


def to_junit(report: Report) -> str:
    """A testsuite per exercise (score in properties), a testcase per check."""
    root = ET.Element("testsuites", name="grade")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for e in report.exercises:
        suite = ET.SubElement(root, "testsuite", name=xml_text(e.name))
        props = ET.SubElement(suite, "properties")
        for key, value in (("score", format_points(e.score)), ("max_score", format_points(e.max_score)),
                           ("status", e.status)):
            ET.SubElement(props, "property", name=key, value=xml_text(value))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        cases: list[tuple[str, str, str, float, float]] = [
            (t.name, t.status, check_text(t.message, t.diagnosis, report.lang), t.score, t.max_score) for t in e.tests]
        if not adds_up(e) or (e.message and e.status not in ("passed", "partial")):
            # The exercise itself carries the verdict (missing file, forbidden call, crash on import).
            status = "passed" if e.status == "passed" else "error" if e.status == "error" else "failed"
            cases.append(("(exercise)", status, e.message or f"status: {e.status}", e.score, e.max_score))
        for name, status, message, score, max_score in cases:
            case = ET.SubElement(suite, "testcase", name=xml_text(name), classname=xml_text(e.name), time="0")
            counts["tests"] += 1
            if status == "error":
                counts["errors"] += 1
                tag = "error"
            elif status != "passed" or score < max_score - 1e-9:
                counts["failures"] += 1
                tag = "failure"
            else:
                continue
            first = message.strip().splitlines()[0] if message.strip() else status
            node = ET.SubElement(case, tag, message=xml_text(first[:500]), type=status)
            node.text = xml_text(f"{format_points(score)}/{format_points(max_score)} points\n{message}")
        for key, count in counts.items():
            suite.set(key, str(count))
            totals[key] += count
        suite.set("skipped", "0")
        suite.set("time", "0")
    for key, count in totals.items():
        root.set(key, str(count))
    root.set("time", f"{report.duration_s:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
