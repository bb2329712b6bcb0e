"""The `classroom` format: payloads for GitHub Classroom's autograding reporter.

## The two numbers GitHub's reporter computes

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
`max_score` = M), which Classroom alone would also score correctly; `grader.reports.write`
additionally sets the step outputs `earned` and `missed` (`classroom_outputs`) that the generated
workflow (`grader.codegrade.classroom`) feeds to the reporter. Each payload stays under 90 KiB (one
environment variable over ~128 KiB fails on Linux): messages are shortened first, then names, then
checks are merged per exercise.

## Who else could write the outputs

The step outputs are lines appended to the file named by $GITHUB_OUTPUT, which the runner reads
after the step. A process of the student's still alive then could append `earned=` / `missed=`
lines of its own. `grade_submission` returns only once the sandbox has killed everything the
submission started, which it can guarantee at every isolation level but `process-group` (no root,
no user namespaces): there a `setsid()` daemon escapes. So `grader.reports.write` refuses to write
classroom outputs in CI at that level (`refuse_weak_isolation`) unless the instructor opts in.

## Student text in the workflow log

The reporter prints our test names and error messages verbatim into the Actions log, so every name
and message goes through `clean.neutralize_commands` (no line of it can start a workflow command);
`grader.reports.write` wraps what it prints for people in `clean.stop_commands`.
"""

from __future__ import annotations

import base64
import json
import math
import uuid

from grader.errors import UsageError
from grader.i18n import _
from grader.reports.ci import in_ci
from grader.reports.clean import neutralize_commands, one_line
from grader.reports.common import Item, format_points, scoring_items
from grader.results import Isolation, Report

CLASSROOM_RUNNERS = ("earned", "missed")  # the reporter's `runners:` and the step outputs we set
CLASSROOM_LIMIT = 90 * 1024  # bytes of base64 per payload


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
    return {"name": neutralize_commands(one_line(name)), "status": status, "score": score,
            "message": neutralize_commands(message), "test_code": "", "line_no": 0}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def _merged(items: list[Item]) -> list[Item]:
    """One item per exercise (the last resort against a payload over the size limit)."""
    out = []
    for name in dict.fromkeys(it.exercise for it in items):
        group = [it for it in items if it.exercise == name]
        score, max_score = _js_sum([it.score for it in group]), _js_sum([it.max_score for it in group])
        status = "passed" if all(it.status == "passed" for it in group) else \
            "error" if any(it.status == "error" for it in group) else "failed"
        out.append(Item(name, name, score, max_score, status, ""))
    return out


def _exact_scores(scores: list[float], target: float) -> list[float]:
    """Scores rounded to 6 decimals, the last one nudged by the rounding residue (at most a few
    millionths) so that their left-to-right sum is exactly `target`, the report's score: Classroom
    then shows 'Points 42/50', not 41.99999999999."""
    scores = [round(s, 6) for s in scores]
    if not scores or _js_sum(scores) == target or abs(_js_sum(scores) - target) > 1e-5 + 1e-6 * len(scores):
        return scores
    last = target - _js_sum(scores[:-1])
    for _step in range(4):  # float subtraction may land one ulp off; walk towards the exact sum
        total = _js_sum([*scores[:-1], last])
        if total == target:
            return [*scores[:-1], last] if last > 0 else scores
        last = math.nextafter(last, math.inf if total < target else -math.inf)
    return scores


def _payloads(items: list[Item], score: float, max_score: float, *, message_limit: int,
              name_limit: int) -> dict[str, dict]:
    def test(it: Item, status: str, points: float, message: str) -> dict:
        name = f"{_clip(it.name, name_limit)} ({format_points(it.score)}/{format_points(it.max_score)})"
        return _classroom_test(name, status, points, _clip(message, message_limit))

    def lost(it: Item) -> bool:
        return it.score < it.max_score - 1e-9 or it.status != "passed"

    status = {"passed": "pass", "error": "error"}
    everything = [test(it, status.get(it.status, "fail"), it.score, it.message) for it in items]
    scoring = [it for it in items if it.score > 0]
    earned = [test(it, "pass", points, "") for it, points in
              zip(scoring, _exact_scores([it.score for it in scoring], score))]
    missed = [test(it, "error" if it.status == "error" else "fail", 0, it.message) for it in items if lost(it)]
    earned_max = _js_sum([t["score"] for t in earned])  # the very sum the reporter will form
    if not earned:
        earned = [_classroom_test(_("no points earned"), "fail", 0, "")]
    if not missed:
        missed = [_classroom_test(_("nothing missed"), "pass", 0, "")]
    if not everything:
        everything = [_classroom_test(_("no exercises"), "pass", 0, "")]
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
    items = list(scoring_items(report))
    max_score = report.max_score
    attempts = [(4000, 300), (1000, 200), (300, 120), (80, 80), (0, 60), (0, 30)]
    for merge in (False, True):
        use = _merged(items) if merge else items
        for message_limit, name_limit in attempts:
            payloads = _payloads(use, report.score, max_score, message_limit=message_limit, name_limit=name_limit)
            encoded = {k: _encode(v) for k, v in payloads.items()}
            if all(len(v) <= CLASSROOM_LIMIT for v in encoded.values()):
                return encoded
    raise UsageError(_("the report is too large for a GitHub Classroom payload even with one entry per exercise"))


def to_classroom(report: Report) -> str:
    """The single-runner payload (`result`), base64."""
    return classroom_outputs(report)["result"]


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


def refuse_weak_isolation(report: Report, *, allow: bool) -> None:
    """Raise UsageError in CI when only the process group contained the student's code (a daemon
    it started may outlive grading and forge the outputs), unless `allow` (the instructor's opt-in)."""
    if report.isolation == Isolation.PROCESS_GROUP and in_ci() and not allow:
        raise UsageError(_(
            "refusing to write GitHub Classroom outputs: the student's code was contained only by its process "
            "group (no root, no user namespaces), so a process it left running could forge them; run grade as "
            "root (sudo, as in the workflow `grade classroom init` writes) or pass --allow-weak-isolation"))
