"""Output formats for a graded submission: a name → function map over `Report`.

Every format is derived from the JSON report (`Report.to_dict()`); none of them adds facts of its
own. Student-influenced text (test messages, exercise notes, even names) is escaped for each target:
HTML-escaped in `html`, fenced in `markdown`, XML-escaped and stripped of characters XML 1.0 cannot
carry in `junit`, and made inert as GitHub workflow commands in `classroom`.

## The `classroom` format and the two numbers GitHub's reporter computes

`classroom-resources/autograding-grading-reporter@v1` reads one base64 JSON payload per *runner*
(`runners: a,b` → env `A_RESULTS`, `B_RESULTS`) and computes the score twice:

1. what Classroom records (the `Points X/Y` notice): X = Σ over runners with a truthy `max_score`
   of Σ tests[].score, Y = Σ max_score;
2. what the log table prints: per runner (number of tests with status "pass" / number of tests)
   × max_score, summed over runners.

With one runner per exercise and one test per check, (2) equals the true score only when every
check of an exercise weighs the same and no check earns partial credit — not true of our specs
(checks of 1, 2 and 3 points; partial scores). (2) can only express a fraction p/n of a runner's
`max_score`, so one runner cannot hold an arbitrary score either. But `max_score` travels in the
payload, not in the workflow, so two fixed runners are enough for any score S out of M:

- `earned`: `max_score` = S, one *passing* test per scoring item carrying the points it earned;
- `missed`: `max_score` = M − S, one *failing* (or erroring) test per item that lost points, each
  with score 0.

Then (1) = (Σ earned scores + 0) / (S + (M − S)) = S / M, and (2) = (n/n)·S + (0/m)·(M − S) = S.
`earned.max_score` is set to the very floating-point sum the reporter forms from the test scores
(same order, IEEE doubles like JavaScript), so the two numbers agree to the last bit, and they
equal `Report.score` up to its 6-decimal rounding. A runner never has an empty `tests` array (the
reporter would crash on `results.tests.length`, or print NaN): when nothing was earned or nothing
was missed the runner carries one placeholder test scoring 0 with `max_score` 0, which adds 0 to
both numbers. The workflow therefore does not depend on the exercise list and never needs
regenerating when a spec changes. A *scoring item* is a check of an exercise, or the exercise as a
whole when its score is not the sum of its checks (a forbidden call zeroes an exercise whose checks
passed; a missing file has no checks).

`render(report, "classroom")` returns the conventional single-runner payload (`result`: all items,
`max_score` = M), which Classroom alone would also score correctly; `write` additionally sets the
step outputs `earned` and `missed` that the generated workflow (`grader.codegrade.classroom`) feeds to the
reporter. Each payload stays under 90 KiB (one environment variable over ~128 KiB fails on Linux):
messages are shortened first, then names, then checks are merged per exercise.

## Keeping student text out of the workflow log as commands

The Actions runner treats a log line that starts (after blanks) with `::` as a workflow command, and
`##[` anywhere in a line as a legacy one; a student could print `::notice title=Autograding
complete::Points 100/100`. The reporter prints our test names and error messages verbatim, so every
line of embedded text has such openings broken (`: :`, `# #[`). What `write` prints to the log for
people is additionally wrapped in `::stop-commands::TOKEN` … `::TOKEN::` with a random token, as
GitHub's original autograding action did.
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
import secrets
import sys
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from grader.errors import UsageError
from grader.render import render_template, table
from grader.results import ExerciseOutcome, Report

CLASSROOM_RUNNERS = ("earned", "missed")  # the reporter's `runners:` and the step outputs we set
CLASSROOM_LIMIT = 90 * 1024  # bytes of base64 per payload


# ---------------------------------------------------------------------------------------------
# Shared helpers


def format_points(x: float) -> str:
    """Points as people write them: 4, 1.5, 0.33 (never 4.0 or 0.3333333)."""
    if not math.isfinite(x):
        return str(x)
    text = f"{round(x, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(score: float, max_score: float) -> float:
    return 100.0 * score / max_score if max_score else 0.0


def score_line(report: Report) -> str:
    """'42/50 (84.0%)' — the form used in commit messages, tables and summaries."""
    return (f"{format_points(report.score)}/{format_points(report.max_score)} "
            f"({percent(report.score, report.max_score):.1f}%)")


_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def neutralize_commands(text: str) -> str:
    """Break every opening the Actions runner reads as a workflow command: `::` at a line start
    (leading blanks are skipped by the runner) and the legacy `##[` anywhere. Line breaks of every
    kind become `\\n`, so no hidden separator can start a new log line behind our back."""
    lines = _LINE_BREAKS.split(text)
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith("::"):
            line = line[: len(line) - len(stripped)] + ": :" + stripped[2:]
        out.append(line.replace("##[", "# #["))
    return "\n".join(out)


def stop_commands(text: str, *, token: str | None = None) -> str:
    """Wrap log text so the runner executes no workflow command inside it."""
    token = token or secrets.token_hex(16)
    return f"::stop-commands::{token}\n{neutralize_commands(text)}\n::{token}::\n"


@dataclass(frozen=True)
class _Item:
    """One scoring unit for the flat formats (classroom, gradescope)."""

    exercise: str
    name: str  # "cnn.conv2d: shapes", or "cnn.conv2d" for an exercise-level item
    score: float
    max_score: float
    status: str  # passed / failed / error (the CheckOutcome vocabulary)
    message: str


def _consistent(e: ExerciseOutcome) -> bool:
    return bool(e.tests) and math.isclose(sum(t.score for t in e.tests), e.score, abs_tol=1e-6) \
        and math.isclose(sum(t.max_score for t in e.tests), e.max_score, abs_tol=1e-6)


def _items(report: Report) -> Iterator[_Item]:
    """Checks as items when they add up to their exercise's score, else the exercise as one item."""
    for e in report.exercises:
        if _consistent(e):
            for t in e.tests:
                status = t.status if t.status in ("passed", "failed", "error") else "failed"
                if status == "passed" and t.score < t.max_score - 1e-9:
                    status = "failed"  # partial credit on a check still lost points
                message = t.message
                if e.message:
                    message = f"{message}\n{e.message}".strip() if status != "passed" else message
                yield _Item(e.name, f"{e.name}: {t.name}", t.score, t.max_score, status, message)
        else:
            status = "passed" if e.status == "passed" and e.score >= e.max_score - 1e-9 else \
                "error" if e.status == "error" else "failed"
            notes = [e.message] if e.message else [f"status: {e.status}"]
            notes += [f"{t.name}: {t.message}" for t in e.tests if t.status != "passed" and t.message]
            yield _Item(e.name, e.name, e.score, e.max_score, status, "\n".join(notes))


def _failing_tests(report: Report) -> list[tuple[str, str, str]]:
    """(exercise, what, message) for everything a student should read about."""
    out = []
    for e in report.exercises:
        if e.message and e.status != "passed":
            out.append((e.name, e.status, e.message))
        for t in e.tests:
            # An exercise-wide message (not implemented, forbidden call) is said once, not per check.
            if (t.status != "passed" or t.score < t.max_score - 1e-9) and not (e.message and t.message == e.message):
                out.append((e.name, t.name, t.message or t.status))
    return out


# ---------------------------------------------------------------------------------------------
# text


def _one_line(text: str) -> str:
    return " ".join(text.split())


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """No terminal escape sequences from student output reach the reader's terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def to_text(report: Report) -> str:
    """A table of exercises, the messages of what failed, the total and the device."""
    rows = [[_one_line(e.name), f"{format_points(e.score)}/{format_points(e.max_score)}", e.status]
            for e in report.exercises]
    parts = [table(["exercise", "score", "status"], rows)]
    failing = _failing_tests(report)
    if failing:
        parts.append("Problems:")
        for exercise, what, message in failing:
            body = message.strip().replace("\n", "\n      ")
            parts.append(f"  {_one_line(exercise)} / {_one_line(what)}:\n      {body}")
    parts.append(f"Total: {score_line(report)}")
    parts.append(f"Device: {report.device}   time: {report.duration_s:.1f} s"
                 + (f"   grader {report.grader_version}" if report.grader_version else ""))
    return _printable("\n".join(parts[:1]) + "\n\n" + "\n".join(parts[1:])) + "\n"


# ---------------------------------------------------------------------------------------------
# json


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# markdown and html (templates/report.md.j2, templates/report.html.j2)


def _md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no pipes, no HTML, no emphasis, no links."""
    text = _one_line(text)
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~&])", r"\\\1", text)


def _md_fence(text: str) -> str:
    """A fenced code block whose fence is longer than any backtick or tilde run in `text`."""
    longest = max((len(m) for m in re.findall(r"`+|~+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def _template_context(report: Report) -> dict:
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
        "problems": [{"exercise": x, "what": w, "message": m} for x, w, m in _failing_tests(report)],
        "duration": f"{report.duration_s:.1f}",
        "md_cell": _md_cell,
        "md_fence": _md_fence,
    }


def to_markdown(report: Report) -> str:
    return render_template("report.md.j2", **_template_context(report))


def to_html(report: Report) -> str:
    """One self-contained page (inline CSS, no scripts, no external assets), autoescaped."""
    return render_template("report.html.j2", **_template_context(report))


# ---------------------------------------------------------------------------------------------
# junit

_XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Characters XML 1.0 cannot carry (NUL, ESC of colour codes, lone surrogates) shown as \\xNN."""
    return _XML_INVALID.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def to_junit(report: Report) -> str:
    """JUnit XML: a testsuite per exercise (score in properties), a testcase per check."""
    root = ET.Element("testsuites", name="grade")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for e in report.exercises:
        suite = ET.SubElement(root, "testsuite", name=_xml_text(e.name))
        props = ET.SubElement(suite, "properties")
        for key, value in (("score", format_points(e.score)), ("max_score", format_points(e.max_score)),
                           ("status", e.status)):
            ET.SubElement(props, "property", name=key, value=_xml_text(value))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        cases = [(t.name, t.status, t.message, t.score, t.max_score) for t in e.tests]
        if not _consistent(e) or (e.message and e.status not in ("passed", "partial")):
            # The exercise itself carries the verdict (missing file, forbidden call, crash on import).
            status = "passed" if e.status == "passed" else "error" if e.status == "error" else "failed"
            cases.append(("(exercise)", status, e.message or f"status: {e.status}", e.score, e.max_score))
        for name, status, message, score, max_score in cases:
            case = ET.SubElement(suite, "testcase", name=_xml_text(name), classname=_xml_text(e.name), time="0")
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
            node = ET.SubElement(case, tag, message=_xml_text(first[:500]), type=status)
            node.text = _xml_text(f"{format_points(score)}/{format_points(max_score)} points\n{message}")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
        suite.set("time", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{report.duration_s:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ---------------------------------------------------------------------------------------------
# gradescope


def to_gradescope(report: Report) -> str:
    """Gradescope's autograder `results.json`; all text shown as plain text, never rendered."""
    tests = [{"name": it.name, "score": it.score, "max_score": it.max_score,
              "status": "passed" if it.status == "passed" else "failed",
              "output": it.message, "output_format": "text", "visibility": "visible"}
             for it in _items(report)]
    doc = {"score": report.score, "max_score": report.max_score, "execution_time": round(report.duration_s, 3),
           "output": f"Total {score_line(report)} on {report.device}", "output_format": "text",
           "test_output_format": "text", "visibility": "visible", "tests": tests}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# classroom


def _runner_status(tests: list[dict]) -> str:
    statuses = {t["status"] for t in tests}
    return "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"


def _js_sum(values: list[float]) -> float:
    """Left-to-right double addition, exactly what `forEach(acc += score)` computes in JavaScript."""
    total = 0.0
    for v in values:
        total += v
    return total


def _classroom_test(name: str, status: str, score: float, message: str) -> dict:
    if status == "error":  # the reporter prints only the message of an erroring test, not its name
        message = f"{name}: {message}" if message else name
    return {"name": neutralize_commands(_one_line(name)), "status": status, "score": score,
            "message": neutralize_commands(message), "test_code": "", "line_no": 0}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def _merged(items: list[_Item]) -> list[_Item]:
    """One item per exercise (the last resort against a payload over the size limit)."""
    out = []
    for name in dict.fromkeys(it.exercise for it in items):
        group = [it for it in items if it.exercise == name]
        score, max_score = _js_sum([it.score for it in group]), _js_sum([it.max_score for it in group])
        status = "passed" if all(it.status == "passed" for it in group) else \
            "error" if any(it.status == "error" for it in group) else "failed"
        out.append(_Item(name, name, score, max_score, status, ""))
    return out


def _exact_scores(scores: list[float], target: float) -> list[float]:
    """Scores rounded to 6 decimals, the last one nudged by the rounding residue (at most a few
    millionths) so that their left-to-right sum is exactly `target`, the report's score: Classroom
    then shows 'Points 42/50', not 41.99999999999."""
    scores = [round(s, 6) for s in scores]
    if not scores or _js_sum(scores) == target or abs(_js_sum(scores) - target) > 1e-5 + 1e-6 * len(scores):
        return scores
    last = target - _js_sum(scores[:-1])
    for _ in range(4):  # float subtraction may land one ulp off; walk towards the exact sum
        total = _js_sum([*scores[:-1], last])
        if total == target:
            return [*scores[:-1], last] if last > 0 else scores
        last = math.nextafter(last, math.inf if total < target else -math.inf)
    return scores


def _payloads(items: list[_Item], score: float, max_score: float, *, message_limit: int,
              name_limit: int) -> dict[str, dict]:
    def test(it: _Item, status: str, points: float, message: str) -> dict:
        name = f"{_clip(it.name, name_limit)} ({format_points(it.score)}/{format_points(it.max_score)})"
        return _classroom_test(name, status, points, _clip(message, message_limit))

    def lost(it: _Item) -> bool:
        return it.score < it.max_score - 1e-9 or it.status != "passed"

    status = {"passed": "pass", "error": "error"}
    everything = [test(it, status.get(it.status, "fail"), it.score, it.message) for it in items]
    scoring = [it for it in items if it.score > 0]
    earned = [test(it, "pass", points, "") for it, points in
              zip(scoring, _exact_scores([it.score for it in scoring], score))]
    missed = [test(it, "error" if it.status == "error" else "fail", 0, it.message) for it in items if lost(it)]
    earned_max = _js_sum([t["score"] for t in earned])  # the very sum the reporter will form
    if not earned:
        earned = [_classroom_test("no points earned", "fail", 0, "")]
    if not missed:
        missed = [_classroom_test("nothing missed", "pass", 0, "")]
    if not everything:
        everything = [_classroom_test("no exercises", "pass", 0, "")]
    return {
        "result": {"version": 1, "status": _runner_status(everything), "max_score": max_score, "tests": everything},
        "earned": {"version": 1, "status": _runner_status(earned), "max_score": earned_max, "tests": earned},
        # M − S unrounded, so that the reporter's S + (M − S) gives back M
        "missed": {"version": 1, "status": _runner_status(missed), "max_score": max_score - earned_max,
                   "tests": missed},
    }


def _encode(payload: dict) -> str:
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return base64.b64encode(data.encode("utf-8")).decode("ascii")


def classroom_payloads(report: Report) -> dict[str, dict]:
    """The decoded payloads: `result` (single runner) and one per entry of CLASSROOM_RUNNERS."""
    return {name: json.loads(base64.b64decode(value)) for name, value in classroom_outputs(report).items()}


def classroom_outputs(report: Report) -> dict[str, str]:
    """Step outputs for GitHub Classroom: `result`, `earned`, `missed`, each base64 under 90 KiB."""
    items = list(_items(report))
    max_score = report.max_score
    attempts = [(4000, 300), (1000, 200), (300, 120), (80, 80), (0, 60), (0, 30)]
    for merge in (False, True):
        use = _merged(items) if merge else items
        for message_limit, name_limit in attempts:
            encoded = {k: _encode(v) for k, v in
                       _payloads(use, report.score, max_score, message_limit=message_limit, name_limit=name_limit).items()}
            if all(len(v) <= CLASSROOM_LIMIT for v in encoded.values()):
                return encoded
    raise UsageError("the report is too large for a GitHub Classroom payload even with one entry per exercise")


def to_classroom(report: Report) -> str:
    return classroom_outputs(report)["result"]


# ---------------------------------------------------------------------------------------------
# The map and the entry points

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": to_text,
    "json": to_json,
    "markdown": to_markdown,
    "html": to_html,
    "junit": to_junit,
    "gradescope": to_gradescope,
    "classroom": to_classroom,
}


def render(report: Report, fmt: str) -> str:
    """The report in format `fmt` (one of FORMATS)."""
    try:
        return FORMATS[fmt](report)
    except KeyError:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}") from None


def github_output_lines(outputs: dict[str, str]) -> str:
    """Lines for the file named by $GITHUB_OUTPUT; multi-line values use a random delimiter."""
    text = ""
    for name, value in outputs.items():
        if "\n" in value or "\r" in value:
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            text += f"{name}<<{delimiter}\n{value}\n{delimiter}\n"
        else:
            text += f"{name}={value}\n"
    return text


def write(report: Report, fmt: str, output: Path | None) -> None:
    """Write the report in `fmt` to `output`, or to stdout when None.

    For `classroom`, stdout gets the readable table wrapped in `::stop-commands::` (it lands in the
    workflow log) followed by the payload, and when $GITHUB_OUTPUT is set the step outputs `result`,
    `earned` and `missed` are appended to it. The `text` format printed inside a GitHub Actions job
    is wrapped the same way, since it holds student-influenced messages; machine formats are not,
    so they stay parseable when redirected.
    """
    text = render(report, fmt)
    if fmt == "text" and output is None and os.environ.get("GITHUB_ACTIONS") == "true":
        text = stop_commands(text)
    if fmt == "classroom":
        outputs = classroom_outputs(report)
        github_output = os.environ.get("GITHUB_OUTPUT")
        if github_output:
            with open(github_output, "a", encoding="utf-8") as fh:
                fh.write(github_output_lines(outputs))
        if output is None:
            sys.stdout.write(stop_commands(to_text(report)))
        text += "\n"
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
